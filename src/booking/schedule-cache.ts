import type { Doctor } from '../schemas/doctor.js';
import { compile, compileSchedule, type CompiledSchedule } from '../slots/compiled-schedule.js';

/**
 * The compiled schedules of one scheduler's doctors, least recently used first out. Key: the
 * doctor's id; an entry is reused for a doctor of the same `version` and `createdAt` (a doctor
 * removed and created again with the same id has another `createdAt`), so an unchanged doctor is
 * validated and compiled once. Bound: `capacity` doctors.
 *
 * It only saves work: bookings judged against a cached schedule are written with
 * `{ doctorVersion }`, so the storage refuses them if the doctor changed since.
 *
 * @internal
 */
export class ScheduleCache {
  readonly #entries = new Map<string, CompiledSchedule>();
  readonly #capacity: number;

  /** @param capacity - how many doctors to keep at most */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached schedule of a doctor (now the most recently used), or `undefined`. */
  get(doctorId: string): CompiledSchedule | undefined {
    const schedule = this.#entries.get(doctorId);
    if (schedule !== undefined) {
      this.#entries.delete(doctorId);
      this.#entries.set(doctorId, schedule);
    }
    return schedule;
  }

  /**
   * The compiled schedule of a doctor as stored: the cached one when it was compiled from the
   * same version, else the doctor validated and compiled now, and cached unless a newer version
   * of it is cached already.
   *
   * @param doctor - the doctor as stored
   * @param validated - true when `DoctorSchema` accepted this very doctor already
   * @throws SchedulingError `VALIDATION_FAILED` when the doctor is invalid
   */
  of(doctor: Doctor, validated = false): CompiledSchedule {
    const cached = this.get(doctor.id);
    if (cached !== undefined && cached.version === doctor.version && cached.createdAt === doctor.createdAt) return cached;
    const compiled = validated ? compile(doctor) : compileSchedule(doctor);
    if (cached === undefined || cached.createdAt !== doctor.createdAt || cached.version < doctor.version) this.#set(compiled);
    return compiled;
  }

  /** Forgets a doctor. */
  delete(doctorId: string): void {
    this.#entries.delete(doctorId);
  }

  /** How many doctors are cached. */
  get size(): number {
    return this.#entries.size;
  }

  #set(schedule: CompiledSchedule): void {
    this.#entries.delete(schedule.doctorId);
    this.#entries.set(schedule.doctorId, schedule);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }
}
