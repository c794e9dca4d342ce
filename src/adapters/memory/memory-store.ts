import { SchedulingError } from '../../domain/errors.js';
import { refusals } from '../../domain/refusals.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type {
  AppointmentListQuery,
  DoctorListQuery,
  InsertOptions,
  Page,
  Reschedule,
  StatusChange,
} from '../../ports/repository.js';
import { appointmentCursorKey, appointmentPage, doctorCursorId, doctorPage, rowLimit } from '../shared/page.js';
import {
  checkDoctorVersion,
  checkStatusChange,
} from '../shared/refusals.js';
import { compareStrings, lowerBound, upperBound } from './memory-sorted-array.js';

/** The appointments of one doctor, kept sorted so that lookups are binary searches. */
interface DoctorAppointments {
  /** Every appointment of the doctor, ordered by `start`, then `id`. */
  readonly all: Appointment[];
  /**
   * The doctor's `booked` appointments, ordered by `start`. They never overlap, so they are
   * ordered by `end` as well.
   */
  readonly active: Appointment[];
}

const byStartThenId = (a: Appointment, key: { start: string; id: string }): number =>
  compareStrings(a.start, key.start) || compareStrings(a.id, key.id);

const clone = <T>(value: T): T => structuredClone(value);

/**
 * The state of an in-memory repository and its operations, all synchronous: every check and the
 * change it guards run in one step of the event loop, so no other call can come in between.
 * Values are copied in and out, so callers never hold a reference to stored state.
 *
 * @internal
 */
export class MemoryStore {
  private readonly doctors = new Map<string, Doctor>();
  /** Doctor ids in code-unit order, for paging. */
  private readonly doctorIds: string[] = [];
  private readonly appointments = new Map<string, Appointment>();
  private readonly appointmentIdByKey = new Map<string, string>();
  /** Per doctor id; kept after the doctor is deleted, because their appointments stay. */
  private readonly byDoctor = new Map<string, DoctorAppointments>();

  createDoctor(doctor: Doctor): void {
    if (this.doctors.has(doctor.id)) throw refusals.alreadyExists('doctor', doctor.id);
    this.doctors.set(doctor.id, clone(doctor));
    this.doctorIds.splice(lowerBound(this.doctorIds, doctor.id, compareStrings), 0, doctor.id);
  }

  getDoctor(id: string): Doctor | undefined {
    const doctor = this.doctors.get(id);
    return doctor === undefined ? undefined : clone(doctor);
  }

  listDoctors(query: DoctorListQuery): Page<Doctor> {
    const after = doctorCursorId(query.cursor);
    const from = after === undefined ? 0 : upperBound(this.doctorIds, after, compareStrings);
    const ids = this.doctorIds.slice(from, from + rowLimit(query.limit));
    return doctorPage(ids, query.limit, (id) => clone(this.doctors.get(id)!));
  }

  updateDoctor(doctor: Doctor, expectedVersion: number): void {
    this.checkDoctor(doctor.id, expectedVersion);
    this.doctors.set(doctor.id, clone(doctor));
  }

  deleteDoctor(id: string, options: { activeAfter: string; expectedVersion?: number }): void {
    this.checkDoctor(id, options.expectedVersion);
    // Active appointments are ordered by end too, so the last one ends last.
    const lastActive = this.byDoctor.get(id)?.active.at(-1);
    if (lastActive !== undefined && lastActive.end > options.activeAfter) {
      throw refusals.hasAppointments(id);
    }
    this.doctors.delete(id);
    this.doctorIds.splice(lowerBound(this.doctorIds, id, compareStrings), 1);
  }

  insertAppointment(appointment: Appointment, options: InsertOptions = {}): Appointment {
    this.checkDoctor(appointment.doctorId, options.doctorVersion);
    if (appointment.idempotencyKey !== undefined) {
      const earlierId = this.appointmentIdByKey.get(appointment.idempotencyKey);
      if (earlierId !== undefined) return clone(this.appointments.get(earlierId)!);
    }
    this.checkInsertable(appointment);
    this.store(appointment);
    return clone(appointment);
  }

  /**
   * Stores an appointment in any status, as data to start with: its doctor must exist, its id and
   * idempotency key must be new (else `CONFLICT`), and a `booked` one must not overlap.
   */
  seedAppointment(appointment: Appointment): void {
    this.checkDoctor(appointment.doctorId, undefined);
    if (appointment.idempotencyKey !== undefined && this.appointmentIdByKey.has(appointment.idempotencyKey)) {
      throw refusals.alreadyExists('idempotency-key', appointment.idempotencyKey);
    }
    if (appointment.status === 'booked') this.checkInsertable(appointment);
    else if (this.appointments.has(appointment.id)) throw refusals.alreadyExists('appointment', appointment.id);
    this.store(appointment);
  }

  getAppointment(id: string): Appointment | undefined {
    const appointment = this.appointments.get(id);
    return appointment === undefined ? undefined : clone(appointment);
  }

  listAppointments(query: AppointmentListQuery): Page<Appointment> {
    const all = this.byDoctor.get(query.doctorId)?.all ?? [];
    const after = appointmentCursorKey(query.cursor);
    const statuses = query.statuses === undefined ? undefined : new Set(query.statuses);
    const rows: Appointment[] = [];
    for (let index = after === undefined ? 0 : upperBound(all, after, byStartThenId); index < all.length; index++) {
      if (rows.length === rowLimit(query.limit)) break;
      const appointment = all[index]!;
      if (query.to !== undefined && appointment.start >= query.to) break;
      if (query.from !== undefined && appointment.end <= query.from) continue;
      if (statuses !== undefined && !statuses.has(appointment.status)) continue;
      rows.push(appointment);
    }
    return appointmentPage(rows, query.limit, clone);
  }

  findAppointmentByIdempotencyKey(key: string): Appointment | undefined {
    const id = this.appointmentIdByKey.get(key);
    return id === undefined ? undefined : clone(this.appointments.get(id)!);
  }

  changeAppointmentStatus(change: StatusChange): Appointment {
    const stored = this.changeable(change.id, change.expectedStatus, change.status);
    if (stored.status === 'booked') this.removeActive(stored);
    stored.status = change.status;
    stored.updatedAt = change.at;
    if (change.cancellationReason !== undefined) stored.cancellationReason = change.cancellationReason;
    return clone(stored);
  }

  rescheduleAppointment(reschedule: Reschedule): { cancelled: Appointment; booked: Appointment } {
    const old = this.changeable(reschedule.fromId, 'booked', 'cancelled');
    const replacement = reschedule.replacement;
    this.checkDoctor(replacement.doctorId, reschedule.doctorVersion);
    if (replacement.idempotencyKey !== undefined && this.appointmentIdByKey.has(replacement.idempotencyKey)) {
      throw refusals.alreadyExists('idempotency-key', replacement.idempotencyKey);
    }
    this.checkInsertable(replacement, old.id);
    // Every check passed: from here on nothing can fail, so both changes happen.
    this.removeActive(old);
    old.status = 'cancelled';
    old.updatedAt = reschedule.at;
    old.rescheduledTo = replacement.id;
    this.store(replacement);
    return { cancelled: clone(old), booked: clone(replacement) };
  }

  /** Throws `DOCTOR_NOT_FOUND`, or `CONFLICT` when `expectedVersion` is given and stale. */
  private checkDoctor(doctorId: string, expectedVersion: number | undefined): void {
    checkDoctorVersion(doctorId, this.doctors.get(doctorId)?.version, expectedVersion);
  }

  /** Throws `SLOT_TAKEN` when an active appointment (other than `ignoreId`) overlaps, `CONFLICT` when the id exists. */
  private checkInsertable(appointment: Appointment, ignoreId?: string): void {
    const active = this.byDoctor.get(appointment.doctorId)?.active ?? [];
    // Candidates start before the new end; since active appointments do not overlap each other,
    // the latest-starting one also ends last, so walking back stops at the first that ends in time.
    for (let i = lowerBound(active, appointment.end, (a, end) => compareStrings(a.start, end)) - 1; i >= 0; i--) {
      const candidate = active[i]!;
      if (candidate.end <= appointment.start) break;
      if (candidate.id !== ignoreId) throw refusals.start('SLOT_TAKEN', appointment.doctorId, appointment.start);
    }
    if (this.appointments.has(appointment.id)) throw refusals.alreadyExists('appointment', appointment.id);
  }

  /** The stored appointment, if it is in `expectedStatus` and may become `status`; else the refusal. */
  private changeable(id: string, expectedStatus: Appointment['status'], status: Appointment['status']): Appointment {
    const stored = this.appointments.get(id);
    checkStatusChange(id, stored?.status, expectedStatus, status);
    return stored!;
  }

  private store(appointment: Appointment): void {
    const stored = clone(appointment);
    this.appointments.set(stored.id, stored);
    if (stored.idempotencyKey !== undefined) this.appointmentIdByKey.set(stored.idempotencyKey, stored.id);
    let index = this.byDoctor.get(stored.doctorId);
    if (index === undefined) {
      index = { all: [], active: [] };
      this.byDoctor.set(stored.doctorId, index);
    }
    index.all.splice(upperBound(index.all, stored, byStartThenId), 0, stored);
    if (stored.status === 'booked') index.active.splice(upperBound(index.active, stored, byStartThenId), 0, stored);
  }

  private removeActive(appointment: Appointment): void {
    const active = this.byDoctor.get(appointment.doctorId)!.active;
    const at = lowerBound(active, appointment, byStartThenId);
    if (active[at] === appointment) active.splice(at, 1);
  }
}
