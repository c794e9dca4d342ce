import type { SchedulingErrorCode } from '../domain/errors.js';
import type { Scheduler } from './types.js';

const codes = <const C extends readonly SchedulingErrorCode[]>(...list: C): Readonly<C> => Object.freeze(list);

/** The codes of a change to a doctor that only reads and writes that doctor. */
const DOCTOR_CHANGE = codes('VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'CONFLICT', 'STORAGE_FAILED');
/** The codes of a move along the appointment lifecycle. */
const STATUS_CHANGE = codes('VALIDATION_FAILED', 'APPOINTMENT_NOT_FOUND', 'NOT_ACTIVE', 'STORAGE_FAILED');

/**
 * The error contract of the {@link Scheduler}, as data: for each method, every code it may
 * reject with, in the order of `SCHEDULING_ERROR_CODES`. A method rejects with no other code, and
 * always with a `SchedulingError`. The `@throws` lines of each method's documentation say when it
 * gives each code; the docs and this map are checked against each other.
 *
 * Every method may give `VALIDATION_FAILED` (bad input) and `STORAGE_FAILED` (the repository,
 * the clock or `newId` failed). `book`, `reschedule` and `hold` give `CONFLICT` only when the
 * doctor changed 8 times in a row while the call was judging it, or when the host's `newId`
 * returned the id of an existing appointment (or hold); `confirmHold` only for the latter. A
 * retry is then safe. `PATIENT_BUSY` comes only from a scheduler made with `patientConflicts`.
 *
 * The object and its lists are frozen.
 *
 * @example
 * ```ts
 * import { SCHEDULER_ERROR_CODES_BY_METHOD, isSchedulingError, type SchedulerErrorCodeOf } from 'clinic-slots';
 *
 * SCHEDULER_ERROR_CODES_BY_METHOD.getDoctor; // ['VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'STORAGE_FAILED']
 *
 * // A host that maps every code a call can give, and is told by the compiler when one is added:
 * type CancelCode = SchedulerErrorCodeOf<'cancel'>;
 * const messages: Record<CancelCode, string> = {
 *   VALIDATION_FAILED: 'That is not an appointment id.',
 *   APPOINTMENT_NOT_FOUND: 'No such appointment.',
 *   NOT_ACTIVE: 'The appointment is not booked any more.',
 *   STORAGE_FAILED: 'Please try again in a moment.',
 * };
 * const explain = (error: unknown) => (isSchedulingError(error) ? messages[error.code as CancelCode] : undefined);
 * ```
 */
export const SCHEDULER_ERROR_CODES_BY_METHOD = Object.freeze({
  createDoctor: codes('VALIDATION_FAILED', 'CONFLICT', 'STORAGE_FAILED'),
  getDoctor: codes('VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'STORAGE_FAILED'),
  listDoctors: codes('VALIDATION_FAILED', 'STORAGE_FAILED'),
  updateDoctor: DOCTOR_CHANGE,
  removeDoctor: codes('VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'CONFLICT', 'DOCTOR_HAS_APPOINTMENTS', 'STORAGE_FAILED'),
  addLocation: DOCTOR_CHANGE,
  removeLocation: codes(
    'VALIDATION_FAILED',
    'DOCTOR_NOT_FOUND',
    'LOCATION_NOT_SERVED',
    'CONFLICT',
    'DOCTOR_HAS_APPOINTMENTS',
    'STORAGE_FAILED',
  ),
  setWeeklySchedule: DOCTOR_CHANGE,
  setOverrides: DOCTOR_CHANGE,
  setBookingRules: DOCTOR_CHANGE,
  findAvailableSlots: codes('VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'LOCATION_NOT_SERVED', 'STORAGE_FAILED'),
  book: codes(
    'VALIDATION_FAILED',
    'DOCTOR_NOT_FOUND',
    'LOCATION_NOT_SERVED',
    'SLOT_NOT_OFFERED',
    'SLOT_TAKEN',
    'TOO_LATE',
    'BEYOND_HORIZON',
    'IDEMPOTENCY_MISMATCH',
    'CONFLICT',
    'PATIENT_BUSY',
    'STORAGE_FAILED',
  ),
  getAppointment: codes('VALIDATION_FAILED', 'APPOINTMENT_NOT_FOUND', 'STORAGE_FAILED'),
  listAppointments: codes('VALIDATION_FAILED', 'STORAGE_FAILED'),
  cancel: STATUS_CHANGE,
  reschedule: codes(
    'VALIDATION_FAILED',
    'DOCTOR_NOT_FOUND',
    'APPOINTMENT_NOT_FOUND',
    'LOCATION_NOT_SERVED',
    'SLOT_NOT_OFFERED',
    'SLOT_TAKEN',
    'TOO_LATE',
    'BEYOND_HORIZON',
    'NOT_ACTIVE',
    'CONFLICT',
    'PATIENT_BUSY',
    'STORAGE_FAILED',
  ),
  markFulfilled: STATUS_CHANGE,
  markNoShow: STATUS_CHANGE,
  markEnteredInError: STATUS_CHANGE,
  hold: codes(
    'VALIDATION_FAILED',
    'DOCTOR_NOT_FOUND',
    'LOCATION_NOT_SERVED',
    'SLOT_NOT_OFFERED',
    'SLOT_TAKEN',
    'TOO_LATE',
    'BEYOND_HORIZON',
    'IDEMPOTENCY_MISMATCH',
    'CONFLICT',
    'PATIENT_BUSY',
    'STORAGE_FAILED',
  ),
  getHold: codes('VALIDATION_FAILED', 'HOLD_NOT_FOUND', 'STORAGE_FAILED'),
  renewHold: codes('VALIDATION_FAILED', 'DOCTOR_NOT_FOUND', 'NOT_ACTIVE', 'HOLD_NOT_FOUND', 'HOLD_EXPIRED', 'STORAGE_FAILED'),
  releaseHold: codes('VALIDATION_FAILED', 'NOT_ACTIVE', 'HOLD_NOT_FOUND', 'HOLD_EXPIRED', 'STORAGE_FAILED'),
  confirmHold: codes(
    'VALIDATION_FAILED',
    'DOCTOR_NOT_FOUND',
    'SLOT_TAKEN',
    'NOT_ACTIVE',
    'IDEMPOTENCY_MISMATCH',
    'CONFLICT',
    'HOLD_NOT_FOUND',
    'HOLD_EXPIRED',
    'PATIENT_BUSY',
    'STORAGE_FAILED',
  ),
} as const satisfies { readonly [M in keyof Scheduler]: readonly SchedulingErrorCode[] });

/**
 * The codes one {@link Scheduler} method may reject with; see
 * {@link SCHEDULER_ERROR_CODES_BY_METHOD}.
 *
 * @example
 * ```ts
 * import type { SchedulerErrorCodeOf } from 'clinic-slots';
 * const code: SchedulerErrorCodeOf<'getAppointment'> = 'APPOINTMENT_NOT_FOUND';
 * ```
 */
export type SchedulerErrorCodeOf<M extends keyof Scheduler> = (typeof SCHEDULER_ERROR_CODES_BY_METHOD)[M][number];
