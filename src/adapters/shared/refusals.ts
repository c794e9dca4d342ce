import { SchedulingError } from '../../domain/errors.js';
import { refusals } from '../../domain/refusals.js';
import { canTransition, type AppointmentStatus } from '../../domain/appointment.js';

// The checks every adapter makes, built on the domain's refusal factories (`refusals`), so that a
// refusal reads the same, with the same details, whichever adapter makes it.

/**
 * Throws `DOCTOR_NOT_FOUND` when the doctor is not stored (`current` is `undefined`), and a
 * stale-version `CONFLICT` when an `expected` version is given and `current` is another.
 *
 * @internal
 */
export function checkDoctorVersion(id: string, current: number | undefined, expected: number | undefined): void {
  if (current === undefined) throw refusals.doctorNotFound(id);
  if (expected !== undefined && current !== expected) throw refusals.staleVersion(id, { current, expected });
}

/**
 * The refusal of moving appointment `id` from the `expected` status to `wanted`, given the status
 * it is `current`ly in (`undefined`: no such appointment): `APPOINTMENT_NOT_FOUND`; else
 * `NOT_ACTIVE`, because it is not in `expected`, or because the lifecycle does not allow the move.
 *
 * @internal
 */
export function statusChangeRefused(
  id: string,
  current: AppointmentStatus | undefined,
  expected: AppointmentStatus,
  wanted: AppointmentStatus,
): SchedulingError {
  if (current === undefined) return refusals.appointmentNotFound(id);
  if (current !== expected) return refusals.notActive(id, current);
  return new SchedulingError('NOT_ACTIVE', `appointment ${id} cannot move from ${current} to ${wanted}`, {
    details: { appointmentId: id, status: current },
  });
}

/**
 * Throws {@link statusChangeRefused} unless appointment `id` is `current`ly in the `expected`
 * status and the lifecycle allows it to become `wanted`.
 *
 * @internal
 */
export function checkStatusChange(
  id: string,
  current: AppointmentStatus | undefined,
  expected: AppointmentStatus,
  wanted: AppointmentStatus,
): void {
  if (current !== expected || !canTransition(current, wanted)) throw statusChangeRefused(id, current, expected, wanted);
}

/** `STORAGE_FAILED`: `what` could not be done, and `why`; the driver's error is the `cause`. @internal */
export function storageFailed(what: string, why: string, cause?: unknown): SchedulingError {
  return new SchedulingError('STORAGE_FAILED', `${what}: ${why}`, cause === undefined ? {} : { cause });
}

/**
 * `STORAGE_FAILED`: the schema (`where`) is at a `found` version newer than the `known` latest
 * one, written by a later version of the library.
 *
 * @internal
 */
export function schemaTooNew(where: string, found: number, known: number): SchedulingError {
  return new SchedulingError('STORAGE_FAILED', `${where} is at schema version ${found}, newer than this version of clinic-slots knows (${known})`);
}
