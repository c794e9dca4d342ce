import type { SchedulingErrorCode } from './errors.js';

/**
 * How an HTTP API can answer one {@link SchedulingErrorCode}: the response `status`, and a short,
 * fixed `title` for an RFC 9457 problem details body (`application/problem+json`), the same for
 * every occurrence of the code (the error's `message` is the place for the particulars).
 *
 * @example
 * ```ts
 * import type { SchedulingErrorHttp } from 'clinic-slots';
 * const notFound: SchedulingErrorHttp = { status: 404, title: 'No such doctor' };
 * ```
 */
export interface SchedulingErrorHttp {
  /** The HTTP status code of the response. */
  readonly status: number;
  /** The problem's `title`: a summary of the kind of problem, for people. */
  readonly title: string;
}

const answer = <S extends number>(status: S, title: string): Readonly<{ status: S; title: string }> => Object.freeze({ status, title });

/**
 * The HTTP status and problem+json title of every error code, so a host does not have to keep
 * its own table. The rule: malformed input is 400; well-formed input the booking rules refuse is
 * 422; a missing doctor or appointment is 404; a clash with the current state (a taken slot, a
 * stale version, a finished appointment, appointments in the way) is 409; storage trouble is 503
 * (retry later). The example HTTP API answers with exactly these; the errors guide lists them
 * with what a client should do about each.
 *
 * @example
 * ```ts
 * import { SCHEDULING_ERROR_HTTP, isSchedulingError } from 'clinic-slots';
 *
 * // The problem details body of an error a scheduler call threw.
 * function problemOf(error: unknown): { status: number; title: string; code: string; detail: string } {
 *   if (!isSchedulingError(error)) return { status: 500, title: 'Internal server error', code: 'INTERNAL_ERROR', detail: '' };
 *   const { status, title } = SCHEDULING_ERROR_HTTP[error.code];
 *   // A storage failure's message speaks of the database: log it, do not send it.
 *   const detail = error.code === 'STORAGE_FAILED' ? 'Retry later.' : error.message;
 *   return { status, title, code: error.code, detail };
 * }
 * SCHEDULING_ERROR_HTTP.SLOT_TAKEN; // { status: 409, title: 'The slot is taken' }
 * ```
 */
export const SCHEDULING_ERROR_HTTP = Object.freeze({
  VALIDATION_FAILED: answer(400, 'The request is malformed'),
  DOCTOR_NOT_FOUND: answer(404, 'No such doctor'),
  APPOINTMENT_NOT_FOUND: answer(404, 'No such appointment'),
  LOCATION_NOT_SERVED: answer(422, 'The doctor is not seen at that location then'),
  SLOT_NOT_OFFERED: answer(422, 'That start is not a published slot'),
  SLOT_TAKEN: answer(409, 'The slot is taken'),
  TOO_LATE: answer(422, 'Too late to book that slot'),
  BEYOND_HORIZON: answer(422, 'That slot is beyond the booking horizon'),
  NOT_ACTIVE: answer(409, 'The appointment does not allow that change'),
  IDEMPOTENCY_MISMATCH: answer(422, 'The idempotency key was used for a different request'),
  CONFLICT: answer(409, 'The resource changed or already exists'),
  DOCTOR_HAS_APPOINTMENTS: answer(409, 'There are future appointments'),
  HOLD_NOT_FOUND: answer(404, 'No such hold'),
  HOLD_EXPIRED: answer(409, 'The hold has expired'),
  PATIENT_BUSY: answer(409, 'The patient has another appointment then'),
  STORAGE_FAILED: answer(503, 'The storage is unavailable'),
}) satisfies Readonly<Record<SchedulingErrorCode, SchedulingErrorHttp>>;
