import type { Appointment, AppointmentStatus } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import { fromStoredAppointment, fromStoredDoctor, toStoredAppointment, toStoredDoctor } from '../shared/rows.js';

/** A row of `<schema>.doctors` as selected with `DOCTOR_COLUMNS`: every column as text. @internal */
export interface DoctorRow {
  readonly id: string;
  readonly name: string;
  readonly time_zone: string;
  readonly locations: string;
  readonly schedule: string;
  readonly overrides: string;
  readonly rules: string;
  readonly version: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A row of `<schema>.appointments` as selected with `APPOINTMENT_COLUMNS`: instants as ISO text. @internal */
export interface AppointmentRow {
  readonly id: string;
  readonly doctor_id: string;
  readonly location_id: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly patient_ref: string;
  readonly status: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly cancellation_reason: string | null;
  readonly idempotency_key: string | null;
  readonly rescheduled_from: string | null;
  readonly rescheduled_to: string | null;
}

/**
 * The values of an appointment, in the order of `APPOINTMENT_INSERT_COLUMNS`.
 *
 * @internal
 */
export function appointmentValues(appointment: Appointment): unknown[] {
  const stored = toStoredAppointment(appointment);
  return [
    stored.id,
    stored.doctorId,
    stored.locationId,
    stored.start,
    stored.end,
    stored.patientRef,
    stored.status,
    stored.createdAt,
    stored.updatedAt,
    stored.cancellationReason,
    stored.idempotencyKey,
    stored.rescheduledFrom,
    stored.rescheduledTo,
  ];
}

/**
 * An appointment from a row selected with `APPOINTMENT_COLUMNS`.
 *
 * @internal
 */
export function rowToAppointment(value: unknown): Appointment {
  const row = value as AppointmentRow;
  return fromStoredAppointment({
    id: row.id,
    doctorId: row.doctor_id,
    locationId: row.location_id,
    start: row.starts_at,
    end: row.ends_at,
    patientRef: row.patient_ref,
    status: row.status as AppointmentStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancellationReason: row.cancellation_reason,
    idempotencyKey: row.idempotency_key,
    rescheduledFrom: row.rescheduled_from,
    rescheduledTo: row.rescheduled_to,
  });
}

/**
 * The values of a doctor for `$1` to `$10`: id, name, time zone, the four JSON documents,
 * version, created and updated.
 *
 * @internal
 */
export function doctorValues(doctor: Doctor): unknown[] {
  const stored = toStoredDoctor(doctor);
  return [
    stored.id,
    stored.name,
    stored.timeZone,
    stored.locations,
    stored.schedule,
    stored.overrides,
    stored.rules,
    stored.version,
    stored.createdAt,
    stored.updatedAt,
  ];
}

/**
 * A doctor from a row selected with `DOCTOR_COLUMNS`; `STORAGE_FAILED` when a document is not a
 * JSON object or array.
 *
 * @internal
 */
export function rowToDoctor(value: unknown): Doctor {
  const row = value as DoctorRow;
  return fromStoredDoctor({
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    locations: row.locations,
    schedule: row.schedule,
    overrides: row.overrides,
    rules: row.rules,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
