import { isId } from '../domain/ids.js';
import { refusals } from '../domain/refusals.js';
import type { Clock } from '../ports/clock.js';
import type { SchedulingRepository } from '../ports/repository.js';
import type { Doctor } from '../schemas/doctor.js';
import type { CompiledSchedule } from '../slots/compiled-schedule.js';
import { MAX_INSTANT_MS, formatInstant } from '../time/instant.js';
import { ScheduleCache } from './schedule-cache.js';

/** The largest page the port serves. */
const PORT_PAGE = 1000;

/**
 * The current instant of one operation, read once: epoch milliseconds and the normalised string.
 *
 * @internal
 */
export interface Instant {
  /** Epoch milliseconds. */
  readonly ms: number;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly iso: string;
}

/**
 * What the scheduler's operations share: the guarded repository, the clock, the id maker and the
 * schedule cache, with the small helpers built on them.
 *
 * @internal
 */
export interface SchedulerContext {
  /** The repository; it throws only `SchedulingError`s. */
  readonly repository: SchedulingRepository;
  /** The compiled schedules of doctors read recently. */
  readonly schedules: ScheduleCache;
  /** Whether writes claim the patient too (the patient-conflict rule). */
  readonly patientConflicts: boolean;
  /** Reads the clock once. */
  now(): Instant;
  /** A new id from the host's `newId`, checked. */
  newId(): string;
  /** Reads the stored doctor, or throws `DOCTOR_NOT_FOUND` (and forgets its schedule). */
  loadDoctor(id: string): Promise<Doctor>;
  /** Reads the stored doctor and gives its compiled schedule (compiled once per version). */
  loadSchedule(id: string): Promise<CompiledSchedule>;
}

/**
 * Builds the shared context of one scheduler.
 *
 * @internal
 */
export function createSchedulerContext(
  repository: SchedulingRepository,
  clock: Clock,
  makeId: (() => string) | undefined,
  cacheSize: number,
  patientConflicts = false,
): SchedulerContext {
  const schedules = new ScheduleCache(cacheSize);
  /** The instant read last: operations in the same millisecond share it (and its string). */
  let last: Instant = { ms: Number.NaN, iso: '' };

  const now = (): Instant => {
    let date: unknown;
    try {
      date = clock.now();
    } catch (cause) {
      throw refusals.storageFailed('the clock failed', cause);
    }
    const ms = date instanceof Date ? date.getTime() : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_INSTANT_MS) {
      throw refusals.storageFailed('the clock returned no valid instant');
    }
    if (ms !== last.ms) last = { ms, iso: formatInstant(ms) };
    return last;
  };

  const newId = (): string => {
    // Random UUIDs are always valid ids; only a host's own id maker needs checking.
    if (makeId === undefined) return globalThis.crypto.randomUUID();
    let id: unknown;
    try {
      id = makeId();
    } catch (cause) {
      throw refusals.storageFailed('newId() failed', cause);
    }
    if (!isId(id)) {
      throw refusals.storageFailed('newId() returned an invalid id');
    }
    return id;
  };

  const loadDoctor = async (id: string): Promise<Doctor> => {
    const doctor = await repository.getDoctor(id);
    if (doctor === undefined) {
      schedules.delete(id);
      throw refusals.doctorNotFound(id);
    }
    return doctor;
  };

  const loadSchedule = async (id: string): Promise<CompiledSchedule> => schedules.of(await loadDoctor(id));

  return { repository, schedules, patientConflicts, now, newId, loadDoctor, loadSchedule };
}
