import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSlots } from 'clinic-slots';
import { scenarioArb } from './arbitraries.js';

const child = fileURLToPath(new URL('./support/slots-in-child.ts', import.meta.url));

describe('generateSlots and the host time zone', () => {
  const scenarios = fc.sample(scenarioArb, { numRuns: 60, seed: 20270314 });
  const here = JSON.parse(JSON.stringify(scenarios.map((s) => generateSlots(s)))) as unknown;

  it.each(['Pacific/Chatham', 'America/St_Johns', 'Australia/Lord_Howe'])('gives the same slots in a process whose TZ is %s', (tz) => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', child], {
      input: JSON.stringify(scenarios),
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const { tz: seen, answers } = JSON.parse(output) as { tz: string; answers: unknown };
    expect(seen).toBe(tz); // the child really runs in that zone
    expect(answers).toEqual(here);
    expect((answers as unknown[][]).some((a) => a.length > 0)).toBe(true);
  });
});
