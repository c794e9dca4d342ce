import type { Doctor } from '../schemas/doctor.js';

/**
 * A small least-recently-used cache of doctors, by id, for one scheduler. It only saves reads:
 * bookings judged against a cached doctor are inserted with `{ doctorVersion }`, so the storage
 * refuses them if the doctor changed since.
 *
 * @internal
 */
export class DoctorCache {
  readonly #entries = new Map<string, Doctor>();
  readonly #capacity: number;

  /** @param capacity - how many doctors to keep at most */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached doctor (now the most recently used), or `undefined`. */
  get(id: string): Doctor | undefined {
    const doctor = this.#entries.get(id);
    if (doctor !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, doctor);
    }
    return doctor;
  }

  /** Remembers a doctor, unless a newer version of it is already cached. */
  set(doctor: Doctor): void {
    const cached = this.#entries.get(doctor.id);
    if (cached !== undefined && cached.version > doctor.version) return;
    this.#entries.delete(doctor.id);
    this.#entries.set(doctor.id, doctor);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  /** Forgets a doctor. */
  delete(id: string): void {
    this.#entries.delete(id);
  }

  /** How many doctors are cached. */
  get size(): number {
    return this.#entries.size;
  }
}
