import type { Appointment, AppointmentStatus } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';

/**
 * The values of an appointment, in the order of `APPOINTMENT_INSERT_COLUMNS`.
 *
 * @internal
 */
export function appointmentValues(a: Appointment): unknown[] {
  return [
    a.id,
    a.doctorId,
    a.locationId,
    a.start,
    a.end,
    a.patientRef,
    a.status,
    a.createdAt,
    a.updatedAt,
    a.cancellationReason ?? null,
    a.idempotencyKey ?? null,
    a.rescheduledFrom ?? null,
    a.rescheduledTo ?? null,
  ];
}

type Row = Record<string, unknown>;

const text = (row: Row, column: string): string => String(row[column]);

const optional = (row: Row, column: string): string | undefined => {
  const value = row[column];
  return value === null || value === undefined ? undefined : String(value);
};

/**
 * A copy of an appointment with absent optional keys left out (never present as `undefined`).
 *
 * @internal
 */
export function normaliseAppointment(a: Appointment): Appointment {
  const result: Appointment = {
    id: a.id,
    doctorId: a.doctorId,
    locationId: a.locationId,
    start: a.start,
    end: a.end,
    patientRef: a.patientRef,
    status: a.status,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
  if (a.cancellationReason !== undefined) result.cancellationReason = a.cancellationReason;
  if (a.idempotencyKey !== undefined) result.idempotencyKey = a.idempotencyKey;
  if (a.rescheduledFrom !== undefined) result.rescheduledFrom = a.rescheduledFrom;
  if (a.rescheduledTo !== undefined) result.rescheduledTo = a.rescheduledTo;
  return result;
}

/**
 * An appointment from a row selected with `APPOINTMENT_COLUMNS`.
 *
 * @internal
 */
export function rowToAppointment(value: unknown): Appointment {
  const row = value as Row;
  return normaliseAppointment({
    id: text(row, 'id'),
    doctorId: text(row, 'doctor_id'),
    locationId: text(row, 'location_id'),
    start: text(row, 'starts_at'),
    end: text(row, 'ends_at'),
    patientRef: text(row, 'patient_ref'),
    status: text(row, 'status') as AppointmentStatus,
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    cancellationReason: optional(row, 'cancellation_reason'),
    idempotencyKey: optional(row, 'idempotency_key'),
    rescheduledFrom: optional(row, 'rescheduled_from'),
    rescheduledTo: optional(row, 'rescheduled_to'),
  });
}

/**
 * The values of a doctor for `$1` to `$10`: id, name, time zone, the four JSON documents,
 * version, created and updated.
 *
 * @internal
 */
export function doctorValues(d: Doctor): unknown[] {
  return [
    d.id,
    d.name,
    d.timeZone,
    JSON.stringify(d.locations),
    JSON.stringify(d.schedule),
    JSON.stringify(d.overrides),
    JSON.stringify(d.rules),
    d.version,
    d.createdAt,
    d.updatedAt,
  ];
}

/**
 * A doctor from a row selected with `DOCTOR_COLUMNS`.
 *
 * @internal
 */
export function rowToDoctor(value: unknown): Doctor {
  const row = value as Row;
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    timeZone: text(row, 'time_zone'),
    locations: JSON.parse(text(row, 'locations')) as Doctor['locations'],
    schedule: JSON.parse(text(row, 'schedule')) as Doctor['schedule'],
    overrides: JSON.parse(text(row, 'overrides')) as Doctor['overrides'],
    rules: JSON.parse(text(row, 'rules')) as Doctor['rules'],
    version: Number(row.version),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
