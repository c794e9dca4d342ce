import type { z } from 'zod';
import { SchedulingError } from '../domain/errors.js';

/**
 * Validates `input` against `schema`; returns the parsed output or throws `VALIDATION_FAILED`
 * with zod's issues attached. Never lets a ZodError or a TypeError escape.
 *
 * @internal
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  let result: ReturnType<S['safeParse']>;
  try {
    result = schema.safeParse(input) as ReturnType<S['safeParse']>;
  } catch (cause) {
    // A getter or proxy in the input threw while zod read it.
    throw new SchedulingError('VALIDATION_FAILED', `invalid ${what}: it could not be read`, { cause });
  }
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    throw new SchedulingError('VALIDATION_FAILED', `invalid ${what}${where}: ${first?.message ?? 'invalid'}`, { issues });
  }
  return result.data as z.output<S>;
}
