import { SchedulingError } from '../../domain/errors.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type { Claim } from '../../domain/claims.js';
import { isWellFormedText } from '../../domain/text.js';


function check(text: string | undefined, what: string): void {
  if (text !== undefined && !isWellFormedText(text)) {
    throw new SchedulingError('VALIDATION_FAILED', `${what} is not well-formed Unicode (a lone surrogate): PostgreSQL cannot store it verbatim`);
  }
}

/**
 * Refuses, with `VALIDATION_FAILED`, an appointment whose free text holds a lone surrogate: the
 * driver would turn it into U+FFFD, and the value would not come back as it was given.
 *
 * @internal
 */
export function checkAppointmentText(a: Appointment): void {
  check(a.patientRef, 'patientRef');
  check(a.cancellationReason, 'cancellationReason');
  check(a.idempotencyKey, 'idempotencyKey');
}

/**
 * As {@link checkAppointmentText}, for a doctor's name and addresses.
 *
 * @internal
 */
export function checkDoctorText(d: Doctor): void {
  check(d.name, 'name');
  for (const location of d.locations) check(location.address, 'address');
}

/**
 * As {@link checkAppointmentText}, for one string.
 *
 * @internal
 */
export function checkText(text: string | undefined, what: string): void {
  check(text, what);
}

/**
 * As {@link checkAppointmentText}, for a hold's free text.
 *
 * @internal
 */
export function checkHoldText(h: Hold): void {
  check(h.patientRef, 'patientRef');
  check(h.idempotencyKey, 'idempotencyKey');
}

/**
 * As {@link checkAppointmentText}, for the resource ids of claims (a patient's is its `patientRef`).
 *
 * @internal
 */
export function checkClaimsText(claims: readonly Claim[] | undefined): void {
  for (const claim of claims ?? []) check(claim.id, 'a claim\'s id');
}
