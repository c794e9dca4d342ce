import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentStatus } from '../domain/appointment.js';
import type { Doctor } from '../schemas/doctor.js';
import type { Hold } from '../schemas/hold.js';
import type { Claim, ClaimKind, StoredClaim } from '../domain/claims.js';

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
  /**
   * The claims the appointment takes, all or none (see {@link Claim}); when absent, one claim of
   * its doctor over its own time (`{ kind: 'doctor', id: doctorId, lane: 0, from: start, to: end }`).
   * Each is refused when it overlaps a live claim on the same resource lane at the appointment's
   * `createdAt`: `SLOT_TAKEN` for a doctor's, `PATIENT_BUSY` for a patient's.
   */
  readonly claims?: readonly Claim[];
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
  /** As {@link InsertOptions.claims}, for the replacement; the old appointment's claims are released first. */
  readonly claims?: readonly Claim[];
}

/**
 * Options of {@link SchedulingRepository.updateDoctor}.
 *
 * @example
 * ```ts
 * import type { DoctorUpdateOptions } from 'clinic-slots';
 * const removing: DoctorUpdateOptions = { removedLocation: { id: 'old-site', activeAfter: '2027-01-04T08:00:00.000Z' } };
 * ```
 */
export interface DoctorUpdateOptions {
  /**
   * A location the update removes: the update happens only if no `booked` appointment of the
   * doctor at that location, and no hold there live at `activeAfter`, ends after `activeAfter`
   * (checked in the same atomic step, so a booking or a hold there and the removal never both
   * succeed, and no hold can be confirmed there later), else `DOCTOR_HAS_APPOINTMENTS`.
   */
  readonly removedLocation?: { readonly id: string; readonly activeAfter: string };
}

/**
 * Which live claims to list: those of one resource that overlap `[from, to)` and are live `at`.
 *
 * @example
 * ```ts
 * import type { ClaimQuery } from 'clinic-slots';
 * const query: ClaimQuery = {
 *   kind: 'doctor', id: 'dr-wright', from: '2027-01-04T00:00:00.000Z', to: '2027-01-05T00:00:00.000Z', at: '2027-01-02T10:00:00.000Z',
 * };
 * ```
 */
export interface ClaimQuery {
  /** The resource's kind. */
  readonly kind: ClaimKind;
  /** The resource's id. */
  readonly id: string;
  /** Claims that end after this instant. */
  readonly from: string;
  /** Claims that start before this instant. */
  readonly to: string;
  /** The instant that decides liveness: holds past their `expiresAt` then are not listed. */
  readonly at: string;
}

/**
 * Options of {@link SchedulingRepository.insertHold}: as for an appointment.
 *
 * @example
 * ```ts
 * import type { HoldInsertOptions } from 'clinic-slots';
 * const options: HoldInsertOptions = { doctorVersion: 3 };
 * ```
 */
export interface HoldInsertOptions {
  /** As {@link InsertOptions.doctorVersion}. */
  readonly doctorVersion?: number;
  /** As {@link InsertOptions.claims}, judged at the hold's `createdAt`; default: its doctor over its time. */
  readonly claims?: readonly Claim[];
}

/**
 * A hold's confirmation: the hold becomes the appointment, as one unit.
 *
 * @example
 * ```ts
 * import type { HoldConfirmation, Appointment } from 'clinic-slots';
 * const confirm = (holdId: string, appointment: Appointment): HoldConfirmation => ({ holdId, appointment, at: appointment.createdAt });
 * ```
 */
export interface HoldConfirmation {
  /** The hold to confirm: `held` and live at `at`. */
  readonly holdId: string;
  /** The appointment it becomes: `booked`, at the hold's doctor, location, start and end. */
  readonly appointment: Appointment;
  /** The appointment's claims (default: its doctor over its time); the hold's are released first. */
  readonly claims?: readonly Claim[];
  /** The instant of the confirmation: the hold's new `updatedAt`; liveness is judged then. */
  readonly at: string;
}

/**
 * A change of a live hold: renewed to a new expiry, or released.
 *
 * @example
 * ```ts
 * import type { HoldChange } from 'clinic-slots';
 * const renew: HoldChange = { id: 'h1', at: '2027-01-02T10:05:00.000Z', expiresAt: '2027-01-02T10:15:00.000Z' };
 * const release: HoldChange = { id: 'h1', at: '2027-01-02T10:05:00.000Z' };
 * ```
 */
export interface HoldChange {
  /** The hold. */
  readonly id: string;
  /** The instant of the change: the new `updatedAt`; the hold must be live then. */
  readonly at: string;
  /** The new expiry, after `at`: a renewal. Absent: a release. */
  readonly expiresAt?: string;
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
 * - An appointment is *active* when its status is `booked`. Two ranges overlap when each starts
 *   before the other ends: back-to-back (`end == next start`) is not an overlap.
 * - **Claims** hold every rule (see {@link Claim}): an appointment or a hold takes claims on
 *   resource lanes, and no two live claims on one lane overlap, in any order of writing. A claim
 *   is live while its owner is: a `booked` appointment, or a `held` hold whose `expiresAt` is
 *   after the instant of the write (or of the query). An appointment that leaves `booked`, and a
 *   hold that is released, confirmed or expired, release their claims in the same atomic step.
 *   An adapter whose storage can check constraints also refuses overlapping live claims written
 *   by outside SQL.
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
   * `CONFLICT` (kind `stale-version`, with the `currentVersion`) when the version is stale, and
   * with `options.removedLocation`, `DOCTOR_HAS_APPOINTMENTS` when a `booked` appointment at that
   * location ends after its `activeAfter`; all checked in one atomic step with the write.
   */
  updateDoctor(doctor: Doctor, expectedVersion: number, options?: DoctorUpdateOptions): Promise<void>;

  /**
   * Deletes a doctor (their appointments and holds stay), atomically with the check that the
   * doctor has no active appointment, and no hold live at `activeAfter`, ending after `activeAfter`; throws `DOCTOR_HAS_APPOINTMENTS` if they do,
   * `DOCTOR_NOT_FOUND` when there is no such doctor, and `CONFLICT` when `expectedVersion` is
   * given and stale.
   */
  deleteDoctor(id: string, options: { activeAfter: string; expectedVersion?: number }): Promise<void>;

  /**
   * The atomic heart of the port. Inserts `appointment` (status `booked`) with its claims (see
   * {@link InsertOptions.claims}) only if, at the moment of insertion:
   * - its doctor exists, else throws `DOCTOR_NOT_FOUND`;
   * - when `options.doctorVersion` is given, the doctor's stored version equals it, else throws
   *   `CONFLICT` (the booking was judged against a doctor that has changed since);
   * - no appointment has the same `idempotencyKey` (when it has one), else inserts nothing and
   *   returns that earlier appointment;
   * - none of its claims overlaps a live claim on the same resource lane (live at the
   *   appointment's `createdAt`), else throws `SLOT_TAKEN` (a doctor's claim) or `PATIENT_BUSY`
   *   (a patient's); a `held` hold past its `expiresAt` whose claims are in the way is marked
   *   `expired` and releases them in the same atomic step;
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

  /**
   * The live claims of one resource overlapping `[from, to)` at the instant `at` (claims of
   * `booked` appointments, and of `held` holds whose `expiresAt` is after `at`), ordered by
   * `from`, then owner id.
   */
  listClaims(query: ClaimQuery): Promise<StoredClaim[]>;

  /**
   * Stores a new hold (`held`), with its claims, under the same rules as
   * {@link SchedulingRepository.insertAppointment}, judged at the hold's `createdAt`: a doctor that
   * exists and still has `doctorVersion` (else `DOCTOR_NOT_FOUND`, `CONFLICT`), no other hold with
   * its `idempotencyKey` (else that earlier hold is returned and nothing is stored), every claim
   * free (else `SLOT_TAKEN` or `PATIENT_BUSY`), a new id (else `CONFLICT`). Holds past their
   * `expiresAt` whose claims are in the way are marked `expired` and release their claims in the
   * same atomic step: no background job is needed.
   *
   * @returns the hold now stored under this request
   */
  insertHold(hold: Hold, options?: HoldInsertOptions): Promise<Hold>;

  /** The hold with this id, as stored (a `held` hold past its `expiresAt` is expired all the same), or `undefined`. */
  getHold(id: string): Promise<Hold | undefined>;

  /** The hold that was stored with this idempotency key, or `undefined`. */
  findHoldByIdempotencyKey(key: string): Promise<Hold | undefined>;

  /**
   * Renews (with `expiresAt`) or releases (without) a hold that is live at `at`. Throws
   * `HOLD_NOT_FOUND`; `HOLD_EXPIRED` when it is `held` but its `expiresAt` is not after `at`;
   * `NOT_ACTIVE` when it is `released`, `confirmed` or `expired`. A refusal changes nothing. A
   * release frees its claims; a renewal keeps them (the same times, to a new expiry).
   *
   * @returns the changed hold
   */
  changeHold(change: HoldChange): Promise<Hold>;

  /**
   * Confirms a hold into an appointment as one unit: the hold, live at `at`, becomes `confirmed`
   * with `appointmentId`, its claims are released, and the appointment is inserted with its
   * claims under the rules of {@link SchedulingRepository.insertAppointment} (without a doctor
   * version: the hold kept the time). Throws `HOLD_NOT_FOUND`, `HOLD_EXPIRED`, `NOT_ACTIVE` as
   * {@link SchedulingRepository.changeHold} does, and `SLOT_TAKEN`/`PATIENT_BUSY` for a claim
   * the hold did not have. An appointment with the same idempotency key is returned, as by
   * `insertAppointment`, only when this very hold made it (a retried confirmation); else
   * `CONFLICT`.
   *
   * @returns the confirmed hold and the stored appointment
   */
  confirmHold(confirmation: HoldConfirmation): Promise<{ hold: Hold; appointment: Appointment }>;
}
