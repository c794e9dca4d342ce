import { SchedulingError } from '../../domain/errors.js';
import { errorCode } from '../shared/driver.js';
import { storageFailed } from '../shared/refusals.js';

/** SQLSTATEs after which running the whole operation again may succeed. */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * The SQLSTATE of a server error, if `error` is one.
 *
 * @internal
 */
export const sqlState: (error: unknown) => string | undefined = errorCode;

/**
 * Whether running the whole operation again may cure `error`: a serialization failure (40001)
 * or a deadlock (40P01).
 *
 * @internal
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof SchedulingError) return false;
  const state = sqlState(error);
  return state !== undefined && RETRYABLE.has(state);
}

/** SQLSTATEs of a constraint refusing a row that another transaction committed first. */
const RACES = new Set([
  '23P01', // exclusion_violation: a live claim in the way
  '23505', // unique_violation: an id or idempotency key taken
]);

/**
 * Whether a write's one statement failed because a row committed after it started was in its
 * way: the constraints caught what the statement's own reads could not see yet. Running the
 * statement again sees that row, and answers with the refusal it makes.
 *
 * @internal
 */
export function isRace(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RACES.has(state);
}

/**
 * Turns whatever an operation threw into a `SchedulingError`: the adapter's own refusals pass
 * through; an exclusion violation (23P01) is `SLOT_TAKEN`; anything else is `STORAGE_FAILED`, with
 * the driver's error as `cause`.
 *
 * @internal
 */
export function toSchedulingError(error: unknown, what: string): SchedulingError {
  if (error instanceof SchedulingError) return error;
  const state = sqlState(error);
  if (state === '23P01') {
    return new SchedulingError('SLOT_TAKEN', `${what}: a live claim overlaps that time`, { cause: error });
  }
  return storageFailed(what, `the database failed${state === undefined ? '' : ` (SQLSTATE ${state})`}`, error);
}
