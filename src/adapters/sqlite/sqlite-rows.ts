import { SchedulingError } from '../../domain/errors.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { AppointmentStatus } from '../../domain/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';

/** A row of `clinic_slots_doctors`. @internal */
export interface DoctorRow {
  readonly id: string;
  readonly version: number | bigint;
  readonly name: string;
  readonly time_zone: string;
  readonly locations: string;
  readonly schedule: string;
  readonly overrides: string;
  readonly rules: string;
  readonly created_ms: number | bigint;
  readonly updated_ms: number | bigint;
}

/** A row of `clinic_slots_appointments`. @internal */
export interface AppointmentRow {
  readonly id: string;
  readonly doctor_id: string;
  readonly location_id: string;
  readonly start_ms: number | bigint;
  readonly end_ms: number | bigint;
  readonly patient_ref: string;
  readonly status: string;
  readonly created_ms: number | bigint;
  readonly updated_ms: number | bigint;
  readonly cancellation_reason: string | null;
  readonly idempotency_key: string | null;
  readonly rescheduled_from: string | null;
  readonly rescheduled_to: string | null;
}

/** Epoch milliseconds of a normalised instant (`2027-01-04T09:00:00.000Z`). @internal */
export function toMs(instant: string): number {
  return Date.parse(instant);
}

/** The normalised instant of stored epoch milliseconds. @internal */
export function toInstant(ms: number | bigint): string {
  return new Date(Number(ms)).toISOString();
}

function parseJson(text: string, column: string, id: string): object {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // Reported below.
  }
  throw new SchedulingError('STORAGE_FAILED', `doctor ${id}: column ${column} does not hold a JSON object or array`);
}

/** The parameters that store `doctor` (named after the columns). @internal */
export function doctorParams(doctor: Doctor): Record<string, string | number> {
  return {
    id: doctor.id,
    version: doctor.version,
    name: doctor.name,
    time_zone: doctor.timeZone,
    locations: JSON.stringify(doctor.locations),
    schedule: JSON.stringify(doctor.schedule),
    overrides: JSON.stringify(doctor.overrides),
    rules: JSON.stringify(doctor.rules),
    created_ms: toMs(doctor.createdAt),
    updated_ms: toMs(doctor.updatedAt),
  };
}

/** The doctor a row holds. @internal */
export function toDoctor(row: DoctorRow): Doctor {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    locations: parseJson(row.locations, 'locations', row.id) as Doctor['locations'],
    schedule: parseJson(row.schedule, 'schedule', row.id) as Doctor['schedule'],
    overrides: parseJson(row.overrides, 'overrides', row.id) as Doctor['overrides'],
    rules: parseJson(row.rules, 'rules', row.id) as Doctor['rules'],
    version: Number(row.version),
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
  };
}

/** The parameters that store `appointment` (named after the columns). @internal */
export function appointmentParams(appointment: Appointment): AppointmentRow {
  return {
    id: appointment.id,
    doctor_id: appointment.doctorId,
    location_id: appointment.locationId,
    start_ms: toMs(appointment.start),
    end_ms: toMs(appointment.end),
    patient_ref: appointment.patientRef,
    status: appointment.status,
    created_ms: toMs(appointment.createdAt),
    updated_ms: toMs(appointment.updatedAt),
    cancellation_reason: appointment.cancellationReason ?? null,
    idempotency_key: appointment.idempotencyKey ?? null,
    rescheduled_from: appointment.rescheduledFrom ?? null,
    rescheduled_to: appointment.rescheduledTo ?? null,
  };
}

/** The appointment a row holds; optional keys absent when the column is `NULL`. @internal */
export function toAppointment(row: AppointmentRow): Appointment {
  const appointment: Appointment = {
    id: row.id,
    doctorId: row.doctor_id,
    locationId: row.location_id,
    start: toInstant(row.start_ms),
    end: toInstant(row.end_ms),
    patientRef: row.patient_ref,
    status: row.status as AppointmentStatus,
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
  };
  if (row.cancellation_reason !== null) appointment.cancellationReason = row.cancellation_reason;
  if (row.idempotency_key !== null) appointment.idempotencyKey = row.idempotency_key;
  if (row.rescheduled_from !== null) appointment.rescheduledFrom = row.rescheduled_from;
  if (row.rescheduled_to !== null) appointment.rescheduledTo = row.rescheduled_to;
  return appointment;
}
