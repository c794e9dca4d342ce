import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Page } from '../../ports/repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/**
 * How many rows to read for a page of `limit` items: one more, so that a row left over tells
 * that another page follows.
 *
 * @internal
 */
export function rowLimit(limit: number): number {
  return limit + 1;
}

/**
 * The page of rows read with {@link rowLimit}: the first `limit` rows as items, and, when a row
 * was left over, a cursor holding `keyOf` the last item.
 *
 * @internal
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  toItem: (row: R) => T,
  keyOf: (item: T) => readonly (string | number)[],
): Page<T> {
  const items = rows.slice(0, limit).map((row) => toItem(row));
  const last = items.at(-1);
  return rows.length > limit && last !== undefined ? { items, nextCursor: encodeCursor(keyOf(last)) } : { items };
}

/**
 * The id after which a doctor listing goes on (`undefined` for the first page). Doctors are
 * listed by id, and a cursor holds the id of the last doctor of its page.
 *
 * @internal
 */
export function doctorCursorId(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, ['string'])[0];
}

/**
 * A page of doctors from rows read with {@link rowLimit}, ordered by id.
 *
 * @internal
 */
export function doctorPage<R>(rows: readonly R[], limit: number, toDoctor: (row: R) => Doctor): Page<Doctor> {
  return toPage(rows, limit, toDoctor, (doctor) => [doctor.id]);
}

/**
 * Where an appointment listing goes on (`undefined` for the first page): after the appointment
 * with this start (an instant) and id. Appointments are listed by start, then id.
 *
 * @internal
 */
export function appointmentCursorKey(cursor: string | undefined): { start: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [start, id] = decodeCursor(cursor, ['string', 'string']);
  return { start, id };
}

/**
 * A page of appointments from rows read with {@link rowLimit}, ordered by start then id; its
 * cursor holds the start (an instant) and id of the last one.
 *
 * @internal
 */
export function appointmentPage<R>(rows: readonly R[], limit: number, toAppointment: (row: R) => Appointment): Page<Appointment> {
  return toPage(rows, limit, toAppointment, (appointment) => [appointment.start, appointment.id]);
}
