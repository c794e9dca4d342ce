import type { AppointmentStatus } from '../../domain/appointment.js';
import { APPOINTMENT_ROW_COLUMNS, DOCTOR_ROW_COLUMNS } from './postgres-rows.js';

/**
 * A `timestamptz` column read back as the ISO form the library uses everywhere
 * (`2027-01-04T09:00:00.000Z`), whatever type parsers the driver has configured.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The select list of a doctor: every column as text, so the driver's own parsing never matters.
 *
 * @internal
 */
export const DOCTOR_COLUMNS = [
  'id',
  'name',
  'time_zone',
  'locations::text AS locations',
  'schedule::text AS schedule',
  'overrides::text AS overrides',
  'rules::text AS rules',
  'version::text AS version',
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
].join(', ');

/**
 * The select list of an appointment, instants as ISO strings.
 *
 * @internal
 */
export const APPOINTMENT_COLUMNS = [
  'id',
  'doctor_id',
  'location_id',
  `${iso('starts_at')} AS starts_at`,
  `${iso('ends_at')} AS ends_at`,
  'patient_ref',
  'status',
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
  'cancellation_reason',
  'idempotency_key',
  'rescheduled_from',
  'rescheduled_to',
].join(', ');

/**
 * The columns of an insert, in the order of `appointmentValues`.
 *
 * @internal
 */
export const APPOINTMENT_INSERT_COLUMNS = APPOINTMENT_ROW_COLUMNS.join(', ');

/**
 * The placeholders of an insert, `$1` to `$13`, each cast to its column's type.
 *
 * @internal
 */
export const APPOINTMENT_INSERT_PLACEHOLDERS =
  '$1::text, $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::text, $7::text, $8::timestamptz, $9::timestamptz, $10::text, $11::text, $12::text, $13::text';

/**
 * The SQL of every fixed statement, for one (quoted) schema. Values are always parameters.
 *
 * @internal
 */
export function statements(s: string) {
  const doctors = `${s}.doctors`;
  const appointments = `${s}.appointments`;
  const overlapsActive = (doctor: string, start: string, end: string) =>
    `doctor_id = ${doctor} AND status = 'booked' AND tstzrange(starts_at, ends_at, '[)') && tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`;
  return {
    createDoctor: `INSERT INTO ${doctors} (${DOCTOR_ROW_COLUMNS.join(', ')})
VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8::bigint, $9::timestamptz, $10::timestamptz)
ON CONFLICT (id) DO NOTHING RETURNING 1 AS created`,
    doctorById: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} WHERE id = $1`,
    doctorVersion: `SELECT version::text AS version FROM ${doctors} WHERE id = $1`,
    // Two statements rather than `$1 IS NULL OR id > $1`, so that a cached plan still seeks.
    listDoctors: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} ORDER BY id LIMIT $1`,
    listDoctorsAfter: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} WHERE id > $1 ORDER BY id LIMIT $2`,
    updateDoctor: `UPDATE ${doctors} SET name = $2, time_zone = $3, locations = $4::jsonb, schedule = $5::jsonb,
  overrides = $6::jsonb, rules = $7::jsonb, version = $8::bigint, created_at = $9::timestamptz, updated_at = $10::timestamptz
WHERE id = $1 AND version = $11::bigint RETURNING 1 AS updated`,
    lockDoctor: `SELECT version::text AS version FROM ${doctors} WHERE id = $1 FOR UPDATE`,
    activeAfter: `SELECT EXISTS (SELECT 1 FROM ${appointments} WHERE ${overlapsActive('$1', '$2', 'NULL')}) AS busy`,
    deleteDoctor: `DELETE FROM ${doctors} WHERE id = $1`,
    // One statement: lock the doctor's row against removal (FOR KEY SHARE: doctor updates go
    // on), check its version, and insert unless the exclusion constraint or a unique index
    // objects. It returns one row exactly when the appointment went in.
    insertAppointment: `INSERT INTO ${appointments} (${APPOINTMENT_INSERT_COLUMNS})
SELECT ${APPOINTMENT_INSERT_PLACEHOLDERS} FROM ${doctors} AS doctor
WHERE doctor.id = $2::text AND ($14::bigint IS NULL OR doctor.version = $14::bigint)
FOR KEY SHARE OF doctor
ON CONFLICT DO NOTHING
RETURNING 1 AS inserted`,
    explainConflict: `SELECT
  EXISTS (SELECT 1 FROM ${appointments} WHERE ${overlapsActive('$1', '$2', '$3')}) AS overlaps,
  EXISTS (SELECT 1 FROM ${appointments} WHERE id = $4) AS id_taken`,
    appointmentById: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE id = $1`,
    appointmentByKey: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE idempotency_key = $1`,
    appointmentStatus: `SELECT status FROM ${appointments} WHERE id = $1`,
    listAppointmentsHead: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments}`,
    changeStatus: `UPDATE ${appointments}
SET status = $3, updated_at = $4::timestamptz, cancellation_reason = COALESCE($5::text, cancellation_reason)
WHERE id = $1 AND status = $2 RETURNING ${APPOINTMENT_COLUMNS}`,
    cancelForReschedule: `UPDATE ${appointments}
SET status = 'cancelled', updated_at = $2::timestamptz, rescheduled_to = $3
WHERE id = $1 AND status = 'booked' RETURNING ${APPOINTMENT_COLUMNS}`,
  };
}

/** An appointment listing as the repository asks for it; `cursor` already checked. @internal */
export interface AppointmentListFilter {
  readonly doctorId: string;
  readonly from?: string;
  readonly to?: string;
  readonly statuses?: readonly AppointmentStatus[];
  readonly cursor?: { readonly start: string; readonly id: string };
  /** How many rows to read. */
  readonly limit: number;
}

/**
 * The statement of an appointment listing: the fixed head (`statements(s).listAppointmentsHead`)
 * with a `WHERE` for the filters present, and its values.
 *
 * @internal
 */
export function listAppointmentsStatement(head: string, filter: AppointmentListFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [filter.doctorId];
  const where = ['doctor_id = $1'];
  if (filter.from !== undefined) {
    values.push(filter.from);
    where.push(`ends_at > $${values.length}::timestamptz`);
  }
  if (filter.to !== undefined) {
    values.push(filter.to);
    where.push(`starts_at < $${values.length}::timestamptz`);
  }
  if (filter.statuses !== undefined) {
    values.push([...filter.statuses]);
    where.push(`status = ANY ($${values.length}::text[])`);
  }
  if (filter.cursor !== undefined) {
    values.push(filter.cursor.start, filter.cursor.id);
    where.push(`(starts_at, id) > ($${values.length - 1}::timestamptz, $${values.length}::text)`);
  }
  values.push(filter.limit);
  return { text: `${head} WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT $${values.length}`, values };
}
