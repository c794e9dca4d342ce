import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type { Claim, StoredClaim } from '../../domain/claims.js';
import {
  appointmentColumns,
  appointmentFromColumns,
  doctorColumns,
  doctorFromColumns,
  holdColumns,
  holdFromColumns,
  storedClaimFromColumns,
  type AppointmentColumns,
  type ClaimColumns,
  type DoctorColumns,
  type HoldColumns,
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

/**
 * A row of `<schema>.holds`, as selected with `HOLD_COLUMNS` (instants as ISO text) or written
 * with {@link holdValues}.
 *
 * @internal
 */
export interface HoldRow extends HoldColumns {
  readonly starts_at: string;
  readonly ends_at: string;
  readonly expires_at: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/**
 * The columns of a hold, in the order of the parameters `$1` to `$12` of its insert.
 *
 * @internal
 */
export const HOLD_ROW_COLUMNS = [
  'id',
  'doctor_id',
  'location_id',
  'starts_at',
  'ends_at',
  'patient_ref',
  'status',
  'expires_at',
  'created_at',
  'updated_at',
  'idempotency_key',
  'appointment_id',
] as const satisfies readonly (keyof HoldRow)[];

/** The values of a hold, in the order of {@link HOLD_ROW_COLUMNS}. @internal */
export function holdValues(hold: Hold): unknown[] {
  const row: HoldRow = {
    ...holdColumns(hold),
    starts_at: hold.start,
    ends_at: hold.end,
    expires_at: hold.expiresAt,
    created_at: hold.createdAt,
    updated_at: hold.updatedAt,
  };
  return HOLD_ROW_COLUMNS.map((column) => row[column]);
}

/** A hold from a row selected with `HOLD_COLUMNS`. @internal */
export function rowToHold(value: unknown): Hold {
  const row = value as HoldRow;
  return holdFromColumns(row, {
    start: row.starts_at,
    end: row.ends_at,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/**
 * A write's claims as the last values of its statement, in the form `claimsForm` gives for their
 * number: listed, five values per claim (kind, resource id, lane, start, end), or as five arrays
 * of those. The position of a claim (from 1) is its `ord` in the statement.
 *
 * @internal
 */
export function claimValues(claims: readonly Claim[], listed: boolean): unknown[] {
  if (listed) return claims.flatMap((c) => [c.kind, c.id, c.lane, c.from, c.to]);
  return [claims.map((c) => c.kind), claims.map((c) => c.id), claims.map((c) => c.lane), claims.map((c) => c.from), claims.map((c) => c.to)];
}

/** A row of `<schema>.claims`, as selected with `CLAIM_COLUMNS`. @internal */
export interface ClaimRow extends ClaimColumns {
  readonly starts_at: string;
  readonly ends_at: string;
}

/** A stored claim from a row selected with `CLAIM_COLUMNS`. @internal */
export function rowToClaim(value: unknown): StoredClaim {
  const row = value as ClaimRow;
  return storedClaimFromColumns(row, { from: row.starts_at, to: row.ends_at });
}
