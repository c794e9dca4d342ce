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

/** A row of `clinic_slots_doctors`. @internal */
export interface DoctorRow extends DoctorColumns {
  readonly version: number | bigint;
  readonly created_ms: number | bigint;
  readonly updated_ms: number | bigint;
}

/** A row of `clinic_slots_appointments`. @internal */
export interface AppointmentRow extends AppointmentColumns {
  readonly start_ms: number | bigint;
  readonly end_ms: number | bigint;
  readonly created_ms: number | bigint;
  readonly updated_ms: number | bigint;
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
export function doctorParams(doctor: Doctor): DoctorRow {
  return { ...doctorColumns(doctor), created_ms: toMs(doctor.createdAt), updated_ms: toMs(doctor.updatedAt) };
}

/** The doctor a row holds; `STORAGE_FAILED` when a JSON column is damaged. @internal */
export function toDoctor(row: DoctorRow): Doctor {
  return doctorFromColumns(row, { createdAt: toInstant(row.created_ms), updatedAt: toInstant(row.updated_ms) });
}

/** The parameters that store `appointment` (named after the columns). @internal */
export function appointmentParams(appointment: Appointment): AppointmentRow {
  return {
    ...appointmentColumns(appointment),
    start_ms: toMs(appointment.start),
    end_ms: toMs(appointment.end),
    created_ms: toMs(appointment.createdAt),
    updated_ms: toMs(appointment.updatedAt),
  };
}

/** The appointment a row holds; optional keys absent when the column is `NULL`. @internal */
export function toAppointment(row: AppointmentRow): Appointment {
  return appointmentFromColumns(row, {
    start: toInstant(row.start_ms),
    end: toInstant(row.end_ms),
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
  });
}
