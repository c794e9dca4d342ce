import type { Appointment } from '../schemas/appointment.js';
import type { Hold } from '../schemas/hold.js';
import type { AppointmentStatus } from '../domain/appointment.js';
import type { BookingRules, DateOverride, Doctor, NewDoctor, WeeklySchedule } from '../schemas/doctor.js';
import type { Clock } from '../ports/clock.js';
import type { Page, SchedulingRepository } from '../ports/repository.js';

/**
 * What {@link createScheduler} needs: where to store, and what time it is.
 *
 * @example
 * ```ts
 * import { createMemoryRepository, systemClock, type SchedulerOptions } from 'clinic-slots';
 * const options: SchedulerOptions = { repository: createMemoryRepository(), clock: systemClock };
 * ```
 */
export interface SchedulerOptions {
  /** The store; see {@link SchedulingRepository}. */
  readonly repository: SchedulingRepository;
  /** The clock; defaults to the system clock. */
  readonly clock?: Clock;
  /** Makes ids for new doctors, locations, appointments and holds; defaults to `crypto.randomUUID`. */
  readonly newId?: () => string;
  /**
   * The patient-conflict rule: when true, a patient cannot be booked or held into two
   * overlapping appointments or holds, at any doctor (`PATIENT_BUSY`), held by the storage like
   * every other rule. Default false (round one's behaviour).
   */
  readonly patientConflicts?: boolean;
}

/**
 * A bookable start time of a doctor, as the scheduler publishes it: `start` and `end` as UTC
 * instants, and the ids of the locations the doctor can be seen at then.
 *
 * @example
 * ```ts
 * import type { AvailableSlot } from 'clinic-slots';
 * const label = (slot: AvailableSlot) => `${slot.start} at ${slot.locationIds.join(' or ')}`;
 * ```
 */
export interface AvailableSlot {
  /** The start, a UTC instant such as `2027-01-04T14:00:00.000Z`. */
  readonly start: string;
  /** The end: start plus the slot length. */
  readonly end: string;
  /** Where the doctor can be seen then. */
  readonly locationIds: readonly string[];
}

/**
 * Which slots to find: a doctor, a range `[from, to)` of instants (a slot is in the range when
 * its start is), and optionally one location.
 *
 * @example
 * ```ts
 * import type { SlotQuery } from 'clinic-slots';
 * const query: SlotQuery = { doctorId: 'dr-wright', from: '2027-01-04T00:00:00Z', to: '2027-01-11T00:00:00Z' };
 * ```
 */
export interface SlotQuery {
  /** The doctor. */
  readonly doctorId: string;
  /** Start of the range (inclusive), ISO 8601 with an offset or `Z`. */
  readonly from: string;
  /** End of the range (exclusive). */
  readonly to: string;
  /** Only slots offered at this location. */
  readonly locationId?: string;
  /**
   * List as if this appointment (of the same doctor) were not there: the starts it could be
   * rescheduled to. `reschedule` accepts exactly these.
   */
  readonly ignoreAppointmentId?: string;
}

/**
 * A hold request: a published start of a doctor at one of their locations, taken for `ttl`.
 *
 * @example
 * ```ts
 * import type { HoldRequest } from 'clinic-slots';
 * const request: HoldRequest = { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', ttl: 'PT5M' };
 * ```
 */
export interface HoldRequest {
  /** The doctor. */
  readonly doctorId: string;
  /** Where the patient wants to be seen. */
  readonly locationId: string;
  /** A published start, ISO 8601 with an offset or `Z`. */
  readonly start: string;
  /** How long the hold lasts, an ISO 8601 duration (default: the doctor's `holdTtl`, at most `maxHoldTtl`). */
  readonly ttl?: string;
  /** The patient, when known already (with the patient-conflict rule on, the hold claims them too). */
  readonly patientRef?: string;
  /** Makes a retry return the original hold instead of taking a second one. */
  readonly idempotencyKey?: string;
}

/**
 * A hold's renewal: it lasts `ttl` from now.
 *
 * @example
 * ```ts
 * import type { HoldRenewal } from 'clinic-slots';
 * const renewal: HoldRenewal = { ttl: 'PT10M' };
 * ```
 */
export interface HoldRenewal {
  /** The new time to live from now, an ISO 8601 duration (at most the doctor's `maxHoldTtl`). */
  readonly ttl: string;
}

/**
 * A hold's confirmation into an appointment.
 *
 * @example
 * ```ts
 * import type { HoldConfirmRequest } from 'clinic-slots';
 * const confirm: HoldConfirmRequest = { patientRef: 'patient/42', idempotencyKey: 'confirm-7f3a' };
 * ```
 */
export interface HoldConfirmRequest {
  /** The patient the appointment is for. */
  readonly patientRef: string;
  /** Makes a retry return the same appointment. */
  readonly idempotencyKey?: string;
}

/**
 * A booking request: a published start of a doctor at one of their locations, for a patient.
 *
 * @example
 * ```ts
 * import type { BookingRequest } from 'clinic-slots';
 * const request: BookingRequest = {
 *   doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z',
 *   patientRef: 'patient/42', idempotencyKey: 'req-7f3a',
 * };
 * ```
 */
export interface BookingRequest {
  /** The doctor. */
  readonly doctorId: string;
  /** One of the doctor's locations, offered at that start. */
  readonly locationId: string;
  /** The start, exactly as a slot publishes it (ISO 8601 with an offset or `Z`). */
  readonly start: string;
  /** The host's opaque reference to the patient. */
  readonly patientRef: string;
  /** Makes retries safe: the same key and request return the first appointment. */
  readonly idempotencyKey?: string;
}

/**
 * Which appointments of a doctor to list; see {@link Scheduler.listAppointments}.
 *
 * @example
 * ```ts
 * import type { AppointmentQuery } from 'clinic-slots';
 * const query: AppointmentQuery = { doctorId: 'dr-wright', statuses: ['booked'], limit: 50 };
 * ```
 */
export interface AppointmentQuery {
  /** The doctor. */
  readonly doctorId: string;
  /** Only appointments ending after this instant. */
  readonly from?: string;
  /** Only appointments starting before this instant. */
  readonly to?: string;
  /** Only these statuses (default: all). */
  readonly statuses?: readonly AppointmentStatus[];
  /** Page size, 1 to 1,000 (default 100). */
  readonly limit?: number;
  /** The previous page's `nextCursor`. */
  readonly cursor?: string;
}

/**
 * Where to move an appointment: another start, another location, or both.
 *
 * @example
 * ```ts
 * import type { RescheduleRequest } from 'clinic-slots';
 * const later: RescheduleRequest = { start: '2027-01-04T10:00:00Z' };
 * ```
 */
export interface RescheduleRequest {
  /** The new start (default: the current one). */
  readonly start?: string;
  /** The new location (default: the current one). */
  readonly locationId?: string;
}

/**
 * The changeable facts of a doctor, with the `version` they were read at.
 *
 * @example
 * ```ts
 * import type { DoctorUpdate } from 'clinic-slots';
 * const rename: DoctorUpdate = { version: 3, name: 'Dr Jane Wright' };
 * ```
 */
export interface DoctorUpdate {
  /** The version read; a stale one fails with `CONFLICT`. */
  readonly version: number;
  /** A new name. */
  readonly name?: string;
  /** A new IANA time zone. */
  readonly timeZone?: string;
  /** A new weekly schedule. */
  readonly schedule?: WeeklySchedule;
  /** New date overrides (the whole list). */
  readonly overrides?: readonly DateOverride[];
  /** New booking rules. */
  readonly rules?: BookingRules;
}

/**
 * Which page of doctors to list; see {@link Scheduler.listDoctors}.
 *
 * @example
 * ```ts
 * import type { DoctorListRequest } from 'clinic-slots';
 * const firstPage: DoctorListRequest = { limit: 20 };
 * ```
 */
export interface DoctorListRequest {
  /** Page size, 1 to 1,000 (default 100). */
  readonly limit?: number;
  /** The previous page's `nextCursor`. */
  readonly cursor?: string;
}

/**
 * A location to add to a doctor; its id is made up when absent.
 *
 * @example
 * ```ts
 * import type { NewLocation } from 'clinic-slots';
 * const campus: NewLocation = { id: 'uni', address: '2 University Ave' };
 * ```
 */
export interface NewLocation {
  /** The location's id (default: a new UUID). */
  readonly id?: string;
  /** The address, free text. */
  readonly address: string;
}

/**
 * Options of {@link Scheduler.cancel}.
 *
 * @example
 * ```ts
 * import type { CancelOptions } from 'clinic-slots';
 * const options: CancelOptions = { reason: 'patient called' };
 * ```
 */
export interface CancelOptions {
  /** Why; stored as the appointment's `cancellationReason`. */
  readonly reason?: string;
}

/**
 * What {@link Scheduler.reschedule} returns: the old appointment, now cancelled, and the new one.
 *
 * @example
 * ```ts
 * import type { RescheduleResult } from 'clinic-slots';
 * const newStart = (result: RescheduleResult) => result.booked.start;
 * ```
 */
export interface RescheduleResult {
  /** The old appointment, `cancelled`, with `rescheduledTo` naming the new one. */
  readonly cancelled: Appointment;
  /** The new appointment, `booked`, with `rescheduledFrom` naming the old one. */
  readonly booked: Appointment;
}

/**
 * Optimistic concurrency for one change: when `version` is given and stale, the change fails
 * with `CONFLICT`.
 *
 * @example
 * ```ts
 * import type { VersionGuard } from 'clinic-slots';
 * const guard: VersionGuard = { version: 2 };
 * ```
 */
export interface VersionGuard {
  /** The version the caller read. */
  readonly version?: number;
}

/**
 * The scheduling service: doctors, their published slots, appointments and holds. Every method
 * validates its input and rejects only with a {@link SchedulingError} whose code its `@throws`
 * lines list (the same lists, as data: {@link SCHEDULER_ERROR_CODES_BY_METHOD}); a refused call
 * changes nothing. Every method may give `VALIDATION_FAILED` for bad input and `STORAGE_FAILED`
 * when the repository, the clock or `newId` fails (with the original error as `cause`).
 *
 * @example
 * ```ts
 * import { createMemoryRepository, createScheduler, type Scheduler } from 'clinic-slots';
 * const scheduler: Scheduler = createScheduler({ repository: createMemoryRepository() });
 * ```
 */
export interface Scheduler {
  /**
   * Creates a doctor at version 1, with the clock's time as `createdAt` and `updatedAt`; the id
   * and location ids are made with `newId` when absent, the rules default to
   * `DEFAULT_BOOKING_RULES`.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the input is invalid, or the doctor it makes is (a schedule naming an unknown location, `newId` giving two locations the same id)
   * @throws SchedulingError `CONFLICT` when a doctor with that id exists (kind `already-exists`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  createDoctor(input: NewDoctor): Promise<Doctor>;
  /**
   * The doctor with this id.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `STORAGE_FAILED` when the repository fails
   */
  getDoctor(id: string): Promise<Doctor>;
  /**
   * Doctors by id, a page at a time (`limit` 1 to 1,000, default 100).
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the query is invalid, or its `cursor` was not made by this repository
   * @throws SchedulingError `STORAGE_FAILED` when the repository fails
   */
  listDoctors(query?: DoctorListRequest): Promise<Page<Doctor>>;
  /**
   * Changes a doctor's facts (at least one); the new version is the old plus one. Existing
   * appointments stay as they are.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the update is invalid or changes nothing, or the changed doctor is invalid (a schedule naming an unknown location)
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when `version` is not the stored version (kind `stale-version`, with `currentVersion`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  updateDoctor(id: string, update: DoctorUpdate): Promise<Doctor>;
  /**
   * Removes a doctor (their appointments stay), checked atomically by the storage.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id or the guard is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when `guard.version` is not the stored version (kind `stale-version`)
   * @throws SchedulingError `DOCTOR_HAS_APPOINTMENTS` when the doctor has an active appointment that ends after now, or a live hold
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  removeDoctor(id: string, guard?: VersionGuard): Promise<void>;
  /**
   * Adds a location (its id made up with `newId` when absent).
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the input is invalid, or `newId` gives an id the doctor's locations already have
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when the doctor already has a location with that id (kind `already-exists`), or `guard.version` is stale (kind `stale-version`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  addLocation(doctorId: string, location: NewLocation, guard?: VersionGuard): Promise<Doctor>;
  /**
   * Removes a location, checked atomically by the storage: a booking or a hold there made at the
   * same moment (through any process) and the removal never both succeed.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the input is invalid, the location is the doctor's last one, or the schedule or an override still names it
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `LOCATION_NOT_SERVED` when the doctor has no such location
   * @throws SchedulingError `CONFLICT` when `guard.version` is not the stored version (kind `stale-version`)
   * @throws SchedulingError `DOCTOR_HAS_APPOINTMENTS` while an active appointment at that location ends after now, or a hold there is live
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  removeLocation(doctorId: string, locationId: string, guard?: VersionGuard): Promise<Doctor>;
  /**
   * Replaces the weekly schedule.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id, the schedule (overlapping intervals, an unknown location) or the guard is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when `guard.version` is not the stored version (kind `stale-version`, with `currentVersion`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  setWeeklySchedule(doctorId: string, schedule: WeeklySchedule, guard?: VersionGuard): Promise<Doctor>;
  /**
   * Replaces the date overrides.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id, the overrides (a bad date, an unknown location) or the guard is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when `guard.version` is not the stored version (kind `stale-version`, with `currentVersion`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  setOverrides(doctorId: string, overrides: readonly DateOverride[], guard?: VersionGuard): Promise<Doctor>;
  /**
   * Replaces the booking rules.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id, the rules (a malformed duration, a slot longer than 24 hours) or the guard is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `CONFLICT` when `guard.version` is not the stored version (kind `stale-version`, with `currentVersion`)
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  setBookingRules(doctorId: string, rules: BookingRules, guard?: VersionGuard): Promise<Doctor>;
  /**
   * The free published slots of a doctor whose start lies in `[from, to)`, in start order: what
   * `book` accepts right now. For scans longer than 92 days query range after range, or run
   * `iterateSlots` on the doctor.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the query is invalid: `to` not after `from`, or a range longer than 92 days
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `LOCATION_NOT_SERVED` when `locationId` is not one of the doctor's locations
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  findAvailableSlots(query: SlotQuery): Promise<AvailableSlot[]>;
  /**
   * Books a published, free slot: accepted exactly when `findAvailableSlots` would offer that
   * start at that location now, and stored by the repository's atomic insert, so concurrent
   * bookings never overlap. With an `idempotencyKey`, a retry of the same request returns the
   * original appointment as it is now (even if cancelled or rescheduled since). A doctor changed
   * while the call judges it is judged again, as it is now.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the request is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `LOCATION_NOT_SERVED` when the doctor is not seen at that location at that start (or has no such location)
   * @throws SchedulingError `SLOT_NOT_OFFERED` when the start is not a published slot start of the doctor
   * @throws SchedulingError `SLOT_TAKEN` when an active appointment or a live hold of the doctor overlaps the slot (each widened by the buffers)
   * @throws SchedulingError `TOO_LATE` when the start is in the past or within the minimum notice
   * @throws SchedulingError `BEYOND_HORIZON` when the start is further ahead than the booking horizon
   * @throws SchedulingError `IDEMPOTENCY_MISMATCH` when the idempotency key was used for another request
   * @throws SchedulingError `CONFLICT` only when the doctor changed 8 times in a row while this call was judging it (kind `stale-version`), or the host's `newId` gave the id of an existing appointment (kind `already-exists`); a retry is safe
   * @throws SchedulingError `PATIENT_BUSY` when the patient-conflict rule is on and the patient has an active appointment or a live hold overlapping the slot, at any doctor
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  book(request: BookingRequest): Promise<Appointment>;
  /**
   * The appointment with this id.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `STORAGE_FAILED` when the repository fails
   */
  getAppointment(id: string): Promise<Appointment>;
  /**
   * A doctor's appointments in start order (then id), a page at a time: those overlapping
   * `[from, to)` when given, in `statuses` when given; `limit` 1 to 1,000, default 100. Works for
   * removed doctors too (their appointments stay), and gives an empty page for an unknown doctor.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the query is invalid, or its `cursor` was not made by this repository
   * @throws SchedulingError `STORAGE_FAILED` when the repository fails
   */
  listAppointments(query: AppointmentQuery): Promise<Page<Appointment>>;
  /**
   * Cancels a booked appointment, keeping it with `status: 'cancelled'` and the `reason` as
   * `cancellationReason`; its time is free again.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id or the options are invalid
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `NOT_ACTIVE` when the appointment is not `booked`
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  cancel(id: string, options?: CancelOptions): Promise<Appointment>;
  /**
   * Moves a booked appointment to another start and/or location of the same doctor: the new time
   * is judged like `book`, with the old appointment's own time counted as free; then the new
   * appointment (same patient, `rescheduledFrom` the old) is booked and the old one cancelled
   * (`rescheduledTo` the new) as one unit.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id or the request is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when the appointment's doctor was removed (possible once its appointments have ended)
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `LOCATION_NOT_SERVED` when the doctor is not seen at that location at the new start (or has no such location)
   * @throws SchedulingError `SLOT_NOT_OFFERED` when the new start is not a published slot start of the doctor
   * @throws SchedulingError `SLOT_TAKEN` when another active appointment or a live hold of the doctor overlaps the new slot (each widened by the buffers)
   * @throws SchedulingError `TOO_LATE` when the new start is in the past or within the minimum notice
   * @throws SchedulingError `BEYOND_HORIZON` when the new start is further ahead than the booking horizon
   * @throws SchedulingError `NOT_ACTIVE` when the appointment is not `booked`
   * @throws SchedulingError `CONFLICT` only when the doctor changed 8 times in a row while this call was judging it (kind `stale-version`), or the host's `newId` gave the id of an existing appointment (kind `already-exists`); a retry is safe
   * @throws SchedulingError `PATIENT_BUSY` when the patient-conflict rule is on and the appointment's patient has another active appointment or a live hold overlapping the new slot, at any doctor
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  reschedule(id: string, request: RescheduleRequest): Promise<RescheduleResult>;
  /**
   * Marks a booked appointment `fulfilled`.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `NOT_ACTIVE` when the appointment is not `booked`
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  markFulfilled(id: string): Promise<Appointment>;
  /**
   * Marks a booked appointment `noshow`.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `NOT_ACTIVE` when the appointment is not `booked`
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  markNoShow(id: string): Promise<Appointment>;
  /**
   * Marks any appointment `entered-in-error`, freeing its time.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `APPOINTMENT_NOT_FOUND` when no appointment has that id
   * @throws SchedulingError `NOT_ACTIVE` when the appointment already is `entered-in-error`
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  markEnteredInError(id: string): Promise<Appointment>;
  /**
   * Takes a published, free start for a while (a patient filling in a form): judged like `book`,
   * and kept by the storage like an appointment, so a live hold hides its time from listings and
   * refuses other bookings and holds. It lasts `ttl` (default: the doctor's `holdTtl`) and frees
   * its time by itself at `expiresAt`, with no background job. With `patientRef` and the
   * patient-conflict rule on, it keeps the patient's time too. With an `idempotencyKey`, a retry
   * of the same request returns the original hold as it is now (holds have keys of their own,
   * apart from appointments').
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the request is invalid, or its `ttl` is longer than the doctor's `maxHoldTtl`
   * @throws SchedulingError `DOCTOR_NOT_FOUND` when no doctor has that id
   * @throws SchedulingError `LOCATION_NOT_SERVED` when the doctor is not seen at that location at that start (or has no such location)
   * @throws SchedulingError `SLOT_NOT_OFFERED` when the start is not a published slot start of the doctor
   * @throws SchedulingError `SLOT_TAKEN` when an active appointment or a live hold of the doctor overlaps the slot (each widened by the buffers)
   * @throws SchedulingError `TOO_LATE` when the start is in the past or within the minimum notice
   * @throws SchedulingError `BEYOND_HORIZON` when the start is further ahead than the booking horizon
   * @throws SchedulingError `IDEMPOTENCY_MISMATCH` when the idempotency key was used for another hold request
   * @throws SchedulingError `CONFLICT` only when the doctor changed 8 times in a row while this call was judging it (kind `stale-version`), or the host's `newId` gave the id of an existing hold (kind `already-exists`); a retry is safe
   * @throws SchedulingError `PATIENT_BUSY` when the patient-conflict rule is on and `patientRef` has an active appointment or a live hold overlapping the slot, at any doctor
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  hold(request: HoldRequest): Promise<Hold>;
  /**
   * The hold with this id, in any status. A `held` hold past its `expiresAt` comes back
   * `expired`, whether or not a write has marked it so yet.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `HOLD_NOT_FOUND` when no hold has that id
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  getHold(id: string): Promise<Hold>;
  /**
   * Makes a live hold last `ttl` from now: its `expiresAt` becomes now plus `ttl`, its time stays
   * the same.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id or the renewal is invalid, or `ttl` is longer than the doctor's `maxHoldTtl`
   * @throws SchedulingError `DOCTOR_NOT_FOUND` only when the doctor of a live hold is gone: removed by a process whose clock had passed the hold's `expiresAt` (a live hold keeps its doctor from being removed)
   * @throws SchedulingError `NOT_ACTIVE` when the hold is no longer `held`: released, confirmed, or marked `expired` by a write that needed its time
   * @throws SchedulingError `HOLD_NOT_FOUND` when no hold has that id
   * @throws SchedulingError `HOLD_EXPIRED` when the hold is still `held` but its `expiresAt` has passed
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  renewHold(id: string, renewal: HoldRenewal): Promise<Hold>;
  /**
   * Releases a live hold: it becomes `released`, and its time is free again at once.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when `id` is not a well-formed id
   * @throws SchedulingError `NOT_ACTIVE` when the hold is no longer `held`: released, confirmed, or marked `expired` by a write that needed its time
   * @throws SchedulingError `HOLD_NOT_FOUND` when no hold has that id
   * @throws SchedulingError `HOLD_EXPIRED` when the hold is still `held` but its `expiresAt` has passed
   * @throws SchedulingError `STORAGE_FAILED` when the repository or the clock fails
   */
  releaseHold(id: string): Promise<Hold>;
  /**
   * Turns a live hold into a `booked` appointment for `patientRef`, as one unit: the appointment
   * has the hold's doctor, location, start and end (the start is not judged again: the hold kept
   * it), and the hold becomes `confirmed`, naming it in `appointmentId`. With an
   * `idempotencyKey`, a retried confirmation of the same hold for the same patient returns the
   * same appointment, as it is now.
   *
   * @throws SchedulingError `VALIDATION_FAILED` when the id or the request is invalid
   * @throws SchedulingError `DOCTOR_NOT_FOUND` only when the doctor of a live hold is gone: removed by a process whose clock had passed the hold's `expiresAt` (a live hold keeps its doctor from being removed)
   * @throws SchedulingError `SLOT_TAKEN` only when the doctor's buffers grew since the hold was taken, and the wider time overlaps another active appointment or live hold
   * @throws SchedulingError `NOT_ACTIVE` when the hold is no longer `held`: released, confirmed (but not with this `idempotencyKey`), or marked `expired` by a write that needed its time
   * @throws SchedulingError `IDEMPOTENCY_MISMATCH` when the idempotency key was used for another appointment, or for this hold's confirmation for another patient
   * @throws SchedulingError `CONFLICT` only when the host's `newId` gave the id of an existing appointment, or another confirmation took the same idempotency key at the same moment (kind `already-exists`); a retry is safe
   * @throws SchedulingError `HOLD_NOT_FOUND` when no hold has that id
   * @throws SchedulingError `HOLD_EXPIRED` when the hold is still `held` but its `expiresAt` has passed
   * @throws SchedulingError `PATIENT_BUSY` when the patient-conflict rule is on and the patient has an active appointment or a live hold overlapping the hold's time, at any doctor
   * @throws SchedulingError `STORAGE_FAILED` when the repository, the clock or `newId` fails
   */
  confirmHold(id: string, request: HoldConfirmRequest): Promise<Appointment>;
}
