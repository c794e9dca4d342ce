import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentListQuery, SchedulingRepository } from '../ports/repository.js';

/**
 * Every appointment that `query` matches, read page by page (`pageSize` at a time).
 *
 * @internal
 */
export async function listAllAppointments(
  repository: SchedulingRepository,
  query: Omit<AppointmentListQuery, 'limit' | 'cursor'>,
  pageSize = 1000,
): Promise<Appointment[]> {
  const all: Appointment[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await repository.listAppointments(cursor === undefined ? { ...query, limit: pageSize } : { ...query, limit: pageSize, cursor });
    all.push(...page.items);
    if (page.nextCursor === undefined) return all;
    cursor = page.nextCursor;
  }
  throw new Error('listAppointments never reached a last page');
}
