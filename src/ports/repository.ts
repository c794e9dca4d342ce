import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentStatus } from '../domain/appointment.js';
import type { Doctor } from '../schemas/doctor.js';

/**
 * What an adapter declares about itself. The conformance kit reads these to decide which groups
 * apply; a group that does not apply is skipped with the reason in its name.
 *
 * @example
 * ```ts
 * import type { RepositoryCapabilities } from 'clinic-slots';
 * const capabilities: RepositoryCapabilities = { concurrentWriters: 'process' };
 * ```
 */
export interface RepositoryCapabilities {
  /**
   * How far the no-overlap guarantee of {@link SchedulingRepository.insertAppointment} reaches:
   * `'process'` (one JavaScript process, like the in-memory adapter) or `'cross-process'`
   * (any number of processes and connections on the same storage, like SQLite and PostgreSQL).
   */
  readonly concurrentWriters: 'process' | 'cross-process';
}

/**
 * One page of a listing, in a stable order, with a cursor for the next page.
 *
 * @example
 * ```ts
 * import type { Page, Doctor } from 'clinic-slots';
 * const hasMore = (page: Page<Doctor>) => page.nextCursor !== undefined;
 * ```
 */
export interface Page<T> {
  /** The items of this page, in order. */
  readonly items: readonly T[];
  /** Pass this back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/**
 * Which doctors to list: at most `limit`, after `cursor` (from a previous {@link Page}).
 *
 * @example
 * ```ts
 * import type { DoctorListQuery } from 'clinic-slots';
 * const first: DoctorListQuery = { limit: 50 };
 * ```
 */
export interface DoctorListQuery {
  /** How many doctors at most (1 to 1,000). */
  readonly limit: number;
  /** An opaque cursor from the previous page's `nextCursor`. */
  readonly cursor?: string;
}

/**
 * Which appointments of one doctor to list. Appointments come ordered by `start`, then `id`.
 * An appointment is in the range when it overlaps `[from, to)`: its `end` is after `from` and its
 * `start` before `to`.
 *
 * @example
 * ```ts
 * import type { AppointmentListQuery } from 'clinic-slots';
 * const query: AppointmentListQuery = {
 *   doctorId: 'dr-wright', from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z',
 *   statuses: ['booked'], limit: 100,
 * };
 * ```
 */
export interface AppointmentListQuery {
  /** The doctor whose appointments to list. */
  readonly doctorId: string;
  /** Only appointments that end after this instant (UTC ISO string, normalised). */
  readonly from?: string;
  /** Only appointments that start before this instant (UTC ISO string, normalised). */
  readonly to?: string;
  /** Only these statuses; all statuses when absent. Never empty. */
  readonly statuses?: readonly AppointmentStatus[];
  /** How many at most (1 to 1,000). */
  readonly limit: number;
  /** An opaque cursor from the previous page's `nextCursor`. */
  readonly cursor?: string;
}

/**
 * A change of one appointment's status, applied only if it is still in `expectedStatus`.
 *
 * @example
 * ```ts
 * import type { StatusChange } from 'clinic-slots';
 * const cancel: StatusChange = {
 *   id: 'a1', expectedStatus: 'booked', status: 'cancelled',
 *   at: '2027-01-02T10:00:00.000Z', cancellationReason: 'patient called',
 * };
 * ```
 */
export interface StatusChange {
  /** The appointment to change. */
  readonly id: string;
  /** The status it must have now; otherwise nothing changes and `NOT_ACTIVE` is thrown. */
  readonly expectedStatus: AppointmentStatus;
  /** The new status. */
  readonly status: AppointmentStatus;
  /** The instant of the change: the new `updatedAt`. */
  readonly at: string;
  /** Stored as `cancellationReason` when given. */
  readonly cancellationReason?: string;
}

/**
 * Options of {@link SchedulingRepository.insertAppointment}.
 *
 * @example
 * ```ts
 * import type { InsertOptions } from 'clinic-slots';
 * const options: InsertOptions = { doctorVersion: 3 };
 * ```
 */
export interface InsertOptions {
  /**
   * The doctor's version the booking was judged against. When given, the insert happens only if
   * the stored doctor still has this version (checked in the same atomic step), else `CONFLICT`.
   * This lets a scheduler judge bookings against a cached doctor safely.
   */
  readonly doctorVersion?: number;
}

/**
 * A reschedule: cancel `fromId` (still `booked`) and insert `replacement`, as one unit.
 *
 * @example
 * ```ts
 * import type { Reschedule, Appointment } from 'clinic-slots';
 * const plan = (old: Appointment, replacement: Appointment, at: string): Reschedule =>
 *   ({ fromId: old.id, replacement, at });
 * ```
 */
export interface Reschedule {
  /** The appointment to cancel. It must be `booked`. */
  readonly fromId: string;
  /**
   * The appointment to insert: `booked`, with `rescheduledFrom` set to `fromId`. Its time may
   * overlap the old appointment's (the old one no longer holds time once cancelled).
   */
  readonly replacement: Appointment;
  /** The instant of the change: the old appointment's new `updatedAt`. */
  readonly at: string;
  /** As {@link InsertOptions.doctorVersion}, for the replacement. */
  readonly doctorVersion?: number;
}

/**
 * The storage port: what the scheduler needs from a store, and all an adapter author implements.
 * The conformance kit (`clinic-slots/testing`) is its executable specification.
 *
 * Rules for every method:
 * - Arguments arrive validated and normalised (instants as `YYYY-MM-DDTHH:mm:ss.sssZ`); the
 *   adapter need not validate them again.
 * - Values are stored verbatim and come back equal (deep equality, no extra keys, optional keys
 *   absent rather than `undefined`).
 * - Refusals are thrown as `SchedulingError` with the code each method names. Anything else that
 *   goes wrong (lost connection, retries exhausted) is thrown as `STORAGE_FAILED`, and the store is
 *   left as it was.
 * - An appointment is *active* when its status is `booked`. Two appointments overlap when each
 *   starts before the other ends: back-to-back (`end == next start`) is not an overlap.
 *
 * @example
 * ```ts
 * import { createMemoryRepository, type SchedulingRepository } from 'clinic-slots';
 * const repository: SchedulingRepository = createMemoryRepository();
 * ```
 */
export interface SchedulingRepository {
  /** What this adapter guarantees; see {@link RepositoryCapabilities}. */
  readonly capabilities: RepositoryCapabilities;

  /** Stores a new doctor (its `version` is 1). Throws `CONFLICT` when the id exists. */
  createDoctor(doctor: Doctor): Promise<void>;

  /** The doctor with this id, or `undefined`. */
  getDoctor(id: string): Promise<Doctor | undefined>;

  /**
   * Doctors ordered by id in UTF-16 code-unit order (as JavaScript's `<` compares strings; in
   * PostgreSQL `COLLATE "C"`), one page at a time.
   */
  listDoctors(query: DoctorListQuery): Promise<Page<Doctor>>;

  /**
   * Replaces a doctor, whose `version` is one more than `expectedVersion`, only if the stored
   * version is still `expectedVersion`. Throws `DOCTOR_NOT_FOUND` when there is no such doctor,
   * `CONFLICT` when the version is stale.
   */
  updateDoctor(doctor: Doctor, expectedVersion: number): Promise<void>;

  /**
   * Deletes a doctor (their appointments stay), atomically with the check that the doctor has no
   * active appointment ending after `activeAfter`; throws `DOCTOR_HAS_APPOINTMENTS` if they do,
   * `DOCTOR_NOT_FOUND` when there is no such doctor, and `CONFLICT` when `expectedVersion` is
   * given and stale.
   */
  deleteDoctor(id: string, options: { activeAfter: string; expectedVersion?: number }): Promise<void>;

  /**
   * The atomic heart of the port. Inserts `appointment` (status `booked`) only if, at the moment
   * of insertion:
   * - its doctor exists, else throws `DOCTOR_NOT_FOUND`;
   * - when `options.doctorVersion` is given, the doctor's stored version equals it, else throws
   *   `CONFLICT` (the booking was judged against a doctor that has changed since);
   * - no appointment has the same `idempotencyKey` (when it has one), else inserts nothing and
   *   returns that earlier appointment;
   * - no active appointment of the same doctor, at any location, overlaps `[start, end)`, else
   *   throws `SLOT_TAKEN`;
   * - no appointment has the same id, else throws `CONFLICT`.
   *
   * The check and the insert must be one atomic step for every writer the adapter's
   * `capabilities.concurrentWriters` covers: two concurrent calls for overlapping times give one
   * success and one `SLOT_TAKEN`, never two successes.
   *
   * @returns the appointment now stored under this request: `appointment` itself, or the earlier
   *   one with the same idempotency key
   */
  insertAppointment(appointment: Appointment, options?: InsertOptions): Promise<Appointment>;

  /** The appointment with this id, or `undefined`. */
  getAppointment(id: string): Promise<Appointment | undefined>;

  /** One doctor's appointments, ordered by `start` then `id`, one page at a time. */
  listAppointments(query: AppointmentListQuery): Promise<Page<Appointment>>;

  /** The appointment that was inserted with this idempotency key, or `undefined`. */
  findAppointmentByIdempotencyKey(key: string): Promise<Appointment | undefined>;

  /**
   * Applies a status change atomically: only if the appointment is still in `expectedStatus`.
   * Throws `APPOINTMENT_NOT_FOUND` or `NOT_ACTIVE`. Callers only ask for moves that
   * `APPOINTMENT_TRANSITIONS` allows (never back to `booked`), so a change never makes time busy;
   * an adapter may refuse any other move with `NOT_ACTIVE` too.
   *
   * @returns the changed appointment
   */
  changeAppointmentStatus(change: StatusChange): Promise<Appointment>;

  /**
   * Cancels `fromId` (setting `rescheduledTo` to the replacement's id) and inserts the replacement
   * under the same rules as {@link SchedulingRepository.insertAppointment}, with the old
   * appointment's time already free, as one unit: both happen or neither does. Throws
   * `APPOINTMENT_NOT_FOUND` or `NOT_ACTIVE` for the old one, and `SLOT_TAKEN`, `DOCTOR_NOT_FOUND`
   * or `CONFLICT` (stale `doctorVersion`, or the id exists) for the new one. The replacement's
   * `idempotencyKey`, if any, is treated as in `insertAppointment` only for uniqueness: a taken
   * key throws `CONFLICT`.
   *
   * @returns the cancelled old appointment and the stored replacement
   */
  rescheduleAppointment(reschedule: Reschedule): Promise<{ cancelled: Appointment; booked: Appointment }>;
}
