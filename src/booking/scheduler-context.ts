import { SchedulingError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { SchedulingRepository } from '../ports/repository.js';
import type { Appointment } from '../schemas/appointment.js';
import type { Doctor } from '../schemas/doctor.js';
import { IdSchema } from '../schemas/primitives.js';
import { DoctorCache } from './doctor-cache.js';
import { formatInstant } from './iso-instant.js';

/** The latest instant the port's normalised strings can hold. */
const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

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
 * doctor cache, with the small helpers built on them.
 *
 * @internal
 */
export interface SchedulerContext {
  /** The repository; it throws only `SchedulingError`s. */
  readonly repository: SchedulingRepository;
  /** Doctors read recently. */
  readonly cache: DoctorCache;
  /** Reads the clock once. */
  now(): Instant;
  /** A new id from the host's `newId`, checked. */
  newId(): string;
  /** Reads the stored doctor (refreshing the cache), or throws `DOCTOR_NOT_FOUND`. */
  loadDoctor(id: string): Promise<Doctor>;
  /** Every `booked` appointment of a doctor overlapping `[from, to)` (epoch ms), all pages. */
  activeAppointments(doctorId: string, from: number, to: number): Promise<Appointment[]>;
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
): SchedulerContext {
  const cache = new DoctorCache(cacheSize);
  /** The instant read last: operations in the same millisecond share it (and its string). */
  let last: Instant = { ms: Number.NaN, iso: '' };

  const now = (): Instant => {
    let date: unknown;
    try {
      date = clock.now();
    } catch (cause) {
      throw new SchedulingError('STORAGE_FAILED', 'the clock failed', { cause });
    }
    const ms = date instanceof Date ? date.getTime() : Number.NaN;
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_INSTANT_MS) {
      throw new SchedulingError('STORAGE_FAILED', 'the clock returned no valid instant');
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
      throw new SchedulingError('STORAGE_FAILED', 'newId() failed', { cause });
    }
    if (typeof id !== 'string' || !IdSchema.safeParse(id).success) {
      throw new SchedulingError('STORAGE_FAILED', 'newId() returned an invalid id');
    }
    return id;
  };

  const loadDoctor = async (id: string): Promise<Doctor> => {
    const doctor = await repository.getDoctor(id);
    if (doctor === undefined) {
      cache.delete(id);
      throw new SchedulingError('DOCTOR_NOT_FOUND', `no doctor ${id}`);
    }
    cache.set(structuredClone(doctor));
    return doctor;
  };

  const activeAppointments = async (doctorId: string, from: number, to: number): Promise<Appointment[]> => {
    const range = {
      doctorId,
      from: new Date(Math.max(0, from)).toISOString(),
      to: new Date(Math.min(MAX_INSTANT_MS, to)).toISOString(),
      statuses: ['booked'] as const,
      limit: PORT_PAGE,
    };
    const found: Appointment[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listAppointments(cursor === undefined ? range : { ...range, cursor });
      found.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return found;
  };

  return { repository, cache, now, newId, loadDoctor, activeAppointments };
}
