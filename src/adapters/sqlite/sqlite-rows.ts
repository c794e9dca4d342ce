import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type { Claim, StoredClaim } from '../../domain/claims.js';
import {
  appointmentColumns,
  appointmentFromColumns,
  claimColumns,
  storedClaimFromColumns,
  doctorColumns,
  doctorFromColumns,
  holdColumns,
  holdFromColumns,
  type AppointmentColumns,
  type ClaimColumns,
  type DoctorColumns,
  type HoldColumns,
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

/** A row of `clinic_slots_holds`. @internal */
export interface HoldRow extends HoldColumns {
  readonly start_ms: number | bigint;
  readonly end_ms: number | bigint;
  readonly expires_ms: number | bigint;
  readonly created_ms: number | bigint;
  readonly updated_ms: number | bigint;
}

/** A row of `clinic_slots_claims` (without `live`: the adapter reads and writes live claims). @internal */
export interface ClaimRow extends ClaimColumns {
  readonly from_ms: number | bigint;
  readonly to_ms: number | bigint;
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

/** The parameters that store `hold` (named after the columns). @internal */
export function holdParams(hold: Hold): HoldRow {
  return {
    ...holdColumns(hold),
    start_ms: toMs(hold.start),
    end_ms: toMs(hold.end),
    expires_ms: toMs(hold.expiresAt),
    created_ms: toMs(hold.createdAt),
    updated_ms: toMs(hold.updatedAt),
  };
}

/** The hold a row holds; optional keys absent when the column is `NULL`. @internal */
export function toHold(row: HoldRow): Hold {
  return holdFromColumns(row, {
    start: toInstant(row.start_ms),
    end: toInstant(row.end_ms),
    expiresAt: toInstant(row.expires_ms),
    createdAt: toInstant(row.created_ms),
    updatedAt: toInstant(row.updated_ms),
  });
}

/** The parameters that store `claim`, taken by `owner` (named after the columns). @internal */
export function claimParams(claim: Claim, owner: Pick<StoredClaim, 'ownerKind' | 'ownerId'>): ClaimRow {
  return { ...claimColumns(claim, owner), from_ms: toMs(claim.from), to_ms: toMs(claim.to) };
}

/** The stored claim a row holds. @internal */
export function toStoredClaim(row: ClaimRow): StoredClaim {
  return storedClaimFromColumns(row, { from: toInstant(row.from_ms), to: toInstant(row.to_ms) });
}
