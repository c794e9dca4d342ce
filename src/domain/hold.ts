/**
 * The hold lifecycle. A hold takes a published start for a short time (a patient filling in a
 * form): `held` until it is `released`, `confirmed` into an appointment, or `expired` (past its
 * `expiresAt`). A `held` hold past its `expiresAt` is expired whether or not a write has marked it
 * so yet: time alone frees it.
 *
 * @packageDocumentation
 */

import { SchedulingError } from './errors.js';

/**
 * The statuses of a hold, as stored. FHIR's Slot says `busy-tentative` for a live hold.
 *
 * @example
 * ```ts
 * import { HOLD_STATUSES } from 'clinic-slots';
 * HOLD_STATUSES.includes('confirmed'); // true
 * ```
 */
export const HOLD_STATUSES = ['held', 'released', 'confirmed', 'expired'] as const;

/**
 * A hold status; see {@link HOLD_STATUSES}.
 *
 * @example
 * ```ts
 * import type { HoldStatus } from 'clinic-slots';
 * const status: HoldStatus = 'held';
 * ```
 */
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Whether a hold holds its time at an instant: `held`, and `at` before its `expiresAt`.
 *
 * @param hold - the hold's status and expiry (a normalised instant)
 * @param at - the instant, normalised
 * @returns true when it is live then
 * @throws SchedulingError `VALIDATION_FAILED` when `hold` has no status and expiry, or `at` is not a string
 *
 * @example
 * ```ts
 * import { isLiveHold } from 'clinic-slots';
 * isLiveHold({ status: 'held', expiresAt: '2027-01-04T09:10:00.000Z' }, '2027-01-04T09:05:00.000Z'); // true
 * isLiveHold({ status: 'held', expiresAt: '2027-01-04T09:10:00.000Z' }, '2027-01-04T09:10:00.000Z'); // false
 * ```
 */
export function isLiveHold(hold: { readonly status: HoldStatus; readonly expiresAt: string }, at: string): boolean {
  let status: unknown;
  let expiresAt: unknown;
  try {
    ({ status, expiresAt } = hold);
  } catch (cause) {
    throw new SchedulingError('VALIDATION_FAILED', 'isLiveHold: the hold could not be read', { cause });
  }
  if (!(HOLD_STATUSES as readonly unknown[]).includes(status) || typeof expiresAt !== 'string' || typeof at !== 'string') {
    throw new SchedulingError('VALIDATION_FAILED', 'isLiveHold: expected a hold with a status and an expiresAt, and an instant');
  }
  return status === 'held' && at < expiresAt;
}
