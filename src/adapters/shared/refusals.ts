import { SchedulingError } from '../../domain/errors.js';
import { canTransition, type AppointmentStatus } from '../../schemas/appointment.js';

// The refusals every adapter makes, one factory each, so that a refusal reads the same whichever
// adapter makes it. Each returns the error; the caller throws it (the checks throw themselves).

/** `DOCTOR_NOT_FOUND`: no doctor has this id. @internal */
export function doctorNotFound(id: string): SchedulingError {
  return new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${id}`);
}

/** `CONFLICT`: a doctor with this id exists already. @internal */
export function doctorExists(id: string): SchedulingError {
  return new SchedulingError('CONFLICT', `doctor ${id} already exists`);
}

/** `CONFLICT`: the doctor is at version `current`, not at the `expected` one (optimistic concurrency). @internal */
export function staleDoctorVersion(id: string, current: number, expected: number): SchedulingError {
  return new SchedulingError('CONFLICT', `doctor ${id} is at version ${current}, not ${expected}`);
}

/**
 * Throws {@link doctorNotFound} when the doctor is not stored (`current` is `undefined`), and
 * {@link staleDoctorVersion} when an `expected` version is given and `current` is another.
 *
 * @internal
 */
export function checkDoctorVersion(id: string, current: number | undefined, expected: number | undefined): void {
  if (current === undefined) throw doctorNotFound(id);
  if (expected !== undefined && current !== expected) throw staleDoctorVersion(id, current, expected);
}

/** `DOCTOR_HAS_APPOINTMENTS`: the doctor has an active appointment ending after `after`. @internal */
export function doctorHasAppointments(id: string, after: string): SchedulingError {
  return new SchedulingError('DOCTOR_HAS_APPOINTMENTS', `doctor ${id} has active appointments after ${after}`);
}

/** `CONFLICT`: an appointment with this id exists already. @internal */
export function appointmentExists(id: string): SchedulingError {
  return new SchedulingError('CONFLICT', `appointment ${id} already exists`);
}

/** `SLOT_TAKEN`: an active appointment of the doctor overlaps the new one. @internal */
export function slotTaken(doctorId: string): SchedulingError {
  return new SchedulingError('SLOT_TAKEN', `doctor ${doctorId} already has an appointment then`);
}

/** `CONFLICT`: the replacement of a reschedule brings an idempotency key that is taken. @internal */
export function idempotencyKeyTaken(key: string): SchedulingError {
  return new SchedulingError('CONFLICT', `idempotency key ${key} was used before`);
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
  if (current === undefined) return new SchedulingError('APPOINTMENT_NOT_FOUND', `no appointment ${id}`);
  if (current !== expected) return new SchedulingError('NOT_ACTIVE', `appointment ${id} is ${current}, not ${expected}`);
  return new SchedulingError('NOT_ACTIVE', `appointment ${id} cannot move from ${current} to ${wanted}`);
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
