import { SchedulingError } from '../domain/errors.js';
import { InstantSchema } from '../schemas/primitives.js';

/**
 * Where the library learns the current time. Nothing in the core reads the system clock: minimum
 * notice, horizons and timestamps all come from the `Clock` the host passes in, so tests can fix it.
 *
 * @example
 * ```ts
 * import type { Clock } from 'clinic-slots';
 * const clock: Clock = { now: () => new Date('2027-01-04T08:00:00Z') };
 * ```
 */
export interface Clock {
  /** The current instant. Called once per operation. */
  now(): Date;
}

/**
 * The clock of the machine: `new Date()`.
 *
 * @example
 * ```ts
 * import { systemClock } from 'clinic-slots';
 * systemClock.now(); // the current instant
 * ```
 */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** The instants a clock may say: from 1970 to the start of 9999, as {@link InstantSchema} allows. */
const EARLIEST_MS = 0;
const END_MS = Date.UTC(9999, 0, 1);

const inRange = (ms: number): boolean => ms >= EARLIEST_MS && ms < END_MS;

/** The epoch milliseconds of an instant given as an ISO 8601 string or a Date, or undefined. */
function instantMs(at: unknown): number | undefined {
  let ms = Number.NaN;
  try {
    if (typeof at === 'string') {
      if (InstantSchema.safeParse(at).success) ms = Date.parse(at);
    } else if (at instanceof Date) {
      ms = at.getTime();
    }
  } catch {
    // A proxy or a Date subclass that throws: not an instant.
  }
  return inRange(ms) ? ms : undefined;
}

/** A short, safe description of a bad value for a message (never calls the value's own methods). */
function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

function notAnInstant(what: string, value: unknown): SchedulingError {
  return new SchedulingError(
    'VALIDATION_FAILED',
    `${what}: expected an ISO 8601 instant with Z or an offset, or a valid Date, from 1970 to 9999; got ${describeValue(value)}`,
  );
}

/**
 * A clock that always says the same instant, or whatever the test last set it to.
 *
 * The instant is an ISO 8601 date-time with `Z` or an offset (as {@link InstantSchema} accepts:
 * a string without an offset would mean the host's local time) or a valid `Date`, from 1970 to
 * 9999.
 *
 * @param at - the instant to start at (an ISO 8601 string or a `Date`)
 * @returns a clock with `set` and `advance` to move it; each throws `VALIDATION_FAILED` (and
 *   leaves the clock where it was) for a value that is not an instant, or a move out of range
 * @throws SchedulingError `VALIDATION_FAILED` when `at` is not an instant from 1970 to 9999
 *
 * @example
 * ```ts
 * import { fixedClock } from 'clinic-slots';
 * const clock = fixedClock('2027-01-04T08:00:00Z');
 * clock.advance(60_000);
 * clock.now().toISOString(); // '2027-01-04T08:01:00.000Z'
 * ```
 */
export function fixedClock(at: string | Date): Clock & {
  /**
   * Moves the clock to an instant (an ISO 8601 string or a `Date`).
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `at` is not an instant from 1970 to 9999
   */
  set(at: string | Date): void;
  /**
   * Moves the clock forward by `ms` milliseconds (backward when negative).
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `ms` is not a finite number, or the clock
   *   would leave the years 1970 to 9999
   */
  advance(ms: number): void;
} {
  const start = instantMs(at);
  if (start === undefined) throw notAnInstant('fixedClock', at);
  let current = start;
  return {
    now: () => new Date(current),
    set(next) {
      const ms = instantMs(next);
      if (ms === undefined) throw notAnInstant('fixedClock.set', next);
      current = ms;
    },
    advance(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) {
        throw new SchedulingError('VALIDATION_FAILED', `fixedClock.advance: expected a finite number of milliseconds; got ${describeValue(ms)}`);
      }
      if (!inRange(current + ms)) {
        throw new SchedulingError('VALIDATION_FAILED', `fixedClock.advance: moving by ${ms} ms would leave the years 1970 to 9999`);
      }
      current = current + ms;
    },
  };
}
