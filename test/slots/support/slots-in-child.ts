/**
 * Runs generateSlots on the scenarios read from stdin (JSON) and writes the answers to stdout:
 * run in a child process with another TZ by test/slots/host-tz.test.ts.
 */
import { readFileSync } from 'node:fs';
import { generateSlots, type SlotGenerationInput } from '../../../src/index.js';

const scenarios = JSON.parse(readFileSync(0, 'utf8')) as SlotGenerationInput[];
process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, answers: scenarios.map((s) => generateSlots(s)) }));
