import { SchedulingError } from '../../domain/errors.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';

/**
 * An appointment as a row holds it, whatever the dialect: every key present, `null` where the
 * appointment has no value (an optional key it leaves out). Each adapter maps its columns to
 * this and back, and converts instants as its storage keeps them.
 *
 * @internal
 */
export type StoredAppointment = {
  readonly [K in keyof Appointment]-?: undefined extends Appointment[K] ? Exclude<Appointment[K], undefined> | null : Appointment[K];
};

/** What a row holds for `appointment`: absent optional keys as `null`. @internal */
export function toStoredAppointment(appointment: Appointment): StoredAppointment {
  return {
    id: appointment.id,
    doctorId: appointment.doctorId,
    locationId: appointment.locationId,
    start: appointment.start,
    end: appointment.end,
    patientRef: appointment.patientRef,
    status: appointment.status,
    createdAt: appointment.createdAt,
    updatedAt: appointment.updatedAt,
    cancellationReason: appointment.cancellationReason ?? null,
    idempotencyKey: appointment.idempotencyKey ?? null,
    rescheduledFrom: appointment.rescheduledFrom ?? null,
    rescheduledTo: appointment.rescheduledTo ?? null,
  };
}

/** The appointment a row holds: a `null` optional key is left out (never present as `undefined`). @internal */
export function fromStoredAppointment(stored: StoredAppointment): Appointment {
  const appointment: Appointment = {
    id: stored.id,
    doctorId: stored.doctorId,
    locationId: stored.locationId,
    start: stored.start,
    end: stored.end,
    patientRef: stored.patientRef,
    status: stored.status,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
  if (stored.cancellationReason !== null) appointment.cancellationReason = stored.cancellationReason;
  if (stored.idempotencyKey !== null) appointment.idempotencyKey = stored.idempotencyKey;
  if (stored.rescheduledFrom !== null) appointment.rescheduledFrom = stored.rescheduledFrom;
  if (stored.rescheduledTo !== null) appointment.rescheduledTo = stored.rescheduledTo;
  return appointment;
}

/**
 * A copy of an appointment as it reads back once stored: optional keys that hold `undefined`
 * are left out. Arguments arrive normalised, so this is what a write returns without reading.
 *
 * @internal
 */
export function asStored(appointment: Appointment): Appointment {
  return fromStoredAppointment(toStoredAppointment(appointment));
}

/** The doctor's documents, stored as JSON text. */
type DocumentKey = 'locations' | 'schedule' | 'overrides' | 'rules';

/**
 * A doctor as a row holds it, whatever the dialect: its documents (locations, schedule,
 * overrides, rules) as JSON text.
 *
 * @internal
 */
export type StoredDoctor = { readonly [K in keyof Doctor]: K extends DocumentKey ? string : Doctor[K] };

/** What a row holds for `doctor`. @internal */
export function toStoredDoctor(doctor: Doctor): StoredDoctor {
  return {
    id: doctor.id,
    name: doctor.name,
    timeZone: doctor.timeZone,
    locations: JSON.stringify(doctor.locations),
    schedule: JSON.stringify(doctor.schedule),
    overrides: JSON.stringify(doctor.overrides),
    rules: JSON.stringify(doctor.rules),
    version: doctor.version,
    createdAt: doctor.createdAt,
    updatedAt: doctor.updatedAt,
  };
}

/** A document read back: a JSON object or array, else the row is damaged (`STORAGE_FAILED`). */
function parseDocument(text: string, key: DocumentKey, id: string): object {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // Reported below.
  }
  throw new SchedulingError('STORAGE_FAILED', `doctor ${id}: the stored ${key} is not a JSON object or array`);
}

/** The doctor a row holds; `STORAGE_FAILED` when a document is not a JSON object or array. @internal */
export function fromStoredDoctor(stored: StoredDoctor): Doctor {
  return {
    id: stored.id,
    name: stored.name,
    timeZone: stored.timeZone,
    locations: parseDocument(stored.locations, 'locations', stored.id) as Doctor['locations'],
    schedule: parseDocument(stored.schedule, 'schedule', stored.id) as Doctor['schedule'],
    overrides: parseDocument(stored.overrides, 'overrides', stored.id) as Doctor['overrides'],
    rules: parseDocument(stored.rules, 'rules', stored.id) as Doctor['rules'],
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}
