import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import {
  appointmentColumns,
  appointmentFromColumns,
  doctorColumns,
  doctorFromColumns,
  type AppointmentColumns,
  type DoctorColumns,
} from '../shared/rows.js';

/**
 * A row of `<schema>.doctors`, as selected with `DOCTOR_COLUMNS` (every column as text) or
 * written with {@link doctorValues}.
 *
 * @internal
 */
export interface DoctorRow extends DoctorColumns {
  readonly created_at: string;
  readonly updated_at: string;
}

/**
 * A row of `<schema>.appointments`, as selected with `APPOINTMENT_COLUMNS` (instants as ISO text)
 * or written with {@link appointmentValues}.
 *
 * @internal
 */
export interface AppointmentRow extends AppointmentColumns {
  readonly starts_at: string;
  readonly ends_at: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/**
 * The columns of a doctor, in the order of the parameters `$1` to `$10` of its insert and update.
 *
 * @internal
 */
export const DOCTOR_ROW_COLUMNS = [
  'id',
  'name',
  'time_zone',
  'locations',
  'schedule',
  'overrides',
  'rules',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof DoctorRow)[];

/**
 * The columns of an appointment, in the order of the parameters `$1` to `$13` of its insert.
 *
 * @internal
 */
export const APPOINTMENT_ROW_COLUMNS = [
  'id',
  'doctor_id',
  'location_id',
  'starts_at',
  'ends_at',
  'patient_ref',
  'status',
  'created_at',
  'updated_at',
  'cancellation_reason',
  'idempotency_key',
  'rescheduled_from',
  'rescheduled_to',
] as const satisfies readonly (keyof AppointmentRow)[];

/** The values of a doctor, in the order of {@link DOCTOR_ROW_COLUMNS}. @internal */
export function doctorValues(doctor: Doctor): unknown[] {
  const row: DoctorRow = { ...doctorColumns(doctor), created_at: doctor.createdAt, updated_at: doctor.updatedAt };
  return DOCTOR_ROW_COLUMNS.map((column) => row[column]);
}

/** A doctor from a row selected with `DOCTOR_COLUMNS`; `STORAGE_FAILED` when a document is damaged. @internal */
export function rowToDoctor(value: unknown): Doctor {
  const row = value as DoctorRow;
  return doctorFromColumns(row, { createdAt: row.created_at, updatedAt: row.updated_at });
}

/** The values of an appointment, in the order of {@link APPOINTMENT_ROW_COLUMNS}. @internal */
export function appointmentValues(appointment: Appointment): unknown[] {
  const row: AppointmentRow = {
    ...appointmentColumns(appointment),
    starts_at: appointment.start,
    ends_at: appointment.end,
    created_at: appointment.createdAt,
    updated_at: appointment.updatedAt,
  };
  return APPOINTMENT_ROW_COLUMNS.map((column) => row[column]);
}

/** An appointment from a row selected with `APPOINTMENT_COLUMNS`. @internal */
export function rowToAppointment(value: unknown): Appointment {
  const row = value as AppointmentRow;
  return appointmentFromColumns(row, { start: row.starts_at, end: row.ends_at, createdAt: row.created_at, updatedAt: row.updated_at });
}
