import { REPOSITORY_METHODS } from '../../src/booking/guarded-repository.js';
import { expect } from 'vitest';
import {
  SchedulingError,
  createMemoryRepository,
  createScheduler,
  fixedClock,
  type Appointment,
  type Doctor,
  type NewDoctor,
  type SchedulingErrorCode,
  type SchedulingRepository,
} from 'clinic-slots';

/** Friday 1 January 2027, 08:00 UTC: the default "now" of these tests. */
export const NOW = '2027-01-01T08:00:00.000Z';

/** Monday 4 January 2027 at `hh:mm` UTC, normalised. */
export const monday = (hhmm: string): string => `2027-01-04T${hhmm}:00.000Z`;

/** A doctor in UTC, open Mondays 09:00-12:00 at two locations. */
export const DR_WRIGHT: NewDoctor = {
  id: 'dr-wright',
  name: 'Jane Wright',
  timeZone: 'UTC',
  locations: [
    { id: 'park-st', address: '1 Park St' },
    { id: 'uni', address: '2 University Ave' },
  ],
  schedule: { monday: [{ start: '09:00', end: '12:00' }] },
};

/** A repository, a clock at {@link NOW}, counted ids, and a scheduler on them. */
export function setup(options: { repository?: SchedulingRepository; now?: string } = {}) {
  const repository = options.repository ?? createMemoryRepository();
  const clock = fixedClock(options.now ?? NOW);
  let n = 0;
  const scheduler = createScheduler({ repository, clock, newId: () => `id-${++n}` });
  return { repository, clock, scheduler };
}

/** {@link setup}, with {@link DR_WRIGHT} (and changes) created. */
export async function setupWithDoctor(changes: Partial<NewDoctor> = {}, options: { now?: string } = {}) {
  const s = setup(options);
  const doctor = await s.scheduler.createDoctor({ ...DR_WRIGHT, ...changes });
  return { ...s, doctor };
}

/** Asserts that `promise` rejects with a `SchedulingError` carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: SchedulingErrorCode): Promise<SchedulingError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${code}, but it resolved with ${JSON.stringify(value)?.slice(0, 300)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchedulingError);
  expect((error as SchedulingError).code).toBe(code);
  return error as SchedulingError;
}

/** Everything a repository holds, for before/after comparisons: doctors, and their appointments. */
export async function snapshot(repository: SchedulingRepository): Promise<{ doctors: Doctor[]; appointments: Appointment[] }> {
  const doctors: Doctor[] = [];
  let cursor: string | undefined;
  do {
    const page = await repository.listDoctors(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor });
    doctors.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const appointments: Appointment[] = [];
  for (const doctor of doctors) {
    let next: string | undefined;
    do {
      const page = await repository.listAppointments(
        next === undefined ? { doctorId: doctor.id, limit: 1000 } : { doctorId: doctor.id, limit: 1000, cursor: next },
      );
      appointments.push(...page.items);
      next = page.nextCursor;
    } while (next !== undefined);
  }
  return { doctors, appointments };
}

/** The port's method names. */
export const PORT_METHODS = REPOSITORY_METHODS;

/** The port's method names. */
export type PortMethod = (typeof PORT_METHODS)[number];

/** Wraps a repository and records the name of every port method called through it. */
export function countingRepository(inner: SchedulingRepository): { repository: SchedulingRepository; calls: PortMethod[] } {
  const calls: PortMethod[] = [];
  const repository = { capabilities: inner.capabilities } as Record<string, unknown>;
  for (const name of PORT_METHODS) {
    repository[name] = (...args: unknown[]) => {
      calls.push(name);
      return (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return { repository: repository as unknown as SchedulingRepository, calls };
}
