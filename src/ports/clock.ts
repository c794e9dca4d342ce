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

/**
 * A clock that always says the same instant, or whatever the test last set it to.
 *
 * @param at - the instant to start at (an ISO 8601 string or a `Date`)
 * @returns a clock with `set` and `advance` to move it
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
  /** Moves the clock to an instant (an ISO 8601 string or a `Date`). */
  set(at: string | Date): void;
  /** Moves the clock forward by `ms` milliseconds (backward when negative). */
  advance(ms: number): void;
} {
  let current = new Date(at).getTime();
  if (Number.isNaN(current)) throw new TypeError(`fixedClock: not an instant: ${String(at)}`);
  return {
    now: () => new Date(current),
    set(next) {
      const ms = new Date(next).getTime();
      if (Number.isNaN(ms)) throw new TypeError(`fixedClock: not an instant: ${String(next)}`);
      current = ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}
