import { z } from 'zod';
import { parseInput } from '../schemas/parse.js';
import type { ConformanceOptions } from './conformance-options.js';

const isFunction = (value: unknown): boolean => typeof value === 'function';
const aFunction = (what: string) => z.custom<(...args: never[]) => unknown>(isFunction, `${what} must be a function`);

const RUNNER_HINT = "must be the test runner's { describe, it }, for example imported from 'vitest' or 'node:test'";

/** What every group of the kit accepts as options (the runner's own members are only checked to be functions). */
const ConformanceOptionsSchema = z.object({
  name: z.string().min(1, 'name must not be empty'),
  create: aFunction('create'),
  test: z.object({ describe: z.custom(isFunction, RUNNER_HINT), it: z.custom(isFunction, RUNNER_HINT) }, { error: RUNNER_HINT }),
  numRuns: z.number().int().positive().optional(),
  timeout: z.number().int().positive().optional(),
  replay: z
    .object({ property: z.string(), seed: z.number().int(), path: z.string(), replayPath: z.string().optional() })
    .optional(),
});

/**
 * Checks the options of a group of the kit before it registers anything.
 *
 * @param group - the name of the group's function, for the message
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions}
 * @internal
 */
export function checkConformanceOptions(options: ConformanceOptions, group: string): void {
  parseInput(ConformanceOptionsSchema, options, `options of ${group}`);
}
