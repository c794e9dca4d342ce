import { SchedulingError } from '../../domain/errors.js';
import { errorCode } from '../shared/driver.js';
import * as refusals from '../shared/refusals.js';
import { CLAIM_OVERLAP_MESSAGE } from './sqlite-migrations.js';

/**
 * Whether a driver error is the claim trigger refusing a live claim that overlaps another.
 *
 * @internal
 */
export function isClaimOverlap(error: unknown): boolean {
  return errorCode(error) === 'SQLITE_CONSTRAINT_TRIGGER' && error instanceof Error && error.message.includes(CLAIM_OVERLAP_MESSAGE);
}

/**
 * A `STORAGE_FAILED` error that explains what could not be done, with the driver error as its
 * `cause`. A lock held beyond the busy timeout says so.
 *
 * @internal
 */
export function storageFailed(what: string, cause: unknown): SchedulingError {
  const code = errorCode(cause);
  const why = code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')
    ? 'the database stayed locked beyond the busy timeout'
    : `the database failed${code === undefined ? '' : ` (${code})`}`;
  return refusals.storageFailed(what, why, cause);
}

/**
 * Turns whatever a write threw into a `SchedulingError`: our own refusals pass through; a
 * constraint the checks in JavaScript should have caught first is mapped to its code (the
 * claim trigger to `SLOT_TAKEN`, a taken id or idempotency key to `CONFLICT`); anything else
 * is `STORAGE_FAILED`.
 *
 * @internal
 */
export function toSchedulingError(error: unknown, what: string): SchedulingError {
  if (error instanceof SchedulingError) return error;
  const code = errorCode(error);
  if (isClaimOverlap(error)) {
    return new SchedulingError('SLOT_TAKEN', 'a live claim holds that time', { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new SchedulingError('CONFLICT', 'the id or idempotency key is taken', { cause: error, details: { kind: 'already-exists' } });
  }
  return storageFailed(what, error);
}
