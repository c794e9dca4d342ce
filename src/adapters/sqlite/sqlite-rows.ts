import type { Appointment, AppointmentStatus } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import { fromStoredAppointment, fromStoredDoctor, toStoredAppointment, toStoredDoctor } from '../shared/rows.js';

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

/** The parameters that store `doctor` (named after the columns). @internal */
export function doctorParams(doctor: Doctor): Record<string, string | number> {
  const stored = toStoredDoctor(doctor);
  return {
    id: stored.id,
    version: stored.version,
    name: stored.name,
    time_zone: stored.timeZone,
    locations: stored.locations,
    schedule: stored.schedule,
    overrides: stored.overrides,
    rules: stored.rules,
    created_ms: toMs(stored.createdAt),
    updated_ms: toMs(stored.updatedAt),
  };
}

/** The doctor a row holds; `STORAGE_FAILED` when a JSON column is damaged. @internal */
export function toDoctor(row: DoctorRow): Doctor {
  return fromStoredDoctor({
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    locations: row.locations,
    schedule: row.schedule,
    overrides: row.overrides,
    rules: row.rules,
    version: Number(row.version),
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
  });
}

/** The parameters that store `appointment` (named after the columns). @internal */
export function appointmentParams(appointment: Appointment): AppointmentRow {
  const stored = toStoredAppointment(appointment);
  return {
    id: stored.id,
    doctor_id: stored.doctorId,
    location_id: stored.locationId,
    start_ms: toMs(stored.start),
    end_ms: toMs(stored.end),
    patient_ref: stored.patientRef,
    status: stored.status,
    created_ms: toMs(stored.createdAt),
    updated_ms: toMs(stored.updatedAt),
    cancellation_reason: stored.cancellationReason,
    idempotency_key: stored.idempotencyKey,
    rescheduled_from: stored.rescheduledFrom,
    rescheduled_to: stored.rescheduledTo,
  };
}

/** The appointment a row holds; optional keys absent when the column is `NULL`. @internal */
export function toAppointment(row: AppointmentRow): Appointment {
  return fromStoredAppointment({
    id: row.id,
    doctorId: row.doctor_id,
    locationId: row.location_id,
    start: toInstant(row.start_ms),
    end: toInstant(row.end_ms),
    patientRef: row.patient_ref,
    status: row.status as AppointmentStatus,
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
    cancellationReason: row.cancellation_reason,
    idempotencyKey: row.idempotency_key,
    rescheduledFrom: row.rescheduled_from,
    rescheduledTo: row.rescheduled_to,
  });
}
