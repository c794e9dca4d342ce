import type { AppointmentStatus } from '../../domain/appointment.js';
import { MAX_CLAIM, liveClaimOverlapping } from './sqlite-migrations.js';

/**
 * The longest duration of any stored appointment, or a bound larger than any span of instants
 * when the bounds row is missing: overlap and range checks stay correct, only slower.
 */
const MAX_DURATION = 'IFNULL((SELECT max_duration_ms FROM clinic_slots_bounds WHERE id = 1), 1000000000000000)';

const DOCTOR_COLUMNS = 'id, version, name, time_zone, locations, schedule, overrides, rules, created_ms, updated_ms';
const APPOINTMENT_COLUMNS =
  'id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, created_ms, updated_ms, ' +
  'cancellation_reason, idempotency_key, rescheduled_from, rescheduled_to';
const HOLD_COLUMNS =
  'id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, expires_ms, created_ms, updated_ms, ' +
  'idempotency_key, appointment_id';
const CLAIM_COLUMNS = 'owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms';
const named = (columns: string) => columns.split(', ').map((c) => `@${c}`).join(', ');

/**
 * The SQL of every fixed statement of the adapter, parameterised; nothing is ever spliced in.
 *
 * @internal
 */
export const SQL = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',

  insertDoctor: `INSERT INTO clinic_slots_doctors (${DOCTOR_COLUMNS}) VALUES (${named(DOCTOR_COLUMNS)})`,
  getDoctor: `SELECT ${DOCTOR_COLUMNS} FROM clinic_slots_doctors WHERE id = ?`,
  doctorVersion: 'SELECT version FROM clinic_slots_doctors WHERE id = ?',
  listDoctors: `SELECT ${DOCTOR_COLUMNS} FROM clinic_slots_doctors ORDER BY id LIMIT ?`,
  listDoctorsAfter: `SELECT ${DOCTOR_COLUMNS} FROM clinic_slots_doctors WHERE id > ? ORDER BY id LIMIT ?`,
  updateDoctor:
    'UPDATE clinic_slots_doctors SET version = @version, name = @name, time_zone = @time_zone, locations = @locations, ' +
    'schedule = @schedule, overrides = @overrides, rules = @rules, created_ms = @created_ms, updated_ms = @updated_ms ' +
    'WHERE id = @id',
  deleteDoctor: 'DELETE FROM clinic_slots_doctors WHERE id = ?',
  /**
   * Whether the doctor has a `booked` appointment, or a hold live at `@after`, ending after
   * `@after`: searches of the indexes by doctor and start (nothing lasts longer than the longest
   * appointment), rows read for status.
   */
  activeAfter:
    "SELECT 1 AS found FROM clinic_slots_appointments WHERE doctor_id = @doctor_id AND status = 'booked' " +
    `AND end_ms > @after AND start_ms > @after - ${MAX_DURATION} ` +
    "UNION ALL SELECT 1 FROM clinic_slots_holds WHERE doctor_id = @doctor_id AND status = 'held' " +
    `AND expires_ms > @after AND end_ms > @after AND start_ms > @after - ${MAX_DURATION} LIMIT 1`,
  /** As `activeAfter`, at one location (`@location_id`). */
  activeAtLocationAfter:
    "SELECT 1 AS found FROM clinic_slots_appointments WHERE doctor_id = @doctor_id AND status = 'booked' " +
    `AND location_id = @location_id AND end_ms > @after AND start_ms > @after - ${MAX_DURATION} ` +
    "UNION ALL SELECT 1 FROM clinic_slots_holds WHERE doctor_id = @doctor_id AND status = 'held' " +
    `AND location_id = @location_id AND expires_ms > @after AND end_ms > @after AND start_ms > @after - ${MAX_DURATION} LIMIT 1`,

  insertAppointment: `INSERT INTO clinic_slots_appointments (${APPOINTMENT_COLUMNS}) VALUES (${named(APPOINTMENT_COLUMNS)})`,
  getAppointment: `SELECT ${APPOINTMENT_COLUMNS} FROM clinic_slots_appointments WHERE id = ?`,
  byIdempotencyKey: `SELECT ${APPOINTMENT_COLUMNS} FROM clinic_slots_appointments WHERE idempotency_key = ?`,
  appointmentStatus: 'SELECT status FROM clinic_slots_appointments WHERE id = ?',
  /**
   * Whether a live claim overlaps the claim `@resource_kind`, `@resource_id`, `@lane`, `[@from_ms,
   * @to_ms)`: the very test of the trigger that refuses an overlapping live claim, for
   * `EXPLAIN QUERY PLAN` (writes insert the claim and let the trigger check it).
   */
  claimOverlap: liveClaimOverlapping((c) => `@${c}`),
  /** Takes a claim, live; the trigger refuses it when it overlaps a live claim on its lane. */
  insertClaim: `INSERT INTO clinic_slots_claims (${CLAIM_COLUMNS}, live) VALUES (${named(CLAIM_COLUMNS)}, 1)`,
  /**
   * Retires the holds in the way of a claim: `held` holds expired at `@at_ms` (`expires_ms` not
   * after it) with a live claim overlapping `[@from_ms, @to_ms)` on the claim's lane become
   * `expired`; the hold trigger releases their claims.
   */
  retireHolds:
    "UPDATE clinic_slots_holds SET status = 'expired', updated_ms = @at_ms " +
    "WHERE status = 'held' AND expires_ms <= @at_ms AND id IN (SELECT owner_id FROM clinic_slots_claims " +
    "WHERE resource_kind = @resource_kind AND resource_id = @resource_id AND live = 1 AND from_ms < @to_ms " +
    `AND from_ms > @from_ms - ${MAX_CLAIM} AND to_ms > @from_ms AND lane = @lane AND owner_kind = 'hold')`,
  /**
   * The live claims of one resource (every lane) overlapping `[@from_ms, @to_ms)`, without those
   * of holds expired at `@at_ms`, by start then owner id: a range search of the index of live
   * claims, which holds the owner too; a hold is read only for its own claims.
   */
  listClaims:
    `SELECT ${CLAIM_COLUMNS} FROM clinic_slots_claims AS c WHERE resource_kind = @resource_kind AND resource_id = @resource_id AND live = 1 ` +
    `AND from_ms < @to_ms AND from_ms > @from_ms - ${MAX_CLAIM} AND to_ms > @from_ms ` +
    "AND (owner_kind = 'appointment' OR (SELECT expires_ms FROM clinic_slots_holds WHERE id = c.owner_id) > @at_ms) " +
    'ORDER BY from_ms, owner_id',

  insertHold: `INSERT INTO clinic_slots_holds (${HOLD_COLUMNS}) VALUES (${named(HOLD_COLUMNS)})`,
  getHold: `SELECT ${HOLD_COLUMNS} FROM clinic_slots_holds WHERE id = ?`,
  holdByIdempotencyKey: `SELECT ${HOLD_COLUMNS} FROM clinic_slots_holds WHERE idempotency_key = ?`,
  renewHold: `UPDATE clinic_slots_holds SET expires_ms = @expires_ms, updated_ms = @updated_ms WHERE id = @id RETURNING ${HOLD_COLUMNS}`,
  /** Ends a hold (`released` or `confirmed`); the hold trigger releases its claims. */
  endHold:
    'UPDATE clinic_slots_holds SET status = @status, updated_ms = @updated_ms, appointment_id = IFNULL(@appointment_id, appointment_id) ' +
    `WHERE id = @id RETURNING ${HOLD_COLUMNS}`,

  /** Changes a status; the appointment trigger releases the claims of one leaving `booked`. */
  changeStatus:
    'UPDATE clinic_slots_appointments SET status = @status, updated_ms = @updated_ms, ' +
    'cancellation_reason = IFNULL(@cancellation_reason, cancellation_reason) ' +
    `WHERE id = @id RETURNING ${APPOINTMENT_COLUMNS}`,
  /** Cancels the old appointment of a reschedule; the appointment trigger releases its claims. */
  cancelForReschedule:
    "UPDATE clinic_slots_appointments SET status = 'cancelled', updated_ms = @updated_ms, rescheduled_to = @rescheduled_to " +
    `WHERE id = @id RETURNING ${APPOINTMENT_COLUMNS}`,
} as const;

/** Which optional filters an appointment listing uses. @internal */
export interface AppointmentListShape {
  readonly from: boolean;
  readonly to: boolean;
  readonly cursor: boolean;
  /** How many statuses the `IN` list holds (0: no status filter). */
  readonly statuses: number;
}

/**
 * The SQL of an appointment listing of this shape. Parameters, positionally: the doctor id,
 * then `to` (ms), then `from` (ms) twice, then the statuses, then the cursor's start (ms) and id,
 * then the row limit, each only when its filter is in the shape.
 *
 * @internal
 */
export function listAppointmentsSql(shape: AppointmentListShape): string {
  const where = ['doctor_id = ?'];
  if (shape.to) where.push('start_ms < ?');
  if (shape.from) where.push(`end_ms > ? AND start_ms > ? - ${MAX_DURATION}`);
  if (shape.statuses > 0) where.push(`status IN (${Array.from({ length: shape.statuses }, () => '?').join(', ')})`);
  if (shape.cursor) where.push('(start_ms, id) > (?, ?)');
  return `SELECT ${APPOINTMENT_COLUMNS} FROM clinic_slots_appointments WHERE ${where.join(' AND ')} ORDER BY start_ms, id LIMIT ?`;
}

/** The positional parameters of {@link listAppointmentsSql}, in order. @internal */
export function listAppointmentsParams(query: {
  doctorId: string;
  fromMs?: number;
  toMs?: number;
  statuses?: readonly AppointmentStatus[];
  cursor?: { startMs: number; id: string };
  limit: number;
}): unknown[] {
  const params: unknown[] = [query.doctorId];
  if (query.toMs !== undefined) params.push(query.toMs);
  if (query.fromMs !== undefined) params.push(query.fromMs, query.fromMs);
  if (query.statuses !== undefined) params.push(...query.statuses);
  if (query.cursor !== undefined) params.push(query.cursor.startMs, query.cursor.id);
  params.push(query.limit);
  return params;
}
