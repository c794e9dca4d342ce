import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Appointment } from '../schemas/appointment.js';
import type { AppointmentStatus } from '../domain/appointment.js';
import type { Doctor } from '../schemas/doctor.js';
import type { SchedulingErrorCode } from '../domain/errors.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';

/**
 * What the repository should hold, as plain maps: the model of the model-based test. It is
 * written from the port's contract, not from any adapter: overlaps are found by scanning.
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
  /** Counters for fresh ids and timestamps. */
  next: { appointment: number; step: number };
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
const KEYS = ['key-0', 'key-1', 'key-2'] as const;
const SLOT_MINUTES = 15;
const MAX_DOCTORS = 5;


const pick = <T>(items: readonly T[], position: number): T | undefined =>
  items.length === 0 ? undefined : items[position % items.length];

const nextInstant = (model: RepositoryModel): string => at(-2000 + model.next.step++);

const overlapsActive = (model: RepositoryModel, candidate: Appointment, ignoreId?: string): boolean =>
  [...model.appointments.values()].some(
    (a) => a.status === 'booked' && a.doctorId === candidate.doctorId && a.id !== ignoreId && a.start < candidate.end && candidate.start < a.end,
  );

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

const byStartThenId = (a: Appointment, b: Appointment): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Compares everything the repository holds with the model: every doctor, the doctor listing
 * (paged), and every doctor's appointments (paged), plus the invariant that no two active
 * appointments of a doctor overlap.
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
}

type Command = fc.AsyncCommand<RepositoryModel, SchedulingRepository, false>;
type VersionMode = 'none' | 'current' | 'stale';

/** The version to send: none, the doctor's current one, or one that is not. */
const versionFor = (doctor: Doctor | undefined, mode: VersionMode): number | undefined =>
  mode === 'none' ? undefined : mode === 'current' || doctor === undefined ? (doctor?.version ?? 1) : doctor.version + 1;

class CreateDoctor implements Command {
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length < MAX_DOCTORS;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const doctor = aDoctor({ id: `doctor-${model.doctorIds.length}`, createdAt: nextInstant(model) });
    await repository.createDoctor(doctor);
    model.doctors.set(doctor.id, doctor);
    model.doctorIds.push(doctor.id);
    await expectMatchesModel(model, repository);
  }
  toString = () => 'createDoctor';
}

class UpdateDoctor implements Command {
  constructor(readonly doctorAt: number, readonly stale: boolean) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const id = pick(model.doctorIds, this.doctorAt)!;
    const current = model.doctors.get(id);
    const version = current?.version ?? 1;
    const expectedVersion = this.stale ? version + 1 : version;
    const updated = aDoctor({ ...current, id, name: `Doctor ${id} v${version + 1}`, version: version + 1, updatedAt: nextInstant(model) });
    const codes: SchedulingErrorCode[] = current === undefined ? ['DOCTOR_NOT_FOUND'] : this.stale ? ['CONFLICT'] : [];
    await expectOutcome(repository.updateDoctor(updated, expectedVersion), codes);
    if (codes.length === 0) model.doctors.set(id, updated);
    await expectMatchesModel(model, repository);
  }
  toString = () => `updateDoctor(#${this.doctorAt}${this.stale ? ', stale' : ''})`;
}

class DeleteDoctor implements Command {
  constructor(readonly doctorAt: number, readonly activeAfterSlot: number, readonly version: VersionMode) {}
  check = (model: Readonly<RepositoryModel>) => model.doctorIds.length > 0;
  async run(model: RepositoryModel, repository: SchedulingRepository) {
    const id = pick(model.doctorIds, this.doctorAt)!;
    const doctor = model.doctors.get(id);
    const activeAfter = at(this.activeAfterSlot * SLOT_MINUTES);
    const expectedVersion = versionFor(doctor, this.version);
    const codes: SchedulingErrorCode[] = [];
    if (doctor === undefined) codes.push('DOCTOR_NOT_FOUND');
    else {
      if (this.version === 'stale') codes.push('CONFLICT');
      const busy = [...model.appointments.values()].some((a) => a.doctorId === id && a.status === 'booked' && a.end > activeAfter);
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
}

const placementArbitrary: fc.Arbitrary<Placement> = fc.record({
  slot: fc.integer({ min: 0, max: 9 }),
  length: fc.integer({ min: 1, max: 4 }),
  secondLocation: fc.boolean(),
  key: fc.option(fc.integer({ min: 0, max: KEYS.length - 1 }), { nil: null }),
  version: fc.constantFrom<VersionMode>('none', 'current', 'stale'),
});

const describePlacement = (p: Placement) =>
  `slots ${p.slot}+${p.length}${p.secondLocation ? ' at location-2' : ''}${p.key === null ? '' : `, ${KEYS[p.key]}`}, version ${p.version}`;

/** A new appointment (fresh id) of `doctorId` at the placement. */
function appointmentAt(model: RepositoryModel, doctorId: string, placement: Placement, extra: Partial<Appointment> = {}): Appointment {
  const now = nextInstant(model);
  return anAppointment({
    id: `a${model.next.appointment++}`,
    doctorId,
    locationId: placement.secondLocation ? 'location-2' : 'location-1',
    start: at(placement.slot * SLOT_MINUTES),
    end: at((placement.slot + placement.length) * SLOT_MINUTES),
    patientRef: `patient/${model.next.appointment}`,
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
    const appointment = appointmentAt(model, doctorId, this.placement);
    const doctorVersion = versionFor(doctor, this.placement.version);
    const earlierId = appointment.idempotencyKey === undefined ? undefined : model.keys.get(appointment.idempotencyKey);
    const codes: SchedulingErrorCode[] =
      doctor === undefined
        ? ['DOCTOR_NOT_FOUND']
        : this.placement.version === 'stale'
          ? ['CONFLICT']
          : earlierId === undefined && overlapsActive(model, appointment)
            ? ['SLOT_TAKEN']
            : [];
    const result = await expectOutcome(
      repository.insertAppointment(appointment, doctorVersion === undefined ? {} : { doctorVersion }),
      codes,
    );
    if (codes.length === 0) {
      if (earlierId !== undefined) {
        assert.deepStrictEqual(result, model.appointments.get(earlierId));
      } else {
        assert.deepStrictEqual(result, appointment);
        model.appointments.set(appointment.id, appointment);
        if (appointment.idempotencyKey !== undefined) model.keys.set(appointment.idempotencyKey, appointment.id);
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
    const at = nextInstant(model);
    const change = { id: target.id, expectedStatus, status, at, ...(this.reason ? { cancellationReason: `reason ${at}` } : {}) };
    const result = await expectOutcome(repository.changeAppointmentStatus(change), mismatch ? ['NOT_ACTIVE'] : []);
    if (!mismatch) {
      const changed: Appointment = { ...target, status, updatedAt: at, ...(this.reason ? { cancellationReason: `reason ${at}` } : {}) };
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
    const replacement = appointmentAt(model, old.doctorId, this.placement, { rescheduledFrom: old.id });
    const doctorVersion = versionFor(doctor, this.placement.version);
    const at = nextInstant(model);
    // The port does not say which refusal wins when several apply: any of them will do.
    const codes: SchedulingErrorCode[] = [];
    if (old.status !== 'booked') codes.push('NOT_ACTIVE');
    if (doctor === undefined) codes.push('DOCTOR_NOT_FOUND');
    if (doctor !== undefined && this.placement.version === 'stale') codes.push('CONFLICT');
    if (replacement.idempotencyKey !== undefined && model.keys.has(replacement.idempotencyKey)) codes.push('CONFLICT');
    if (overlapsActive(model, replacement, old.id)) codes.push('SLOT_TAKEN');
    const result = await expectOutcome(
      repository.rescheduleAppointment(doctorVersion === undefined ? { fromId: old.id, replacement, at } : { fromId: old.id, replacement, at, doctorVersion }),
      codes,
    );
    if (codes.length === 0) {
      const cancelled: Appointment = { ...old, status: 'cancelled', updatedAt: at, rescheduledTo: replacement.id };
      assert.deepStrictEqual(result, { cancelled, booked: replacement });
      model.appointments.set(old.id, cancelled);
      model.appointments.set(replacement.id, replacement);
      if (replacement.idempotencyKey !== undefined) model.keys.set(replacement.idempotencyKey, replacement.id);
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

/**
 * Creates the starting state, two doctors, in the (empty) repository and in a new model, and
 * checks that they agree.
 *
 * @internal
 */
export async function startModel(repository: SchedulingRepository): Promise<RepositoryModel> {
  const model: RepositoryModel = { doctors: new Map(), doctorIds: [], appointments: new Map(), keys: new Map(), next: { appointment: 0, step: 0 } };
  await expectMatchesModel(model, repository);
  for (let i = 0; i < 2; i++) await new CreateDoctor().run(model, repository);
  return model;
}

/**
 * The commands of the model-based test; each picks its targets by position (an index into the
 * model's doctors or appointments), so that shrinking keeps sequences meaningful.
 *
 * @internal
 */
export function modelCommands(): fc.Arbitrary<Command>[] {
  // Inserts and status changes come more often: they make the overlaps worth checking.
  const insert = fc.tuple(fc.nat({ max: 7 }), placementArbitrary).map(([d, p]) => new InsertAppointment(d, p));
  const changeStatus = fc
    .tuple(fc.nat({ max: 40 }), fc.nat({ max: 3 }), fc.boolean(), fc.boolean())
    .map(([a, s, wrong, reason]) => new ChangeStatus(a, s, wrong, reason));
  return [
  fc.constant(new CreateDoctor()),
  fc.tuple(fc.nat({ max: 7 }), fc.boolean()).map(([d, stale]) => new UpdateDoctor(d, stale)),
  fc
    .tuple(fc.nat({ max: 7 }), fc.integer({ min: 0, max: 13 }), fc.constantFrom<VersionMode>('none', 'none', 'current', 'stale'))
    .map(([d, slot, version]) => new DeleteDoctor(d, slot, version)),
  insert,
  insert,
  insert,
  changeStatus,
  changeStatus,
  fc.tuple(fc.nat({ max: 40 }), placementArbitrary).map(([a, p]) => new Reschedule(a, p)),
  fc.nat({ max: KEYS.length - 1 }).map((k) => new FindByKey(k)),
  ];
}
