import { SchedulingError } from '../../domain/errors.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { AppointmentStatus } from '../../domain/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type { HoldStatus } from '../../domain/hold.js';
import type { Claim, ClaimKind, StoredClaim } from '../../domain/claims.js';

// The SQL adapters keep the same tables, column for column, except for instants: SQLite stores
// epoch milliseconds (`start_ms`), PostgreSQL `timestamptz` (`starts_at`). The columns they share
// are mapped here, once; each adapter adds its instant columns.

/**
 * The columns of an appointment row that every SQL adapter stores alike: all but the instants.
 * An optional key the appointment leaves out is `NULL`.
 *
 * @internal
 */
export interface AppointmentColumns {
  readonly id: string;
  readonly doctor_id: string;
  readonly location_id: string;
  readonly patient_ref: string;
  readonly status: string;
  readonly cancellation_reason: string | null;
  readonly idempotency_key: string | null;
  readonly rescheduled_from: string | null;
  readonly rescheduled_to: string | null;
}

/** The instants of an appointment, as the adapter reads them back (normalised ISO strings). @internal */
export type AppointmentInstants = Pick<Appointment, 'start' | 'end' | 'createdAt' | 'updatedAt'>;

/** The {@link AppointmentColumns} that store `appointment`: absent optional keys as `NULL`. @internal */
export function appointmentColumns(appointment: Appointment): AppointmentColumns {
  return {
    id: appointment.id,
    doctor_id: appointment.doctorId,
    location_id: appointment.locationId,
    patient_ref: appointment.patientRef,
    status: appointment.status,
    cancellation_reason: appointment.cancellationReason ?? null,
    idempotency_key: appointment.idempotencyKey ?? null,
    rescheduled_from: appointment.rescheduledFrom ?? null,
    rescheduled_to: appointment.rescheduledTo ?? null,
  };
}

/**
 * The appointment a row holds: its {@link AppointmentColumns} and its instants. A `NULL` column
 * leaves its optional key out (never present as `undefined`).
 *
 * @internal
 */
export function appointmentFromColumns(row: AppointmentColumns, instants: AppointmentInstants): Appointment {
  const appointment: Appointment = {
    id: row.id,
    doctorId: row.doctor_id,
    locationId: row.location_id,
    start: instants.start,
    end: instants.end,
    patientRef: row.patient_ref,
    status: row.status as AppointmentStatus,
    createdAt: instants.createdAt,
    updatedAt: instants.updatedAt,
  };
  if (row.cancellation_reason !== null) appointment.cancellationReason = row.cancellation_reason;
  if (row.idempotency_key !== null) appointment.idempotencyKey = row.idempotency_key;
  if (row.rescheduled_from !== null) appointment.rescheduledFrom = row.rescheduled_from;
  if (row.rescheduled_to !== null) appointment.rescheduledTo = row.rescheduled_to;
  return appointment;
}

/**
 * A copy of an appointment as it reads back once stored (optional keys that hold `undefined`
 * left out): what a write returns without reading the row again, since arguments arrive
 * normalised.
 *
 * @internal
 */
export function asStored(appointment: Appointment): Appointment {
  return appointmentFromColumns(appointmentColumns(appointment), appointment);
}

/**
 * The columns of a doctor row that every SQL adapter stores alike: all but the instants. The
 * documents (locations, schedule, overrides, rules) are JSON text; the version is whatever
 * integer type the driver reads back.
 *
 * @internal
 */
export interface DoctorColumns {
  readonly id: string;
  readonly name: string;
  readonly time_zone: string;
  readonly locations: string;
  readonly schedule: string;
  readonly overrides: string;
  readonly rules: string;
  readonly version: number | bigint | string;
}

/** The instants of a doctor, as the adapter reads them back (normalised ISO strings). @internal */
export type DoctorInstants = Pick<Doctor, 'createdAt' | 'updatedAt'>;

/** The {@link DoctorColumns} that store `doctor`. @internal */
export function doctorColumns(doctor: Doctor): DoctorColumns & { readonly version: number } {
  return {
    id: doctor.id,
    name: doctor.name,
    time_zone: doctor.timeZone,
    locations: JSON.stringify(doctor.locations),
    schedule: JSON.stringify(doctor.schedule),
    overrides: JSON.stringify(doctor.overrides),
    rules: JSON.stringify(doctor.rules),
    version: doctor.version,
  };
}

/** A document read back: a JSON object or array, else the row is damaged (`STORAGE_FAILED`). */
function parseDocument(text: string, column: string, id: string): object {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // Reported below.
  }
  throw new SchedulingError('STORAGE_FAILED', `doctor ${id}: column ${column} does not hold a JSON object or array`);
}

/**
 * The doctor a row holds: its {@link DoctorColumns} and its instants; `STORAGE_FAILED` when a
 * document is not a JSON object or array.
 *
 * @internal
 */
export function doctorFromColumns(row: DoctorColumns, instants: DoctorInstants): Doctor {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    locations: parseDocument(row.locations, 'locations', row.id) as Doctor['locations'],
    schedule: parseDocument(row.schedule, 'schedule', row.id) as Doctor['schedule'],
    overrides: parseDocument(row.overrides, 'overrides', row.id) as Doctor['overrides'],
    rules: parseDocument(row.rules, 'rules', row.id) as Doctor['rules'],
    version: Number(row.version),
    createdAt: instants.createdAt,
    updatedAt: instants.updatedAt,
  };
}

/**
 * The columns of a hold row that every SQL adapter stores alike: all but the instants. An
 * optional key the hold leaves out is `NULL`.
 *
 * @internal
 */
export interface HoldColumns {
  readonly id: string;
  readonly doctor_id: string;
  readonly location_id: string;
  readonly patient_ref: string | null;
  readonly status: string;
  readonly idempotency_key: string | null;
  readonly appointment_id: string | null;
}

/** The instants of a hold, as the adapter reads them back (normalised ISO strings). @internal */
export type HoldInstants = Pick<Hold, 'start' | 'end' | 'expiresAt' | 'createdAt' | 'updatedAt'>;

/** The {@link HoldColumns} that store `hold`: absent optional keys as `NULL`. @internal */
export function holdColumns(hold: Hold): HoldColumns {
  return {
    id: hold.id,
    doctor_id: hold.doctorId,
    location_id: hold.locationId,
    patient_ref: hold.patientRef ?? null,
    status: hold.status,
    idempotency_key: hold.idempotencyKey ?? null,
    appointment_id: hold.appointmentId ?? null,
  };
}

/**
 * The hold a row holds: its {@link HoldColumns} and its instants. A `NULL` column leaves its
 * optional key out (never present as `undefined`).
 *
 * @internal
 */
export function holdFromColumns(row: HoldColumns, instants: HoldInstants): Hold {
  const hold: Hold = {
    id: row.id,
    doctorId: row.doctor_id,
    locationId: row.location_id,
    start: instants.start,
    end: instants.end,
    status: row.status as HoldStatus,
    expiresAt: instants.expiresAt,
    createdAt: instants.createdAt,
    updatedAt: instants.updatedAt,
  };
  if (row.patient_ref !== null) hold.patientRef = row.patient_ref;
  if (row.idempotency_key !== null) hold.idempotencyKey = row.idempotency_key;
  if (row.appointment_id !== null) hold.appointmentId = row.appointment_id;
  return hold;
}

/** A copy of a hold as it reads back once stored (optional keys that hold `undefined` left out). @internal */
export function asStoredHold(hold: Hold): Hold {
  return holdFromColumns(holdColumns(hold), hold);
}

/**
 * The columns of a claim row that every SQL adapter stores alike: all but its instants. The lane
 * is whatever integer type the driver reads back.
 *
 * @internal
 */
export interface ClaimColumns {
  readonly resource_kind: string;
  readonly resource_id: string;
  readonly lane: number | bigint | string;
  readonly owner_kind: string;
  readonly owner_id: string;
}

/** The {@link ClaimColumns} of `claim`, taken by `owner`. @internal */
export function claimColumns(claim: Claim, owner: { readonly ownerKind: StoredClaim['ownerKind']; readonly ownerId: string }): ClaimColumns & { readonly lane: number } {
  return { resource_kind: claim.kind, resource_id: claim.id, lane: claim.lane, owner_kind: owner.ownerKind, owner_id: owner.ownerId };
}

/** A stored claim from its {@link ClaimColumns} and its instants (normalised ISO strings). @internal */
export function storedClaimFromColumns(row: ClaimColumns, instants: Pick<StoredClaim, 'from' | 'to'>): StoredClaim {
  return {
    kind: row.resource_kind as ClaimKind,
    id: row.resource_id,
    lane: Number(row.lane),
    from: instants.from,
    to: instants.to,
    ownerId: row.owner_id,
    ownerKind: row.owner_kind as StoredClaim['ownerKind'],
  };
}
