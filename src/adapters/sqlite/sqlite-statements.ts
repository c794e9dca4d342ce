import type { AppointmentStatus } from '../../domain/appointment.js';

/**
 * The longest duration of any stored appointment, or a bound larger than any span of instants
 * when the bounds row is missing: overlap and range checks stay correct, only slower.
 */
const MAX_DURATION = 'IFNULL((SELECT max_duration_ms FROM clinic_slots_bounds WHERE id = 1), 1000000000000000)';

const DOCTOR_COLUMNS = 'id, version, name, time_zone, locations, schedule, overrides, rules, created_ms, updated_ms';
const APPOINTMENT_COLUMNS =
  'id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, created_ms, updated_ms, ' +
  'cancellation_reason, idempotency_key, rescheduled_from, rescheduled_to';
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
  /** Whether the doctor has a `booked` appointment ending after `@after`. */
  activeAfter:
    "SELECT 1 AS found FROM clinic_slots_appointments WHERE doctor_id = @doctor_id AND status = 'booked' " +
    `AND end_ms > @after AND start_ms > @after - ${MAX_DURATION} LIMIT 1`,

  insertAppointment: `INSERT INTO clinic_slots_appointments (${APPOINTMENT_COLUMNS}) VALUES (${named(APPOINTMENT_COLUMNS)})`,
  getAppointment: `SELECT ${APPOINTMENT_COLUMNS} FROM clinic_slots_appointments WHERE id = ?`,
  byIdempotencyKey: `SELECT ${APPOINTMENT_COLUMNS} FROM clinic_slots_appointments WHERE idempotency_key = ?`,
  appointmentStatus: 'SELECT status FROM clinic_slots_appointments WHERE id = ?',
  /**
   * The overlap check: a `booked` appointment of `@doctor_id` that overlaps
   * `[@start_ms, @end_ms)`. Nothing lasts longer than the stored maximum duration, so only
   * appointments starting in `(@start_ms - max, @end_ms)` can overlap: a short range scan of the
   * partial index `clinic_slots_appointments_active`, which covers the query.
   */
  overlap:
    "SELECT 1 AS found FROM clinic_slots_appointments WHERE doctor_id = @doctor_id AND status = 'booked' " +
    `AND start_ms < @end_ms AND start_ms > @start_ms - ${MAX_DURATION} AND end_ms > @start_ms LIMIT 1`,
  changeStatus:
    'UPDATE clinic_slots_appointments SET status = @status, updated_ms = @updated_ms, ' +
    'cancellation_reason = IFNULL(@cancellation_reason, cancellation_reason) ' +
    `WHERE id = @id RETURNING ${APPOINTMENT_COLUMNS}`,
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
