import { SchedulingError } from '../../domain/errors.js';
import { refusals } from '../../domain/refusals.js';
import { claimsCollide, type Claim, type StoredClaim } from '../../domain/claims.js';
import { isLiveHold } from '../../domain/hold.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type {
  AppointmentListQuery,
  ClaimQuery,
  DoctorListQuery,
  DoctorUpdateOptions,
  HoldChange,
  HoldConfirmation,
  HoldInsertOptions,
  InsertOptions,
  Page,
  Reschedule,
  StatusChange,
} from '../../ports/repository.js';
import { claimsOf } from '../shared/claims.js';
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

/** A claim as kept: its owner with it. */
type Entry = StoredClaim;

const byFromThenOwner = (a: Entry, key: { from: string; ownerId: string }): number =>
  compareStrings(a.from, key.from) || compareStrings(a.ownerId, key.ownerId);

/** The key of a claim's resource in `lanes`. */
const resourceKey = (claim: Pick<Claim, 'kind' | 'id'>): string => `${claim.kind}:${claim.id}`;

/**
 * The index of the first entry of a lane that ends after `from`: the entries of a lane never
 * overlap, so they are ordered by `to` as well as by `from`.
 */
const firstEndingAfter = (entries: readonly Entry[], from: string): number =>
  lowerBound(entries, from, (entry, probe) => (entry.to <= probe ? -1 : 1));

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
  private readonly holds = new Map<string, Hold>();
  private readonly holdIdByKey = new Map<string, string>();
  /**
   * The claims not yet released, per resource (`kind:id`) and lane, ordered by `from`: those of
   * `booked` appointments and of `held` holds, expired or not. They never overlap within a lane
   * (an expired hold's claims are released before a claim overlapping them is added), so they are
   * ordered by `to` as well.
   */
  private readonly lanes = new Map<string, Map<number, Entry[]>>();
  /** The claims of each owner (`kind:id`: a hold and an appointment may share an id), as kept in `lanes`. */
  private readonly claimsByOwner = new Map<string, Entry[]>();

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

  updateDoctor(doctor: Doctor, expectedVersion: number, options: DoctorUpdateOptions = {}): void {
    this.checkDoctor(doctor.id, expectedVersion);
    const removed = options.removedLocation;
    if (removed !== undefined) {
      const active = this.byDoctor.get(doctor.id)?.active ?? [];
      if (
        active.some((a) => a.locationId === removed.id && a.end > removed.activeAfter) ||
        this.liveHoldsOf(doctor.id, removed.activeAfter).some((h) => h.locationId === removed.id)
      ) {
        throw refusals.hasAppointments(doctor.id, removed.id);
      }
    }
    this.doctors.set(doctor.id, clone(doctor));
  }

  deleteDoctor(id: string, options: { activeAfter: string; expectedVersion?: number }): void {
    this.checkDoctor(id, options.expectedVersion);
    // Active appointments are ordered by end too, so the last one ends last.
    const lastActive = this.byDoctor.get(id)?.active.at(-1);
    if ((lastActive !== undefined && lastActive.end > options.activeAfter) || this.liveHoldsOf(id, options.activeAfter).length > 0) {
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
    if (this.appointments.has(appointment.id)) throw refusals.alreadyExists('appointment', appointment.id);
    const claims = claimsOf(appointment, options.claims);
    const retire = this.checkClaims(claims, appointment.createdAt);
    this.retire(retire, appointment.createdAt);
    this.store(appointment);
    this.take(claims, appointment.id, 'appointment');
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
    if (this.appointments.has(appointment.id)) throw refusals.alreadyExists('appointment', appointment.id);
    const claims = claimsOf(appointment);
    if (appointment.status === 'booked') this.checkClaims(claims, appointment.createdAt);
    this.store(appointment);
    if (appointment.status === 'booked') this.take(claims, appointment.id, 'appointment');
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
    if (stored.status === 'booked') {
      this.removeActive(stored);
      this.release('appointment', stored.id);
    }
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
    if (this.appointments.has(replacement.id)) throw refusals.alreadyExists('appointment', replacement.id);
    const claims = claimsOf(replacement, reschedule.claims);
    const retire = this.checkClaims(claims, replacement.createdAt, { kind: 'appointment', id: old.id });
    // Every check passed: from here on nothing can fail, so both changes happen.
    this.retire(retire, replacement.createdAt);
    this.release('appointment', old.id);
    this.removeActive(old);
    old.status = 'cancelled';
    old.updatedAt = reschedule.at;
    old.rescheduledTo = replacement.id;
    this.store(replacement);
    this.take(claims, replacement.id, 'appointment');
    return { cancelled: clone(old), booked: clone(replacement) };
  }

  listClaims(query: ClaimQuery): StoredClaim[] {
    const found: StoredClaim[] = [];
    for (const entries of this.lanes.get(resourceKey(query))?.values() ?? []) {
      for (let i = firstEndingAfter(entries, query.from); i < entries.length; i++) {
        const entry = entries[i]!;
        if (entry.from >= query.to) break;
        if (this.isLive(entry, query.at)) found.push({ ...entry });
      }
    }
    return found.sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.ownerId, b.ownerId));
  }

  insertHold(hold: Hold, options: HoldInsertOptions = {}): Hold {
    this.checkDoctor(hold.doctorId, options.doctorVersion);
    if (hold.idempotencyKey !== undefined) {
      const earlierId = this.holdIdByKey.get(hold.idempotencyKey);
      if (earlierId !== undefined) return clone(this.holds.get(earlierId)!);
    }
    if (this.holds.has(hold.id)) throw refusals.alreadyExists('hold', hold.id);
    const claims = claimsOf(hold, options.claims);
    const retire = this.checkClaims(claims, hold.createdAt);
    this.retire(retire, hold.createdAt);
    const stored = clone(hold);
    this.holds.set(stored.id, stored);
    if (stored.idempotencyKey !== undefined) this.holdIdByKey.set(stored.idempotencyKey, stored.id);
    this.take(claims, stored.id, 'hold');
    return clone(stored);
  }

  getHold(id: string): Hold | undefined {
    const hold = this.holds.get(id);
    return hold === undefined ? undefined : clone(hold);
  }

  findHoldByIdempotencyKey(key: string): Hold | undefined {
    const id = this.holdIdByKey.get(key);
    return id === undefined ? undefined : clone(this.holds.get(id)!);
  }

  changeHold(change: HoldChange): Hold {
    const hold = this.liveHold(change.id, change.at);
    if (change.expiresAt === undefined) {
      hold.status = 'released';
      this.release('hold', hold.id);
    } else {
      hold.expiresAt = change.expiresAt;
    }
    hold.updatedAt = change.at;
    return clone(hold);
  }

  confirmHold(confirmation: HoldConfirmation): { hold: Hold; appointment: Appointment } {
    const { appointment, at } = confirmation;
    const stored = this.holds.get(confirmation.holdId);
    if (stored?.status === 'confirmed' && stored.appointmentId !== undefined) {
      // A retried confirmation gives what the first one made.
      const made = this.appointments.get(stored.appointmentId);
      if (made !== undefined && appointment.idempotencyKey !== undefined && made.idempotencyKey === appointment.idempotencyKey) {
        return { hold: clone(stored), appointment: clone(made) };
      }
    }
    const hold = this.liveHold(confirmation.holdId, at);
    if (appointment.idempotencyKey !== undefined && this.appointmentIdByKey.has(appointment.idempotencyKey)) {
      throw refusals.alreadyExists('idempotency-key', appointment.idempotencyKey);
    }
    if (this.appointments.has(appointment.id)) throw refusals.alreadyExists('appointment', appointment.id);
    const claims = claimsOf(appointment, confirmation.claims);
    const retire = this.checkClaims(claims, at, { kind: 'hold', id: hold.id });
    this.retire(retire, at);
    this.release('hold', hold.id);
    hold.status = 'confirmed';
    hold.appointmentId = appointment.id;
    hold.updatedAt = at;
    this.store(appointment);
    this.take(claims, appointment.id, 'appointment');
    return { hold: clone(hold), appointment: clone(appointment) };
  }

  /** The doctor's holds live at `after` that end after it. */
  private liveHoldsOf(doctorId: string, after: string): Hold[] {
    return [...this.holds.values()].filter((h) => h.doctorId === doctorId && isLiveHold(h, after) && h.end > after);
  }

  /** The hold, `held` and live at `at`; else `HOLD_NOT_FOUND`, `NOT_ACTIVE` or `HOLD_EXPIRED`. */
  private liveHold(id: string, at: string): Hold {
    const hold = this.holds.get(id);
    if (hold === undefined) throw refusals.holdNotFound(id);
    if (hold.status !== 'held') throw refusals.holdNotActive(id, hold.status);
    if (!isLiveHold(hold, at)) throw refusals.holdExpired(id, hold.expiresAt);
    return hold;
  }

  /** Whether a kept claim is live at `at`: its owner is an appointment, or a hold live then. */
  private isLive(entry: Entry, at: string): boolean {
    if (entry.ownerKind === 'appointment') return true;
    const hold = this.holds.get(entry.ownerId);
    return hold !== undefined && isLiveHold(hold, at);
  }

  /**
   * Refuses the first of `claims` that collides with a claim live at `at` (other than those of
   * `ignoreOwner`) or with another of `claims`; else gives the expired holds in the way.
   */
  private checkClaims(claims: readonly Claim[], at: string, ignoreOwner?: { kind: Entry['ownerKind']; id: string }): Set<string> {
    const expired = new Set<string>();
    claims.forEach((claim, i) => {
      if (claims.some((other, j) => j < i && claimsCollide(claim, other))) throw refusals.claimTaken(claim);
      const entries = this.lanes.get(resourceKey(claim))?.get(claim.lane) ?? [];
      for (let k = firstEndingAfter(entries, claim.from); k < entries.length; k++) {
        const entry = entries[k]!;
        if (entry.from >= claim.to) break;
        if (entry.ownerKind === ignoreOwner?.kind && entry.ownerId === ignoreOwner.id) continue;
        if (this.isLive(entry, at)) throw refusals.claimTaken(claim);
        expired.add(entry.ownerId);
      }
    });
    return expired;
  }

  /** Marks expired holds `expired` and releases their claims. */
  private retire(holdIds: ReadonlySet<string>, at: string): void {
    for (const id of holdIds) {
      const hold = this.holds.get(id)!;
      hold.status = 'expired';
      hold.updatedAt = at;
      this.release('hold', id);
    }
  }

  /** Keeps an owner's claims (checked already). */
  private take(claims: readonly Claim[], ownerId: string, ownerKind: Entry['ownerKind']): void {
    const kept: Entry[] = [];
    for (const claim of claims) {
      const entry: Entry = { kind: claim.kind, id: claim.id, lane: claim.lane, from: claim.from, to: claim.to, ownerId, ownerKind };
      let resource = this.lanes.get(resourceKey(claim));
      if (resource === undefined) {
        resource = new Map();
        this.lanes.set(resourceKey(claim), resource);
      }
      let entries = resource.get(claim.lane);
      if (entries === undefined) {
        entries = [];
        resource.set(claim.lane, entries);
      }
      entries.splice(upperBound(entries, entry, byFromThenOwner), 0, entry);
      kept.push(entry);
    }
    this.claimsByOwner.set(`${ownerKind}:${ownerId}`, kept);
  }

  /** Releases an owner's claims. */
  private release(ownerKind: Entry['ownerKind'], ownerId: string): void {
    const key = `${ownerKind}:${ownerId}`;
    for (const entry of this.claimsByOwner.get(key) ?? []) {
      const entries = this.lanes.get(resourceKey(entry))!.get(entry.lane)!;
      // Entries of one start and owner id (a hold's and an appointment's) sit side by side.
      for (let at = lowerBound(entries, entry, byFromThenOwner); at < entries.length && entries[at]!.from === entry.from; at++) {
        if (entries[at] === entry) {
          entries.splice(at, 1);
          break;
        }
      }
    }
    this.claimsByOwner.delete(key);
  }

  /** Throws `DOCTOR_NOT_FOUND`, or `CONFLICT` when `expectedVersion` is given and stale. */
  private checkDoctor(doctorId: string, expectedVersion: number | undefined): void {
    checkDoctorVersion(doctorId, this.doctors.get(doctorId)?.version, expectedVersion);
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
