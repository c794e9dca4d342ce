import type { AppointmentStatus } from './appointment.js';
import type { Claim } from './claims.js';
import { SchedulingError, type ConflictFields } from './errors.js';
import type { HoldStatus } from './hold.js';

/**
 * One factory per refusal, so that every place that refuses something says it the same way,
 * with the same machine-readable details. The scheduler, the adapters and the kit use these;
 * an adapter of your own may too (they are exported from `clinic-slots`).
 *
 * @packageDocumentation
 */

/**
 * Why the booking policy refuses a start: the codes `judgeBooking` can give.
 *
 * @example
 * ```ts
 * import type { BookingRefusalCode } from 'clinic-slots';
 * const retryable = (code: BookingRefusalCode) => code === 'SLOT_TAKEN';
 * ```
 */
export type BookingRefusalCode = 'LOCATION_NOT_SERVED' | 'SLOT_NOT_OFFERED' | 'SLOT_TAKEN' | 'TOO_LATE' | 'BEYOND_HORIZON';

const START_MESSAGES: Record<BookingRefusalCode, string> = {
  SLOT_NOT_OFFERED: 'no published slot starts then',
  LOCATION_NOT_SERVED: 'the doctor is not seen at that location then',
  TOO_LATE: 'the start is past or within the minimum notice',
  BEYOND_HORIZON: 'the start is beyond the booking horizon',
  SLOT_TAKEN: 'another appointment holds that time',
};

/**
 * The refusals, by what was refused.
 *
 * @example
 * ```ts
 * import { refusals } from 'clinic-slots';
 * const error = refusals.staleVersion('dr-wright', { expected: 2, current: 3 });
 * error.details; // { code: 'CONFLICT', kind: 'stale-version', doctorId: 'dr-wright', expectedVersion: 2, currentVersion: 3 }
 * ```
 */
export const refusals = Object.freeze({
  /**
   * `DOCTOR_NOT_FOUND`: no doctor has this id.
   *
   * @param doctorId - the id asked for
   */
  doctorNotFound: (doctorId: string) => new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${doctorId}`, { details: { doctorId } }),

  /**
   * `APPOINTMENT_NOT_FOUND`: no appointment has this id.
   *
   * @param appointmentId - the id asked for
   */
  appointmentNotFound: (appointmentId: string) =>
    new SchedulingError('APPOINTMENT_NOT_FOUND', `no appointment ${appointmentId}`, { details: { appointmentId } }),

  /**
   * `NOT_ACTIVE`: the appointment's status does not allow the change.
   *
   * @param appointmentId - the appointment
   * @param status - its status now, when known
   */
  notActive: (appointmentId: string, status?: AppointmentStatus) =>
    new SchedulingError('NOT_ACTIVE', `appointment ${appointmentId} is ${status ?? 'not in the expected status'}`, {
      details: status === undefined ? { appointmentId } : { appointmentId, status },
    }),

  /**
   * `CONFLICT` of kind `stale-version`: the doctor is at another version than the caller's.
   *
   * @param doctorId - the doctor
   * @param versions - the version the caller expected and, when known, the stored one
   */
  staleVersion: (doctorId: string, versions: { expected?: number; current?: number }) =>
    new SchedulingError(
      'CONFLICT',
      `doctor ${doctorId} is at version ${versions.current ?? 'another'}, not ${versions.expected ?? 'the one judged'}`,
      {
        details: {
          kind: 'stale-version',
          doctorId,
          ...(versions.expected === undefined ? {} : { expectedVersion: versions.expected }),
          ...(versions.current === undefined ? {} : { currentVersion: versions.current }),
        },
      },
    ),

  /**
   * `CONFLICT` of kind `already-exists`: the id is taken.
   *
   * @param subject - what kind of thing
   * @param id - the id
   */
  alreadyExists: (subject: Extract<ConflictFields, { kind: 'already-exists' }>['subject'] & string, id: string) =>
    new SchedulingError('CONFLICT', `${subject} ${id} exists already`, { details: { kind: 'already-exists', subject, id } }),

  /**
   * A refused start: one of the booking policy's codes.
   *
   * @param code - why
   * @param doctorId - the doctor
   * @param start - the refused start, a normalised instant, when known
   * @param locationId - the location asked for: the detail of `LOCATION_NOT_SERVED`
   */
  start: (code: BookingRefusalCode, doctorId: string, start?: string, locationId?: string) =>
    code === 'LOCATION_NOT_SERVED'
      ? new SchedulingError(code, START_MESSAGES[code], { details: locationId === undefined ? { doctorId } : { doctorId, locationId } })
      : new SchedulingError(code, START_MESSAGES[code], { details: start === undefined ? { doctorId } : { doctorId, start } }),

  /**
   * `LOCATION_NOT_SERVED`: the doctor has no such location.
   *
   * @param doctorId - the doctor
   * @param locationId - the location
   */
  noSuchLocation: (doctorId: string, locationId: string) =>
    new SchedulingError('LOCATION_NOT_SERVED', `doctor ${doctorId} has no location ${locationId}`, { details: { doctorId, locationId } }),

  /**
   * `IDEMPOTENCY_MISMATCH`: the key made another appointment, for another request.
   *
   * @param appointmentId - the appointment the key made
   */
  idempotencyMismatch: (appointmentId: string) =>
    new SchedulingError('IDEMPOTENCY_MISMATCH', 'this idempotency key was used for another request', { details: { appointmentId } }),

  /**
   * `DOCTOR_HAS_APPOINTMENTS`: the doctor, or one location, still has future active appointments.
   *
   * @param doctorId - the doctor
   * @param locationId - the location being removed, if it is one
   */
  hasAppointments: (doctorId: string, locationId?: string) =>
    new SchedulingError(
      'DOCTOR_HAS_APPOINTMENTS',
      locationId === undefined ? `doctor ${doctorId} still has future appointments` : `location ${locationId} still has future appointments`,
      { details: locationId === undefined ? { doctorId } : { doctorId, locationId } },
    ),

  /**
   * `HOLD_NOT_FOUND`: no hold has this id.
   *
   * @param holdId - the id asked for
   */
  holdNotFound: (holdId: string) => new SchedulingError('HOLD_NOT_FOUND', `no hold ${holdId}`, { details: { holdId } }),

  /**
   * `HOLD_EXPIRED`: the hold is past its expiry.
   *
   * @param holdId - the hold
   * @param expiresAt - when it expired
   */
  holdExpired: (holdId: string, expiresAt: string) =>
    new SchedulingError('HOLD_EXPIRED', `hold ${holdId} expired at ${expiresAt}`, { details: { holdId, expiresAt } }),

  /**
   * `NOT_ACTIVE` for a hold: released, confirmed or expired already.
   *
   * @param holdId - the hold
   * @param holdStatus - its status now
   */
  holdNotActive: (holdId: string, holdStatus: HoldStatus) =>
    new SchedulingError('NOT_ACTIVE', `hold ${holdId} is ${holdStatus}`, { details: { holdId, holdStatus } }),

  /**
   * A refused claim: `SLOT_TAKEN` for a doctor's, `PATIENT_BUSY` for a patient's.
   *
   * @param claim - the claim that overlaps a live one
   */
  claimTaken: (claim: Claim) =>
    claim.kind === 'patient'
      ? new SchedulingError('PATIENT_BUSY', 'the patient has another appointment or hold then', {
          details: { patientRef: claim.id, start: claim.from },
        })
      : new SchedulingError('SLOT_TAKEN', START_MESSAGES.SLOT_TAKEN, { details: { doctorId: claim.id } }),

  /**
   * `STORAGE_FAILED`: something below the library failed.
   *
   * @param message - what failed
   * @param cause - the original error
   */
  storageFailed: (message: string, cause?: unknown) =>
    new SchedulingError('STORAGE_FAILED', message, cause === undefined ? {} : { cause }),
});
