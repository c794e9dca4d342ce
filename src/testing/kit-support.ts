import { expect } from 'vitest';
import type { SchedulingErrorCode } from '../domain/errors.js';
import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentListQuery, SchedulingRepository } from '../ports/repository.js';
import type { ConformanceOptions } from './conformance-options.js';

/** A Monday, far enough ahead that no real clock gets in the way. */
const BASE = Date.parse('2030-01-07T08:00:00.000Z');

/**
 * The instant `minutes` after the kit's base instant (2030-01-07T08:00Z), normalised.
 *
 * @internal
 */
export function at(minutes: number): string {
  return new Date(BASE + minutes * 60_000).toISOString();
}

/**
 * Runs `body` with a fresh repository from `options.create()`, and tears it down afterwards.
 *
 * @internal
 */
export async function withRepository<T>(
  options: ConformanceOptions,
  body: (repository: SchedulingRepository) => Promise<T>,
): Promise<T> {
  const fixture = await options.create();
  try {
    return await body(fixture.repository);
  } finally {
    await fixture.teardown();
  }
}

/**
 * Asserts that `promise` rejects with a `SchedulingError` carrying `code` (never the message).
 * Compared by `name`, not `instanceof`, so two copies of the package still agree.
 *
 * @internal
 */
export async function expectCode(promise: Promise<unknown>, code: SchedulingErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'SchedulingError', code });
}

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

/** The default number of runs of property and model-based tests. @internal */
export const DEFAULT_NUM_RUNS = 30;

/** The default timeout of property, model-based and concurrency tests. @internal */
export const DEFAULT_SLOW_TIMEOUT = 120_000;
