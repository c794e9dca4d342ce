import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentStatus } from '../domain/appointment.js';
import type { Claim, ClaimKind, StoredClaim } from '../domain/claims.js';
import type { Doctor } from '../schemas/doctor.js';
import type { Hold } from '../schemas/hold.js';
import type { SchedulingErrorCode } from '../domain/errors.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';

/** Who holds a set of claims: an appointment or a hold, by id. */
interface Owner {
  readonly kind: StoredClaim['ownerKind'];
  readonly id: string;
}

/**
 * What the repository should hold, as plain maps: the model of the model-based test. It is
 * written from the port's contract, not from any adapter: collisions are found by scanning every
 * claim ever taken, and liveness is worked out from the owners' statuses and the model's clock.
 *
 * @internal
 */
export interface RepositoryModel {
  /** The doctors that exist now, as they should read. */
  readonly doctors: Map<string, Doctor>;
  /** Every doctor id ever created, in order: commands pick doctors by position in it. */
  readonly doctorIds: string[];
  /** Every appointment ever stored, in insertion order, as it should read now. */
  readonly appointments: Map<string, Appointment>;
  /** Idempotency key to appointment id. */
  readonly keys: Map<string, string>;
  /**
   * Every hold ever stored, in insertion order, as it should read now. A `held` hold past its
   * `expiresAt` that no write has met yet may read `held` or `expired` (the port lets an adapter
   * retire it early); one that a write met must read `expired`, with any `updatedAt`.
   */
  readonly holds: Map<string, Hold>;
  /** Idempotency key to hold id: a namespace of its own. */
  readonly holdKeys: Map<string, string>;
  /** The claims each appointment (`appointment:<id>`) and hold (`hold:<id>`) took when it was stored. */
  readonly claims: Map<string, { readonly owner: Owner; readonly claims: readonly Claim[] }>;
  /** The model's clock, in minutes after the start of the run, and counters for fresh ids. */
  next: { appointment: number; hold: number; minute: number };
}

/** The lifecycle as the model knows it (from the design, not from the code under test). */
const NEXT_STATUSES: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['cancelled', 'fulfilled', 'noshow', 'entered-in-error'],
  cancelled: ['entered-in-error'],
  fulfilled: ['entered-in-error'],
  noshow: ['entered-in-error'],
  'entered-in-error': [],
};
const STATUSES = Object.keys(NEXT_STATUSES) as AppointmentStatus[];
/** Shared by appointments and holds, whose keys are separate namespaces: the model checks they stay apart. */
const KEYS = ['key-0', 'key-1', 'key-2'] as const;
const PATIENTS = ['patient/0', 'patient/1'] as const;
const SLOT_MINUTES = 15;
const MAX_DOCTORS = 5;
/** Buffers of a buffered claim, unequal on purpose. */
const BUFFER_BEFORE_MS = 5 * 60_000;
const BUFFER_AFTER_MS = 10 * 60_000;
/** The model's clock starts well before the times it books (like a booking made days ahead). */
const CLOCK_START = -2000;
/** Wider than every time the model books, buffers included. */
const CLAIM_RANGE = { from: at(-600), to: at(600) } as const;

const pick = <T>(items: readonly T[], position: number): T | undefined =>
  items.length === 0 ? undefined : items[position % items.length];

/** The model's clock now. */
const nowOf = (model: Readonly<RepositoryModel>): string => at(CLOCK_START + model.next.minute);

/** Moves the model's clock a minute on and returns the new instant: the instant of one command's write. */
const tick = (model: RepositoryModel): string => {
  model.next.minute += 1;
  return nowOf(model);
};

const minutesAfter = (instant: string, minutes: number): string => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
const shifted = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString();
const ownerKey = (owner: Owner): string => `${owner.kind}:${owner.id}`;

/** Whether an owner's claims are live at `instant`: a booked appointment, or a held hold before its expiry. */
function isLive(model: Readonly<RepositoryModel>, owner: Owner, instant: string): boolean {
  if (owner.kind === 'appointment') return model.appointments.get(owner.id)?.status === 'booked';
  const hold = model.holds.get(owner.id);
  return hold !== undefined && hold.status === 'held' && instant < hold.expiresAt;
}

/** Every live claim at `instant`, but those of `ignore`. */
function liveClaims(model: Readonly<RepositoryModel>, instant: string, ignore?: Owner): StoredClaim[] {
  const live: StoredClaim[] = [];
  for (const { owner, claims } of model.claims.values()) {
    if ((ignore !== undefined && ownerKey(owner) === ownerKey(ignore)) || !isLive(model, owner, instant)) continue;
    for (const c of claims) live.push({ kind: c.kind, id: c.id, lane: c.lane, from: c.from, to: c.to, ownerId: owner.id, ownerKind: owner.kind });
  }
  return live;
}

const collide = (a: Claim, b: Claim): boolean => a.kind === b.kind && a.id === b.id && a.lane === b.lane && a.from < b.to && b.from < a.to;

/** The codes a write of `claims` at `instant` may be refused with: one per kind of claim in the way. */
function claimRefusals(model: Readonly<RepositoryModel>, claims: readonly Claim[], instant: string, ignore?: Owner): SchedulingErrorCode[] {
  const live = liveClaims(model, instant, ignore);
  const codes = new Set<SchedulingErrorCode>();
  for (const claim of claims) {
    if (live.some((l) => collide(claim, l))) codes.add(claim.kind === 'patient' ? 'PATIENT_BUSY' : 'SLOT_TAKEN');
  }
  return [...codes];
}

/** Records a write that landed at `instant`: its claims, and the expired holds in their way, now `expired`. */
function recordWrite(model: RepositoryModel, owner: Owner, claims: readonly Claim[], instant: string): void {
  for (const hold of model.holds.values()) {
    if (hold.status !== 'held' || instant < hold.expiresAt) continue;
    const held = model.claims.get(ownerKey({ kind: 'hold', id: hold.id }))?.claims ?? [];
    if (held.some((h) => claims.some((c) => collide(h, c)))) model.holds.set(hold.id, { ...hold, status: 'expired' });
  }
  model.claims.set(ownerKey(owner), { owner, claims });
}

/** Awaits `promise`; when `codes` is not empty it must reject with one of them, else fulfil. */
async function expectOutcome<T>(promise: Promise<T>, codes: readonly SchedulingErrorCode[]): Promise<T | undefined> {
  if (codes.length === 0) return promise;
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a refusal with ${codes.join(' or ')}, but it succeeded with ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  assert.equal(name, 'SchedulingError', `expected a SchedulingError with ${codes.join(' or ')}, got ${String(error)}`);
  assert.ok((codes as readonly unknown[]).includes(code), `expected a refusal with ${codes.join(' or ')}, got ${String(code)}`);
  return undefined;
}

/** Asserts that `actual` is the hold the model has, with the latitude the port gives expired holds. */
function expectHold(model: Readonly<RepositoryModel>, expected: Hold | undefined, actual: Hold | undefined): void {
  if (expected === undefined || actual === undefined) {
    assert.deepStrictEqual(actual, expected);
    return;
  }
  const timeExpired = expected.status === 'held' && nowOf(model) >= expected.expiresAt;
  if (expected.status === 'expired' || (timeExpired && actual.status === 'expired')) {
    // Marked expired by a write: every field kept but the status, and `updatedAt`, which the port leaves open.
    assert.deepStrictEqual({ ...actual, updatedAt: expected.updatedAt }, { ...expected, status: 'expired' }, `hold ${expected.id}`);
    return;
  }
  assert.deepStrictEqual(actual, expected, `hold ${expected.id}`);
}

const byStartThenId = (a: Appointment, b: Appointment): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const byFromThenOwner = (a: StoredClaim, b: StoredClaim): number =>
  a.from < b.from ? -1 : a.from > b.from ? 1 : a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : 0;

/**
 * Compares everything the repository holds with the model: every doctor, the doctor listing
 * (paged), every doctor's appointments (paged), every hold, and the live claims of every doctor
 * and patient at the model's clock, plus the invariants that no two active appointments of a
 * doctor overlap and no two live claims on a lane overlap.
 *
 * @internal
 */
export async function expectMatchesModel(model: RepositoryModel, repository: SchedulingRepository): Promise<void> {
  const doctors: Doctor[] = [];
  let cursor: string | undefined;
  do {
    const page = await repository.listDoctors(cursor === undefined ? { limit: 2 } : { limit: 2, cursor });
    doctors.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined && doctors.length <= MAX_DOCTORS);
  assert.deepStrictEqual(doctors, [...model.doctors.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  for (const doctorId of model.doctorIds) {
    assert.deepStrictEqual(await repository.getDoctor(doctorId), model.doctors.get(doctorId));
    const stored = await listAllAppointments(repository, { doctorId }, 3);
    const expected = [...model.appointments.values()].filter((a) => a.doctorId === doctorId).sort(byStartThenId);
    assert.deepStrictEqual(stored, expected);
    const active = stored.filter((a) => a.status === 'booked');
    for (let i = 1; i < active.length; i++) assert.ok(active[i - 1]!.end <= active[i]!.start, `${active[i - 1]!.id} overlaps ${active[i]!.id}`);
  }
  for (const [id, hold] of model.holds) expectHold(model, hold, await repository.getHold(id));
  const now = nowOf(model);
  const live = liveClaims(model, now);
  const resources: Array<[ClaimKind, string]> = [...model.doctorIds.map((id) => ['doctor', id] as [ClaimKind, string]), ...PATIENTS.map((id) => ['patient', id] as [ClaimKind, string])];
  for (const [kind, id] of resources) {
    const listed = await repository.listClaims({ kind, id, ...CLAIM_RANGE, at: now });
    assert.deepStrictEqual(listed, live.filter((c) => c.kind === kind && c.id === id).sort(byFromThenOwner), `the live claims of ${kind} ${id} at ${now}`);
    for (const [i, a] of listed.entries()) for (const b of listed.slice(i + 1)) assert.ok(!collide(a, b), `${a.ownerId} and ${b.ownerId} overlap on ${kind} ${id}`);
  }
}

type Command = fc.AsyncCommand<RepositoryModel, SchedulingRepository, false>;
type VersionMode = 'none' | 'current' | 'stale';
/** Which claims a write takes: the default (its doctor over its time), buffered, with its patient, or both. */
type ClaimMode = 'default' | 'buffered' | 'patient' | 'buffered+patient';

/** The version to send: none, the doctor's current one, or one that is not. */
const versionFor = (doctor: Doctor | undefined, mode: VersionMode): number | undefined =>
  mode === 'none' ? undefined : mode === 'current' || doctor === undefined ? (doctor?.version ?? 1) : doctor.version + 1;

/**
 * The claims to pass for `owner` (`undefined`: none, the default) and the claims the model
 * expects it to take.
 */
function claimsOf(owner: { doctorId: string; start: string; end: string; patientRef?: string }, mode: ClaimMode): { passed?: Claim[]; taken: Claim[] } {
  const buffered = mode === 'buffered' || mode === 'buffered+patient';
  const doctor: Claim = {
    kind: 'doctor',
    id: owner.doctorId,
    lane: 0,
    from: buffered ? shifted(owner.start, -BUFFER_BEFORE_MS) : owner.start,
    to: buffered ? shifted(owner.end, BUFFER_AFTER_MS) : owner.end,
  };
  if (mode === 'default') return { taken: [doctor] };
  const taken = [doctor];
  if ((mode === 'patient' || mode === 'buffered+patient') && owner.patientRef !== undefined) {
    taken.push({ kind: 'patient', id: owner.patientRef, lane: 0, from: owner.start, to: owner.end });
  }
  return { passed: taken, taken };
}

class CreateDoctor implements Command {
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length < MAX_DOCTORS;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const doctor = aDoctor({ id: `doctor-${model.doctorIds.length}`, createdAt: tick(model) });
    await repository.createDoctor(doctor);
    model.doctors.set(doctor.id, doctor);
    model.doctorIds.push(doctor.id);
    await expectMatchesModel(model, repository);
  }
  toString = () => 'createDoctor';
}

class UpdateDoctor implements Command {
  constructor(readonly doctorAt: number, readonly stale: boolean, readonly removeLocation: boolean) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const id = pick(model.doctorIds, this.doctorAt)!;
    const current = model.doctors.get(id);
    const now = tick(model);
    const version = current?.version ?? 1;
    const expectedVersion = this.stale ? version + 1 : version;
    const locations = (current?.locations ?? aDoctor().locations).filter((l) => !this.removeLocation || l.id !== 'location-2');
    const updated = aDoctor({ ...current, id, name: `Doctor ${id} v${version + 1}`, locations, version: version + 1, updatedAt: now });
    // The port does not say which refusal wins when several apply: any of them will do.
    const codes: SchedulingErrorCode[] = [];
    if (current === undefined) codes.push('DOCTOR_NOT_FOUND');
    else {
      if (this.stale) codes.push('CONFLICT');
      const busy =
        [...model.appointments.values()].some((a) => a.doctorId === id && a.locationId === 'location-2' && a.status === 'booked' && a.end > now) ||
        [...model.holds.values()].some((h) => h.doctorId === id && h.locationId === 'location-2' && h.status === 'held' && h.expiresAt > now && h.end > now);
      if (this.removeLocation && busy) codes.push('DOCTOR_HAS_APPOINTMENTS');
    }
    const options = this.removeLocation ? { removedLocation: { id: 'location-2', activeAfter: now } } : undefined;
    await expectOutcome(options === undefined ? repository.updateDoctor(updated, expectedVersion) : repository.updateDoctor(updated, expectedVersion, options), codes);
    if (codes.length === 0) model.doctors.set(id, updated);
    await expectMatchesModel(model, repository);
  }
  toString = () => `updateDoctor(#${this.doctorAt}${this.stale ? ', stale' : ''}${this.removeLocation ? ', removing location-2' : ''})`;
}

class DeleteDoctor implements Command {
  constructor(readonly doctorAt: number, readonly activeAfterSlot: number, readonly version: VersionMode) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const id = pick(model.doctorIds, this.doctorAt)!;
    const doctor = model.doctors.get(id);
    tick(model);
    const activeAfter = at(this.activeAfterSlot * SLOT_MINUTES);
    const expectedVersion = versionFor(doctor, this.version);
    const codes: SchedulingErrorCode[] = [];
    if (doctor === undefined) codes.push('DOCTOR_NOT_FOUND');
    else {
      if (this.version === 'stale') codes.push('CONFLICT');
      const busy =
        [...model.appointments.values()].some((a) => a.doctorId === id && a.status === 'booked' && a.end > activeAfter) ||
        [...model.holds.values()].some((h) => h.doctorId === id && h.status === 'held' && h.expiresAt > activeAfter && h.end > activeAfter);
      if (busy) codes.push('DOCTOR_HAS_APPOINTMENTS');
    }
    await expectOutcome(
      repository.deleteDoctor(id, expectedVersion === undefined ? { activeAfter } : { activeAfter, expectedVersion }),
      codes,
    );
    if (codes.length === 0) model.doctors.delete(id);
    await expectMatchesModel(model, repository);
  }
  toString = () => `deleteDoctor(#${this.doctorAt}, activeAfter slot ${this.activeAfterSlot}, version ${this.version})`;
}

interface Placement {
  readonly slot: number;
  readonly length: number;
  readonly secondLocation: boolean;
  readonly key: number | null;
  readonly version: VersionMode;
  readonly claims: ClaimMode;
  readonly patient: number;
}

const claimModeArbitrary = fc.constantFrom<ClaimMode>('default', 'buffered', 'patient', 'buffered+patient', 'buffered+patient');

const placementArbitrary: fc.Arbitrary<Placement> = fc.record({
  slot: fc.integer({ min: 0, max: 9 }),
  length: fc.integer({ min: 1, max: 4 }),
  secondLocation: fc.boolean(),
  key: fc.option(fc.integer({ min: 0, max: KEYS.length - 1 }), { nil: null }),
  version: fc.constantFrom<VersionMode>('none', 'none', 'current', 'current', 'stale'),
  claims: claimModeArbitrary,
  patient: fc.nat({ max: PATIENTS.length - 1 }),
});

const describePlacement = (p: Placement) =>
  `slots ${p.slot}+${p.length}${p.secondLocation ? ' at location-2' : ''}${p.key === null ? '' : `, ${KEYS[p.key]}`}, version ${p.version}, ${p.claims} claims, ${PATIENTS[p.patient]}`;

/** The fields a placement gives an appointment or a hold of `doctorId`. */
const placed = (doctorId: string, placement: Placement) => ({
  doctorId,
  locationId: placement.secondLocation ? 'location-2' : 'location-1',
  start: at(placement.slot * SLOT_MINUTES),
  end: at((placement.slot + placement.length) * SLOT_MINUTES),
});

/** A new appointment (fresh id) of `doctorId` at the placement, created `now`. */
function appointmentAt(model: RepositoryModel, doctorId: string, placement: Placement, now: string, extra: Partial<Appointment> = {}): Appointment {
  return anAppointment({
    id: `a${model.next.appointment++}`,
    ...placed(doctorId, placement),
    patientRef: PATIENTS[placement.patient],
    createdAt: now,
    updatedAt: now,
    ...(placement.key === null ? {} : { idempotencyKey: KEYS[placement.key] }),
    ...extra,
  });
}

class InsertAppointment implements Command {
  constructor(readonly doctorAt: number, readonly placement: Placement) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const doctorId = pick(model.doctorIds, this.doctorAt)!;
    const doctor = model.doctors.get(doctorId);
    const now = tick(model);
    const appointment = appointmentAt(model, doctorId, this.placement, now);
    const { passed, taken } = claimsOf(appointment, this.placement.claims);
    const doctorVersion = versionFor(doctor, this.placement.version);
    const earlierId = appointment.idempotencyKey === undefined ? undefined : model.keys.get(appointment.idempotencyKey);
    const codes: SchedulingErrorCode[] =
      doctor === undefined
        ? ['DOCTOR_NOT_FOUND']
        : this.placement.version === 'stale'
          ? ['CONFLICT']
          : earlierId === undefined
            ? claimRefusals(model, taken, now)
            : [];
    const options = { ...(doctorVersion === undefined ? {} : { doctorVersion }), ...(passed === undefined ? {} : { claims: passed }) };
    const result = await expectOutcome(repository.insertAppointment(appointment, options), codes);
    if (codes.length === 0) {
      if (earlierId !== undefined) {
        assert.deepStrictEqual(result, model.appointments.get(earlierId));
      } else {
        assert.deepStrictEqual(result, appointment);
        model.appointments.set(appointment.id, appointment);
        if (appointment.idempotencyKey !== undefined) model.keys.set(appointment.idempotencyKey, appointment.id);
        recordWrite(model, { kind: 'appointment', id: appointment.id }, taken, now);
      }
    }
    await expectMatchesModel(model, repository);
  }
  toString = () => `insert(doctor #${this.doctorAt}, ${describePlacement(this.placement)})`;
}

class ChangeStatus implements Command {
  constructor(readonly appointmentAt: number, readonly statusAt: number, readonly wrongExpectation: boolean, readonly reason: boolean) {}
  check = (model: Readonly<RepositoryModel>) => model.appointments.size > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const target = pick([...model.appointments.values()], this.appointmentAt)!;
    const allowed = NEXT_STATUSES[target.status];
    const status = pick(allowed, this.statusAt) ?? 'cancelled';
    // With nowhere to go, or when asked to, expect a status the appointment does not have.
    const mismatch = this.wrongExpectation || allowed.length === 0;
    const expectedStatus = mismatch ? STATUSES.find((s) => s !== target.status)! : target.status;
    const now = tick(model);
    const change = { id: target.id, expectedStatus, status, at: now, ...(this.reason ? { cancellationReason: `reason ${now}` } : {}) };
    const result = await expectOutcome(repository.changeAppointmentStatus(change), mismatch ? ['NOT_ACTIVE'] : []);
    if (!mismatch) {
      const changed: Appointment = { ...target, status, updatedAt: now, ...(this.reason ? { cancellationReason: `reason ${now}` } : {}) };
      assert.deepStrictEqual(result, changed);
      model.appointments.set(target.id, changed);
    }
    await expectMatchesModel(model, repository);
  }
  toString = () => `changeStatus(appointment #${this.appointmentAt}, status #${this.statusAt}${this.wrongExpectation ? ', wrong expectation' : ''}${this.reason ? ', reason' : ''})`;
}

class Reschedule implements Command {
  constructor(readonly appointmentAt: number, readonly placement: Placement) {}
  check = (model: Readonly<RepositoryModel>) => model.appointments.size > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const old = pick([...model.appointments.values()], this.appointmentAt)!;
    const doctor = model.doctors.get(old.doctorId);
    const now = tick(model);
    // Written at one instant: the replacement's createdAt is the instant of the change.
    const replacement = appointmentAt(model, old.doctorId, this.placement, now, { rescheduledFrom: old.id });
    const { passed, taken } = claimsOf(replacement, this.placement.claims);
    const doctorVersion = versionFor(doctor, this.placement.version);
    // The port does not say which refusal wins when several apply: any of them will do.
    const codes: SchedulingErrorCode[] = [];
    if (old.status !== 'booked') codes.push('NOT_ACTIVE');
    if (doctor === undefined) codes.push('DOCTOR_NOT_FOUND');
    if (doctor !== undefined && this.placement.version === 'stale') codes.push('CONFLICT');
    if (replacement.idempotencyKey !== undefined && model.keys.has(replacement.idempotencyKey)) codes.push('CONFLICT');
    codes.push(...claimRefusals(model, taken, now, { kind: 'appointment', id: old.id }));
    const reschedule = {
      fromId: old.id,
      replacement,
      at: now,
      ...(doctorVersion === undefined ? {} : { doctorVersion }),
      ...(passed === undefined ? {} : { claims: passed }),
    };
    const result = await expectOutcome(repository.rescheduleAppointment(reschedule), codes);
    if (codes.length === 0) {
      const cancelled: Appointment = { ...old, status: 'cancelled', updatedAt: now, rescheduledTo: replacement.id };
      assert.deepStrictEqual(result, { cancelled, booked: replacement });
      model.appointments.set(old.id, cancelled);
      model.appointments.set(replacement.id, replacement);
      if (replacement.idempotencyKey !== undefined) model.keys.set(replacement.idempotencyKey, replacement.id);
      recordWrite(model, { kind: 'appointment', id: replacement.id }, taken, now);
    }
    await expectMatchesModel(model, repository);
  }
  toString = () => `reschedule(appointment #${this.appointmentAt}, ${describePlacement(this.placement)})`;
}

class FindByKey implements Command {
  constructor(readonly key: number) {}
  check = () => true;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const key = KEYS[this.key % KEYS.length]!;
    const id = model.keys.get(key);
    assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey(key), id === undefined ? undefined : model.appointments.get(id));
  }
  toString = () => `findByKey(${KEYS[this.key % KEYS.length]})`;
}

class InsertHold implements Command {
  constructor(readonly doctorAt: number, readonly placement: Placement, readonly ttl: number, readonly withPatient: boolean) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const doctorId = pick(model.doctorIds, this.doctorAt)!;
    const doctor = model.doctors.get(doctorId);
    const now = tick(model);
    const hold = aHold({
      id: `h${model.next.hold++}`,
      ...placed(doctorId, this.placement),
      ...(this.withPatient ? { patientRef: PATIENTS[this.placement.patient] } : {}),
      expiresAt: minutesAfter(now, this.ttl),
      createdAt: now,
      updatedAt: now,
      ...(this.placement.key === null ? {} : { idempotencyKey: KEYS[this.placement.key] }),
    });
    const { passed, taken } = claimsOf(hold, this.placement.claims);
    const doctorVersion = versionFor(doctor, this.placement.version);
    const earlierId = hold.idempotencyKey === undefined ? undefined : model.holdKeys.get(hold.idempotencyKey);
    const codes: SchedulingErrorCode[] =
      doctor === undefined
        ? ['DOCTOR_NOT_FOUND']
        : this.placement.version === 'stale'
          ? ['CONFLICT']
          : earlierId === undefined
            ? claimRefusals(model, taken, now)
            : [];
    const options = { ...(doctorVersion === undefined ? {} : { doctorVersion }), ...(passed === undefined ? {} : { claims: passed }) };
    const result = await expectOutcome(repository.insertHold(hold, options), codes);
    if (codes.length === 0) {
      if (earlierId !== undefined) {
        expectHold(model, model.holds.get(earlierId), result);
      } else {
        assert.deepStrictEqual(result, hold);
        model.holds.set(hold.id, hold);
        if (hold.idempotencyKey !== undefined) model.holdKeys.set(hold.idempotencyKey, hold.id);
        recordWrite(model, { kind: 'hold', id: hold.id }, taken, now);
      }
    }
    await expectMatchesModel(model, repository);
  }
  toString = () => `insertHold(doctor #${this.doctorAt}, ${describePlacement(this.placement)}, ttl ${this.ttl} min${this.withPatient ? ', with patient' : ''})`;
}

/**
 * The codes a change or confirmation of `hold` at `now` must be refused with because of the
 * hold's own state, or `[]` when it is live. A `held` hold past its expiry is `HOLD_EXPIRED`, or
 * `NOT_ACTIVE` if the adapter has retired it already (the port allows retiring early).
 */
function holdStateRefusals(hold: Hold, now: string): SchedulingErrorCode[] {
  if (hold.status !== 'held') return ['NOT_ACTIVE'];
  return now < hold.expiresAt ? [] : ['HOLD_EXPIRED', 'NOT_ACTIVE'];
}

class ChangeHold implements Command {
  /** `renewFor`: minutes of the renewal, or `null` for a release. */
  constructor(readonly holdAt: number, readonly renewFor: number | null) {}
  check = (model: Readonly<RepositoryModel>) => model.holds.size > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const hold = pick([...model.holds.values()], this.holdAt)!;
    const now = tick(model);
    const change = this.renewFor === null ? { id: hold.id, at: now } : { id: hold.id, at: now, expiresAt: minutesAfter(now, this.renewFor) };
    const codes = holdStateRefusals(hold, now);
    const result = await expectOutcome(repository.changeHold(change), codes);
    if (codes.length === 0) {
      const changed: Hold = change.expiresAt === undefined ? { ...hold, status: 'released', updatedAt: now } : { ...hold, expiresAt: change.expiresAt, updatedAt: now };
      assert.deepStrictEqual(result, changed);
      model.holds.set(hold.id, changed);
    }
    await expectMatchesModel(model, repository);
  }
  toString = () => `changeHold(hold #${this.holdAt}, ${this.renewFor === null ? 'release' : `renew for ${this.renewFor} min`})`;
}

class ConfirmHold implements Command {
  /** `key`: a key of the pool by position, `'retry'` (the key of the appointment the hold made, if any), or `null`. */
  constructor(readonly holdAt: number, readonly key: number | 'retry' | null, readonly claims: ClaimMode, readonly patient: number) {}
  check = (model: Readonly<RepositoryModel>) => model.holds.size > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const hold = pick([...model.holds.values()], this.holdAt)!;
    // The port does not say what confirming a hold of a deleted doctor does: the model does not ask.
    if (!model.doctors.has(hold.doctorId)) return;
    const now = tick(model);
    const made = hold.appointmentId === undefined ? undefined : model.appointments.get(hold.appointmentId);
    const key = this.key === 'retry' ? (made?.idempotencyKey ?? KEYS[0]) : this.key === null ? undefined : KEYS[this.key];
    const appointment = anAppointment({
      id: `a${model.next.appointment++}`,
      doctorId: hold.doctorId,
      locationId: hold.locationId,
      start: hold.start,
      end: hold.end,
      patientRef: hold.patientRef ?? PATIENTS[this.patient],
      createdAt: now,
      updatedAt: now,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    const { passed, taken } = claimsOf(appointment, this.claims);
    const confirmation = { holdId: hold.id, appointment, at: now, ...(passed === undefined ? {} : { claims: passed }) };
    const retried = hold.status === 'confirmed' && key !== undefined && made?.idempotencyKey === key;
    if (retried) {
      assert.deepStrictEqual(await repository.confirmHold(confirmation), { hold, appointment: made });
      await expectMatchesModel(model, repository);
      return;
    }
    let codes = holdStateRefusals(hold, now);
    if (codes.length === 0) {
      codes = claimRefusals(model, taken, now, { kind: 'hold', id: hold.id });
      if (key !== undefined && model.keys.has(key)) codes.push('CONFLICT');
    }
    const result = await expectOutcome(repository.confirmHold(confirmation), codes);
    if (codes.length === 0) {
      const confirmed: Hold = { ...hold, status: 'confirmed', appointmentId: appointment.id, updatedAt: now };
      assert.deepStrictEqual(result, { hold: confirmed, appointment });
      model.holds.set(hold.id, confirmed);
      model.appointments.set(appointment.id, appointment);
      if (key !== undefined) model.keys.set(key, appointment.id);
      recordWrite(model, { kind: 'appointment', id: appointment.id }, taken, now);
    }
    await expectMatchesModel(model, repository);
  }
  toString = () =>
    `confirmHold(hold #${this.holdAt}, ${this.key === null ? 'no key' : this.key === 'retry' ? 'its own key again' : KEYS[this.key]}, ${this.claims} claims, ${PATIENTS[this.patient]})`;
}

class FindHoldByKey implements Command {
  constructor(readonly key: number) {}
  check = () => true;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const key = KEYS[this.key % KEYS.length]!;
    const id = model.holdKeys.get(key);
    expectHold(model, id === undefined ? undefined : model.holds.get(id), await repository.findHoldByIdempotencyKey(key));
  }
  toString = () => `findHoldByKey(${KEYS[this.key % KEYS.length]})`;
}

class AdvanceTime implements Command {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    model.next.minute += this.minutes;
    // Nothing was written: holds past their expiry drop out of the claims listed now.
    await expectMatchesModel(model, repository);
  }
  toString = () => `advanceTime(${this.minutes} min)`;
}

/**
 * Creates the starting state, two doctors, in the (empty) repository and in a new model, and
 * checks that they agree.
 *
 * @internal
 */
export async function startModel(repository: SchedulingRepository): Promise<RepositoryModel> {
  const model: RepositoryModel = {
    doctors: new Map(),
    doctorIds: [],
    appointments: new Map(),
    keys: new Map(),
    holds: new Map(),
    holdKeys: new Map(),
    claims: new Map(),
    next: { appointment: 0, hold: 0, minute: 0 },
  };
  await expectMatchesModel(model, repository);
  for (let i = 0; i < 2; i++) await new CreateDoctor().run(model, repository);
  return model;
}

/**
 * The commands of the model-based test; each picks its targets by position (an index into the
 * model's doctors, appointments or holds), so that shrinking keeps sequences meaningful. Every
 * write carries the model's clock, which moves a minute per write and further by `advanceTime`:
 * holds expire by it.
 *
 * @internal
 */
export function modelCommands(): fc.Arbitrary<Command>[] {
  // Writes that take claims come more often: they make the collisions worth checking.
  const insert = fc.tuple(fc.nat({ max: 7 }), placementArbitrary).map(([d, p]) => new InsertAppointment(d, p));
  const changeStatus = fc
    .tuple(fc.nat({ max: 40 }), fc.nat({ max: 3 }), fc.boolean(), fc.boolean())
    .map(([a, s, wrong, reason]) => new ChangeStatus(a, s, wrong, reason));
  const insertHold = fc
    .tuple(fc.nat({ max: 7 }), placementArbitrary, fc.integer({ min: 2, max: 12 }), fc.boolean())
    .map(([d, p, ttl, withPatient]) => new InsertHold(d, p, ttl, withPatient));
  const changeHold = fc
    .tuple(fc.nat({ max: 40 }), fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }))
    .map(([h, renewFor]) => new ChangeHold(h, renewFor));
  const confirmHold = fc
    .tuple(
      fc.nat({ max: 40 }),
      fc.oneof(fc.constant(null), fc.constant('retry' as const), fc.nat({ max: KEYS.length - 1 })),
      claimModeArbitrary,
      fc.nat({ max: PATIENTS.length - 1 }),
    )
    .map(([h, key, claims, patient]) => new ConfirmHold(h, key, claims, patient));
  const reschedule = fc.tuple(fc.nat({ max: 40 }), placementArbitrary).map(([a, p]) => new Reschedule(a, p));
  return [
    fc.constant(new CreateDoctor()),
    fc.tuple(fc.nat({ max: 7 }), fc.boolean(), fc.boolean()).map(([d, stale, remove]) => new UpdateDoctor(d, stale, remove)),
    fc
      .tuple(fc.nat({ max: 7 }), fc.integer({ min: 0, max: 13 }), fc.constantFrom<VersionMode>('none', 'none', 'current', 'stale'))
      .map(([d, slot, version]) => new DeleteDoctor(d, slot, version)),
    insert,
    insert,
    insert,
    insert,
    changeStatus,
    changeStatus,
    reschedule,
    reschedule,
    fc.nat({ max: KEYS.length - 1 }).map((k) => new FindByKey(k)),
    insertHold,
    insertHold,
    insertHold,
    changeHold,
    changeHold,
    confirmHold,
    confirmHold,
    fc.nat({ max: KEYS.length - 1 }).map((k) => new FindHoldByKey(k)),
    fc.integer({ min: 1, max: 10 }).map((m) => new AdvanceTime(m)),
  ];
}
