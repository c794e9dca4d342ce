/**
 * The error contract, held: random sequences of scheduler calls, with random and partly invalid
 * input (anything at all, near-miss ids, stale versions, unknown ids, past starts, wrong
 * locations, idempotency keys reused for other requests, hold ttls beyond the doctor's maximum,
 * retried hold confirmations) and broken surroundings (a repository that throws a plain Error,
 * another writer editing or removing the doctor mid-call, a clock that throws, an id maker that
 * fails or repeats), on the memory adapter and on SQLite, with the patient-conflict rule on in
 * some runs; the fixed clock moves forward now and then, so holds expire. Every rejection must
 * be a `SchedulingError` whose code `SCHEDULER_ERROR_CODES_BY_METHOD` lists for that method, with
 * `details.code === code` and well-formed details; `PATIENT_BUSY` only with the rule on.
 *
 * The oracle of the details' fields is this file's own table, copied from the TSDoc of
 * `SchedulingErrorFields`, not the library's types.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  SCHEDULER_ERROR_CODES_BY_METHOD,
  SCHEDULING_ERROR_CODES,
  SchedulingError,
  isSchedulingError,
  type Appointment,
  type Doctor,
  type Hold,
  type Page,
  type RescheduleResult,
  type Scheduler,
  type SchedulingErrorCode,
} from 'clinic-slots';
import {
  DR_A_RULES,
  DR_A_SCHEDULE,
  createWorld,
  monday,
  removeDoctorBehindTheScenes,
  seed,
  seededAppointments,
  type AdapterKind,
  type Faults,
  type World,
} from './contract-world.js';

type Method = keyof Scheduler;
type CodesByMethod = Readonly<Record<Method, readonly SchedulingErrorCode[]>>;

const METHODS = Object.keys(SCHEDULER_ERROR_CODES_BY_METHOD) as Method[];

// ---------------------------------------------------------------------------------------------
// The oracle of details: which fields each code may carry, and what each field looks like.

const FIELDS: Record<SchedulingErrorCode, readonly string[]> = {
  VALIDATION_FAILED: ['issues'],
  DOCTOR_NOT_FOUND: ['doctorId'],
  APPOINTMENT_NOT_FOUND: ['appointmentId'],
  // KNOWN DEVIATION: the booking policy's LOCATION_NOT_SERVED (refusals.start) carries `start`
  // and no `locationId`; see "book refuses a location..." in error-details.test.ts.
  LOCATION_NOT_SERVED: ['doctorId', 'locationId', 'start'],
  SLOT_NOT_OFFERED: ['doctorId', 'start'],
  SLOT_TAKEN: ['doctorId', 'start'],
  TOO_LATE: ['doctorId', 'start'],
  BEYOND_HORIZON: ['doctorId', 'start'],
  NOT_ACTIVE: ['appointmentId', 'status', 'holdId', 'holdStatus'],
  IDEMPOTENCY_MISMATCH: ['appointmentId'],
  CONFLICT: ['kind', 'doctorId', 'expectedVersion', 'currentVersion', 'subject', 'id'],
  DOCTOR_HAS_APPOINTMENTS: ['doctorId', 'locationId'],
  HOLD_NOT_FOUND: ['holdId'],
  HOLD_EXPIRED: ['holdId', 'expiresAt'],
  PATIENT_BUSY: ['patientRef', 'start'],
  STORAGE_FAILED: [],
};

/** The methods that change a hold: their NOT_ACTIVE names the hold, the others' an appointment. */
const HOLD_METHODS: readonly Method[] = ['renewHold', 'releaseHold', 'confirmHold'];
/** The statuses of a hold (this file's own copy). */
const HOLD_STATUSES = ['held', 'released', 'confirmed', 'expired'];

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isVersion = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

const FIELD_SHAPES: Record<string, (value: unknown, details: Record<string, unknown>) => boolean> = {
  issues: (v) => Array.isArray(v),
  doctorId: (v) => typeof v === 'string' && ID.test(v),
  appointmentId: (v) => typeof v === 'string' && ID.test(v),
  locationId: (v) => typeof v === 'string' && ID.test(v),
  id: (v) => typeof v === 'string' && ID.test(v),
  start: (v) => typeof v === 'string' && UTC_INSTANT.test(v),
  status: (v) => (APPOINTMENT_STATUSES as readonly unknown[]).includes(v),
  holdId: (v) => typeof v === 'string' && ID.test(v),
  holdStatus: (v) => HOLD_STATUSES.includes(v as string),
  expiresAt: (v) => typeof v === 'string' && UTC_INSTANT.test(v),
  patientRef: (v) => typeof v === 'string' && v.length > 0,
  kind: (v) => v === 'stale-version' || v === 'already-exists',
  expectedVersion: (v, d) => d.kind === 'stale-version' && isVersion(v),
  currentVersion: (v, d) => d.kind === 'stale-version' && isVersion(v),
  subject: (v, d) => d.kind === 'already-exists' && ['doctor', 'appointment', 'hold', 'location', 'idempotency-key'].includes(v as string),
};

/** Throws, saying why, unless `error` is a rejection `method` may give under `codes`. */
function checkRejection(method: Method, error: unknown, codes: CodesByMethod): SchedulingErrorCode {
  if (!(error instanceof SchedulingError) || !isSchedulingError(error)) {
    throw new Error(`${method} rejected with something else than a SchedulingError: ${String(error)}`);
  }
  const { code, details } = error;
  if (!codes[method].includes(code)) {
    throw new Error(`${method} rejected with ${code}, which its list does not name (${codes[method].join(', ')}): ${error.message}`);
  }
  const fields = details as unknown as Record<string, unknown>;
  if (details.code !== code) throw new Error(`${method}: details.code is ${String(details.code)}, code is ${code}`);
  if (!Object.isFrozen(details)) throw new Error(`${method} ${code}: details are not frozen`);
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'code') continue;
    if (!FIELDS[code].includes(key)) throw new Error(`${method} ${code}: details carry ${key}, which ${code} does not have`);
    if (!FIELD_SHAPES[key]!(value, fields)) throw new Error(`${method} ${code}: details.${key} is malformed: ${JSON.stringify(value)}`);
  }
  if (code === 'NOT_ACTIVE') {
    const names = HOLD_METHODS.includes(method) ? ['holdId', 'holdStatus'] : ['appointmentId', 'status'];
    const strays = Object.keys(fields).filter((key) => key !== 'code' && !names.includes(key));
    if (strays.length > 0) throw new Error(`${method} NOT_ACTIVE: details carry ${strays.join(', ')}, not ${names.join(', ')}`);
  }
  if (code === 'VALIDATION_FAILED') {
    if (fields.issues !== error.issues) throw new Error(`${method}: details.issues is not error.issues`);
  } else if (error.issues.length !== 0) {
    throw new Error(`${method} ${code}: issues outside VALIDATION_FAILED`);
  }
  return code;
}

// ---------------------------------------------------------------------------------------------
// The calls: a method, a tape of numbers that every choice reads (so shrinking works), one
// arbitrary value to slip in, and what breaks during the call.

type FaultPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'repository'; readonly after: number; readonly sync: boolean }
  | { readonly kind: 'edited' }
  | { readonly kind: 'removed' }
  | { readonly kind: 'clock'; readonly how: 'throws' | 'invalid' }
  | { readonly kind: 'newId'; readonly how: 'throws' | 'invalid' | 'repeats' };

interface Step {
  readonly method: Method;
  readonly tape: readonly number[];
  readonly junk: unknown;
  /** Arguments that are anything at all, instead of near misses. */
  readonly junkArgs: readonly unknown[] | undefined;
  readonly fault: FaultPlan;
  /** Minutes the fixed clock moves forward before the call. */
  readonly advance: number;
}

const faultArb: fc.Arbitrary<FaultPlan> = fc.oneof(
  { weight: 28, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('repository' as const),
      after: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
      sync: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'edited' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'removed' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), how: fc.constantFrom('throws' as const, 'invalid' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('newId' as const), how: fc.constantFrom('throws' as const, 'invalid' as const, 'repeats' as const, 'repeats' as const, 'repeats' as const, 'repeats' as const) }) },
);

/** Methods with more codes are called more often. */
const methodArb: fc.Arbitrary<Method> = fc.oneof(
  ...METHODS.map((m) => ({ weight: SCHEDULER_ERROR_CODES_BY_METHOD[m].length + 2, arbitrary: fc.constant(m) })),
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  method: methodArb,
  tape: fc.array(fc.nat({ max: 9999 }), { minLength: 12, maxLength: 12 }),
  junk: fc.anything(),
  junkArgs: fc.oneof(
    { weight: 19, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(fc.anything(), { maxLength: 3 }) },
  ),
  fault: faultArb,
  // Holds last 10 minutes by default, the seeded live one an hour: some runs expire them early,
  // some late, some never.
  advance: fc.oneof({ weight: 16, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(4, 11, 30, 61) }),
});

/** Reads choices off a step's tape. */
class Tape {
  private i = 0;
  constructor(private readonly values: readonly number[]) {}
  next(): number {
    return this.values[this.i++ % this.values.length]!;
  }
  pick<T>(options: readonly T[]): T {
    return options[this.next() % options.length]!;
  }
}

/** What the run has seen: the targets the calls pick from (a plain model, no library code). */
interface Pools {
  readonly doctors: string[];
  readonly locations: string[];
  readonly appointments: string[];
  /** The appointments the run last saw `booked`. */
  readonly booked: Map<string, Appointment>;
  readonly keys: Map<string, Record<string, unknown>>;
  readonly holds: string[];
  /** The holds the run last saw `held`, with their expiry. */
  readonly liveHolds: Map<string, string>;
  /** Hold requests by idempotency key. */
  readonly holdKeys: Map<string, Record<string, unknown>>;
  /** Hold confirmations (the arguments) by idempotency key. */
  readonly confirmKeys: Map<string, unknown[]>;
  readonly cursors: string[];
  fresh: number;
}

/** Starts to book at: the first eight are published somewhere, at some time. */
const STARTS = [
  ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map(monday),
  '2026-12-28T09:00:00Z', // a Monday in the past
  '2027-06-07T09:00:00Z', // a Monday beyond Dr A's horizon
  '2027-01-04T10:00:00+01:00', // 09:00 UTC, written with an offset
  '2027-01-04T09:10:00Z', // between two published starts
  '2027-01-04T13:00:00Z', // after hours
  '2027-01-05T09:00:00Z', // a Tuesday
  '2027-01-04T09:00:00', // no offset
  'next monday',
];

async function argsFor(step: Step, world: World, pools: Pools): Promise<unknown[]> {
  if (step.junkArgs !== undefined) return [...step.junkArgs];
  const t = new Tape(step.tape);
  const { junk } = step;
  const fresh = (prefix: string) => `${prefix}-${++pools.fresh}`;
  // At most one choice of a call is a near miss (which one, if any, the tape says), so most
  // calls get past the first checks and reach the later refusals.
  const spoiled = t.next() % 8;
  let choice = 0;
  const often = <T>(good: readonly T[], bad: readonly T[]): T => (good.length > 0 && choice++ !== spoiled ? t.pick(good) : t.pick(bad));
  // The seeded doctors most, so that a run's own changes do not spread its calls thin.
  const doctorId = () => often<unknown>(['dr-a', 'dr-a', 'dr-b', ...pools.doctors], ['dr-none', 'DR-A', 'dr-zz', 'dr a', junk]);
  const appointmentId = () => often<unknown>([...pools.booked.keys(), ...pools.booked.keys(), ...pools.appointments], ['appt-none', 'appt-zz', 'id 1', junk]);
  // Near misses of a hold id: an appointment's id is a well-formed id, but no hold's.
  const live = [...pools.liveHolds].filter(([, expiresAt]) => expiresAt > world.now()).map(([id]) => id);
  const holdId = () => often<unknown>([...live, ...live, ...live, ...pools.holds], ['hold-none', t.pick(pools.appointments), 'hold 1', junk]);
  const patientRef = () => often<unknown>(['patient/1', 'patient/2', 'patient/9'], ['', junk]);
  // Now and then a patient the run saw booked at another doctor at that start: busy then.
  const patientAt = (doctor: unknown, at: unknown) => {
    const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    const busy = [...pools.booked.values()].filter((a) => a.doctorId !== doctor && Date.parse(a.start) === ms).map((a) => a.patientRef);
    return busy.length > 0 && t.next() % 3 === 0 ? t.pick(busy) : patientRef();
  };
  // Now and then the start and the patient of an appointment at another doctor: the patient is busy then.
  const startAndPatient = (doctor: unknown): { start: unknown; patientRef: unknown } => {
    const elsewhere = [...pools.booked.values()].filter((a) => a.doctorId !== doctor);
    if (elsewhere.length > 0 && t.next() % 4 === 0) {
      const a = t.pick(elsewhere);
      return { start: a.start, patientRef: a.patientRef };
    }
    const at = start();
    return { start: at, patientRef: patientAt(doctor, at) };
  };
  const stored = async (id: unknown) => (typeof id === 'string' && ID.test(id) ? world.raw.getDoctor(id) : undefined);
  const location = async (id: unknown) =>
    often<unknown>((await stored(id))?.locations.map((l) => l.id) ?? [], [...pools.locations, 'nowhere', 'park st', junk]);
  const start = () => often<unknown>([...STARTS.slice(0, 8), ...STARTS.slice(6, 8)], [...STARTS.slice(8), junk]);
  const guard = async (id: unknown) => {
    const v = (await stored(id))?.version ?? 1;
    // Stale a third of the time: the versions the others wrote.
    return often<unknown>([{ version: v }, { version: v }, { version: v - 1 }, undefined], [{ version: v + 1 }, { version: 0 }, {}, junk]);
  };
  const lastCursor = () => pools.cursors.at(-1) ?? 'bogus';
  const monday9to10At = (locationId: string) => ({ monday: [{ start: '09:00', end: '10:00', locationIds: [locationId] }] });

  switch (step.method) {
    case 'createDoctor': {
      const doctor = {
        name: 'Ann Other',
        timeZone: 'Europe/Paris',
        locations: [{ address: '1 Rue' }, { address: '2 Rue' }],
        schedule: { monday: [{ start: '09:00', end: '12:00' }] },
      };
      return [
        often<unknown>(
          [{ ...doctor, id: fresh('dr') }, { ...doctor, id: t.pick(pools.doctors) }, doctor],
          [{ ...doctor, schedule: monday9to10At('nowhere') }, { ...doctor, timeZone: 'Mars/Olympus' }, junk],
        ),
      ];
    }
    case 'getDoctor':
      return [doctorId()];
    case 'listDoctors':
      return [often<unknown>([undefined, { limit: 1 }, { limit: 2, cursor: lastCursor() }], [{ cursor: 'bogus' }, { limit: 0 }, junk])];
    case 'updateDoctor': {
      const id = doctorId();
      const v = (await stored(id))?.version ?? 1;
      const version = often<unknown>([v, v, v - 1], [v + 1, 0, junk]);
      return [
        id,
        often<unknown>(
          [{ version, name: 'Dr Renamed' }, { version, schedule: { monday: [{ start: '09:00', end: '12:00' }] } }, { version, rules: DR_A_RULES }],
          [{ version }, { version, schedule: monday9to10At('nowhere') }, { version, timeZone: 'Mars/Olympus' }, junk],
        ),
      ];
    }
    case 'removeDoctor': {
      const id = doctorId();
      return [id, await guard(id)];
    }
    case 'addLocation': {
      const id = doctorId();
      const added = often<unknown>(
        [{ address: '5 Harbour Rd' }, { id: await location(id), address: '5 Harbour Rd' }, { id: fresh('loc'), address: '6 Quay' }],
        [{ address: '' }, junk],
      );
      return [id, added, await guard(id)];
    }
    case 'removeLocation': {
      const id = doctorId();
      return [id, await location(id), await guard(id)];
    }
    case 'setWeeklySchedule': {
      const id = doctorId();
      // Mostly schedules that keep Monday open, so that later bookings reach the later refusals.
      const schedule = often<unknown>(
        [DR_A_SCHEDULE, DR_A_SCHEDULE, { monday: [{ start: '09:00', end: '12:00' }] }, {}],
        [{ monday: [{ start: '09:00', end: '11:00' }, { start: '10:00', end: '12:00' }] }, monday9to10At('nowhere'), junk],
      );
      return [id, schedule, await guard(id)];
    }
    case 'setOverrides': {
      const id = doctorId();
      const overrides = often<unknown>(
        [[], [], [{ kind: 'hours', from: '2027-01-04', intervals: [{ start: '10:00', end: '12:00' }] }], [{ kind: 'closed', from: '2027-01-04' }]],
        [[{ kind: 'closed', from: '2027-02-30' }], junk],
      );
      return [id, overrides, await guard(id)];
    }
    case 'setBookingRules': {
      const id = doctorId();
      const rules = often<unknown>(
        // With buffers, a live hold's confirmation may collide with its neighbours.
        [DR_A_RULES, DR_A_RULES, { slotLength: 'PT30M' }, { slotLength: 'PT30M', bufferAfter: 'PT10M' }, { ...DR_A_RULES, bufferBefore: 'PT10M', bufferAfter: 'PT10M' }],
        [{ slotLength: 'PT0M' }, junk],
      );
      return [id, rules, await guard(id)];
    }
    case 'findAvailableSlots': {
      const base = { doctorId: doctorId(), from: monday('00:00'), to: '2027-01-05T00:00:00Z' };
      return [
        often<unknown>(
          [base, { ...base, locationId: await location(base.doctorId) }, { ...base, locationId: t.pick(pools.locations) }],
          [{ ...base, from: base.to, to: base.from }, { ...base, to: '2027-05-01T00:00:00Z' }, { ...base, from: 'monday' }, junk],
        ),
      ];
    }
    case 'book': {
      const id = doctorId();
      const key = often<unknown>([undefined, undefined, fresh('key')], [t.pick([...pools.keys.keys()]), t.pick([...pools.keys.keys()]), junk]);
      const request = {
        doctorId: id,
        locationId: await location(id),
        ...startAndPatient(id),
        ...(key === undefined ? {} : { idempotencyKey: key }),
      };
      // A retry of an earlier request with its key, now and then.
      return [t.next() % 6 === 0 && pools.keys.size > 0 ? t.pick([...pools.keys.values()]) : request];
    }
    case 'getAppointment':
      return [appointmentId()];
    case 'listAppointments': {
      const id = doctorId();
      return [
        often<unknown>(
          [{ doctorId: id }, { doctorId: id, from: monday('00:00'), to: '2027-01-05T00:00:00Z', statuses: ['booked'], limit: 2 }, { doctorId: id, limit: 1, cursor: lastCursor() }],
          [{ doctorId: id, cursor: 'bogus' }, { doctorId: id, statuses: [] }, junk],
        ),
      ];
    }
    case 'cancel':
      return [appointmentId(), often<unknown>([undefined, { reason: 'patient called' }], [{ reason: '' }, junk])];
    case 'reschedule': {
      const id = appointmentId();
      const moved = typeof id === 'string' && ID.test(id) ? await world.raw.getAppointment(id) : undefined;
      const where = await location(moved?.doctorId);
      // Sometimes onto another booked appointment of the doctor, or to when its patient is booked elsewhere.
      const booked = [...pools.booked.values()];
      const taken = booked.filter((a) => a.doctorId === moved?.doctorId && a.id !== id).map((a) => a.start);
      const busy = booked.filter((a) => a.patientRef === moved?.patientRef && a.doctorId !== moved?.doctorId).map((a) => a.start);
      const pick = t.next() % 6;
      const to = taken.length > 0 && pick < 2 ? t.pick(taken) : busy.length > 0 && pick < 4 ? t.pick(busy) : start();
      return [id, often<unknown>([{ start: to }, { start: to }, { locationId: where }, { start: to, locationId: where }], [{}, junk])];
    }
    case 'markFulfilled':
    case 'markNoShow':
    case 'markEnteredInError':
      return [appointmentId()];
    case 'hold': {
      const id = doctorId();
      const key = often<unknown>([undefined, undefined, fresh('hold-key')], [t.pick([...pools.holdKeys.keys()]), junk]);
      // Beyond the doctor's maxHoldTtl (an hour) is a near miss.
      const ttl = often<unknown>([undefined, undefined, 'PT5M', 'PT30M'], ['PT2H', 'PT0M', junk]);
      const { start: at, patientRef: patient } = startAndPatient(id);
      const request = {
        doctorId: id,
        locationId: await location(id),
        start: at,
        ...(ttl === undefined ? {} : { ttl }),
        // A hold need not name its patient.
        ...(t.next() % 3 === 0 ? {} : { patientRef: patient }),
        ...(key === undefined ? {} : { idempotencyKey: key }),
      };
      return [t.next() % 6 === 0 && pools.holdKeys.size > 0 ? t.pick([...pools.holdKeys.values()]) : request];
    }
    case 'getHold':
    case 'releaseHold':
      return [holdId()];
    case 'renewHold':
      return [holdId(), often<unknown>([{ ttl: 'PT5M' }, { ttl: 'PT20M' }], [{ ttl: 'PT2H' }, {}, junk])];
    case 'confirmHold': {
      // A retry of an earlier confirmation with its key, now and then.
      if (t.next() % 5 === 0 && pools.confirmKeys.size > 0) return [...t.pick([...pools.confirmKeys.values()])];
      const id = holdId();
      const hold = typeof id === 'string' && ID.test(id) ? await world.raw.getHold(id) : undefined;
      // Now and then the doctor's buffers grow first: the confirmation's wider time may collide.
      const doctor = hold === undefined ? undefined : await world.raw.getDoctor(hold.doctorId);
      if (doctor !== undefined && t.next() % 6 === 0) {
        await world.scheduler.setBookingRules(doctor.id, { ...doctor.rules, bufferBefore: 'PT15M', bufferAfter: 'PT15M' }).catch(() => undefined);
      }
      // An appointment's key, or another confirmation's, is a near miss.
      const key = often<unknown>([undefined, fresh('confirm-key')], ['key-1', t.pick([...pools.confirmKeys.keys()]), junk]);
      return [id, { patientRef: patientAt(hold?.doctorId, hold?.start), ...(key === undefined ? {} : { idempotencyKey: key }) }];
    }
  }
}

/** The ids a call's `newId` makes, by method: what a repeated id collides with. */
const MADE_BY: Partial<Record<Method, 'appointments' | 'holds' | 'doctors' | 'locations'>> = {
  book: 'appointments',
  reschedule: 'appointments',
  confirmHold: 'appointments',
  hold: 'holds',
  createDoctor: 'doctors',
  addLocation: 'locations',
};

function applyFault(method: Method, plan: FaultPlan, faults: Faults, pools: Pools, t: Tape): void {
  switch (plan.kind) {
    case 'none':
      return;
    case 'repository':
      faults.repositoryFailsAfter = plan.after;
      faults.repositoryThrowsSync = plan.sync;
      return;
    case 'edited':
      faults.doctorEditedBeforeWrites = Number.POSITIVE_INFINITY;
      return;
    case 'removed':
      faults.doctorRemovedBeforeWrite = true;
      return;
    case 'clock':
      faults.clock = plan.how;
      return;
    case 'newId': {
      if (plan.how !== 'repeats') {
        faults.newId = plan.how;
        return;
      }
      // Mostly an id of what the call makes, else any id the run has seen.
      const made = MADE_BY[method];
      const ids = made !== undefined && t.next() % 8 !== 0 ? pools[made] : [...pools.appointments, ...pools.holds, ...pools.doctors, ...pools.locations];
      faults.newId = { repeats: t.pick(ids) };
    }
  }
}

/** Learns new targets from what a call returned. */
function learn(method: Method, args: unknown[], result: unknown, pools: Pools): void {
  const add = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  if (method === 'createDoctor' || method === 'addLocation') {
    const doctor = result as Doctor;
    add(pools.doctors, doctor.id);
    for (const l of doctor.locations) add(pools.locations, l.id);
  } else if (method === 'book') {
    const appointment = result as Appointment;
    add(pools.appointments, appointment.id);
    if (appointment.status === 'booked') pools.booked.set(appointment.id, appointment);
    if (appointment.idempotencyKey !== undefined) pools.keys.set(appointment.idempotencyKey, args[0] as Record<string, unknown>);
  } else if (method === 'reschedule') {
    const { cancelled, booked } = result as RescheduleResult;
    add(pools.appointments, booked.id);
    pools.booked.set(booked.id, booked);
    pools.booked.delete(cancelled.id);
  } else if (method === 'cancel' || method === 'markFulfilled' || method === 'markNoShow' || method === 'markEnteredInError') {
    pools.booked.delete((result as Appointment).id);
  } else if (method === 'hold' || method === 'renewHold' || method === 'releaseHold') {
    const hold = result as Hold;
    add(pools.holds, hold.id);
    if (hold.status === 'held') pools.liveHolds.set(hold.id, hold.expiresAt);
    else pools.liveHolds.delete(hold.id);
    if (hold.idempotencyKey !== undefined) pools.holdKeys.set(hold.idempotencyKey, args[0] as Record<string, unknown>);
  } else if (method === 'confirmHold') {
    pools.liveHolds.delete(args[0] as string);
    const appointment = result as Appointment;
    add(pools.appointments, appointment.id);
    if (appointment.status === 'booked') pools.booked.set(appointment.id, appointment);
    if (appointment.idempotencyKey !== undefined) pools.confirmKeys.set(appointment.idempotencyKey, args);
  } else if (method === 'listDoctors' || method === 'listAppointments') {
    const next = (result as Page<unknown>).nextCursor;
    if (next !== undefined) pools.cursors.push(next);
  }
}

/** What a run of the property saw: how often each method gave each code. */
type Observed = Map<string, number>;

/** A run: whether the scheduler has the patient-conflict rule on, and its calls. */
interface Run {
  readonly patientConflicts: boolean;
  readonly steps: readonly Step[];
}

/** Runs the steps on a fresh seeded world; throws at the first rejection outside `codes`. */
async function runSteps(kind: AdapterKind, { patientConflicts, steps }: Run, codes: CodesByMethod, observed: Observed): Promise<void> {
  const world = createWorld(kind, { patientConflicts });
  try {
    const seeded = await seed(world);
    const appointments = seededAppointments(seeded);
    const pools: Pools = {
      doctors: ['dr-a', 'dr-b', 'dr-c', 'dr-d'],
      locations: ['park-st', 'uni', 'main', 'annex', 'clinic'],
      appointments: appointments.map((a) => a.id),
      booked: new Map(appointments.filter((a) => a.status === 'booked').map((a) => [a.id, a])),
      keys: new Map([
        ['key-1', { doctorId: 'dr-a', locationId: 'park-st', start: monday('09:00'), patientRef: 'patient/1', idempotencyKey: 'key-1' }],
        ['key-5', { doctorId: 'dr-b', locationId: 'main', start: monday('09:00'), patientRef: 'patient/5', idempotencyKey: 'key-5' }],
      ]),
      holds: [seeded.held.id, seeded.released.id],
      liveHolds: new Map([[seeded.held.id, seeded.held.expiresAt]]),
      holdKeys: new Map([['hold-key-1', { doctorId: 'dr-a', locationId: 'uni', start: monday('11:00'), ttl: 'PT1H', idempotencyKey: 'hold-key-1' }]]),
      confirmKeys: new Map(),
      cursors: [],
      fresh: 0,
    };
    for (const step of steps) {
      if (step.advance > 0) world.advance(step.advance * 60_000);
      const args = await argsFor(step, world, pools);
      applyFault(step.method, step.fault, world.faults, pools, new Tape([...step.tape].reverse()));
      // A hold's doctor removed by a process whose clock is past the hold's expiry, and the call
      // made by yet another process, which has nothing cached.
      let scheduler = world.scheduler;
      if (step.fault.kind === 'removed' && (step.method === 'renewHold' || step.method === 'confirmHold') && typeof args[0] === 'string' && ID.test(args[0])) {
        const hold = await world.raw.getHold(args[0]);
        if (hold !== undefined) await removeDoctorBehindTheScenes(world.raw, hold.doctorId);
        scheduler = world.otherProcess();
      }
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        const promise = (scheduler[step.method] as (...a: unknown[]) => Promise<unknown>)(...args);
        if (!(promise instanceof Promise)) throw new Error(`${step.method} returned no promise`);
        outcome = await promise.then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
      } finally {
        for (const key of Object.keys(world.faults)) delete world.faults[key as keyof Faults];
      }
      if (outcome.ok) {
        learn(step.method, args, outcome.value, pools);
      } else {
        const code = checkRejection(step.method, outcome.error, codes);
        if (code === 'PATIENT_BUSY' && !patientConflicts) throw new Error(`${step.method} rejected with PATIENT_BUSY, but the patient-conflict rule is off`);
        if (code === 'HOLD_EXPIRED') {
          const { expiresAt } = (outcome.error as SchedulingError<'HOLD_EXPIRED'>).details;
          if (expiresAt !== undefined && expiresAt > world.now()) throw new Error(`${step.method}: HOLD_EXPIRED at ${world.now()}, but the hold expires at ${expiresAt}`);
        }
        const pair = `${step.method} ${code}`;
        observed.set(pair, (observed.get(pair) ?? 0) + 1);
      }
    }
  } finally {
    world.close();
  }
}

const runsArb: fc.Arbitrary<Run> = fc.record({
  patientConflicts: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
});

/** The property, for one adapter and one contract. */
const contractProperty = (kind: AdapterKind, codes: CodesByMethod, observed: Observed) =>
  fc.asyncProperty(runsArb, (run) => runSteps(kind, run, codes, observed));

/** Every (method, code) pair of a contract. */
const pairsOf = (codes: CodesByMethod) => METHODS.flatMap((m) => codes[m].map((c) => `${m} ${c}`));

/** The contract with one code taken away from one method. */
const without = (method: Method, code: SchedulingErrorCode): CodesByMethod => ({
  ...SCHEDULER_ERROR_CODES_BY_METHOD,
  [method]: SCHEDULER_ERROR_CODES_BY_METHOD[method].filter((c) => c !== code),
});

describe('every scheduler method rejects only with the codes its TSDoc lists', () => {
  it('on the memory adapter; and every listed code of every method is given in the run (no list claims too much)', async () => {
    const observed: Observed = new Map();
    await fc.assert(contractProperty('memory', SCHEDULER_ERROR_CODES_BY_METHOD, observed), { numRuns: 600 });
    const missing = pairsOf(SCHEDULER_ERROR_CODES_BY_METHOD).filter((pair) => !observed.has(pair));
    const rarest = [...observed].sort((x, y) => x[1] - y[1]).slice(0, 5).map(([pair, n]) => `${pair} x${n}`);
    expect(missing, `listed codes the run never provoked (the rarest it did: ${rarest.join(', ')})`).toEqual([]);
  });

  it('on SQLite (a file); every code is given by some method', async () => {
    const observed: Observed = new Map();
    await fc.assert(contractProperty('sqlite', SCHEDULER_ERROR_CODES_BY_METHOD, observed), { numRuns: 120 });
    const given = new Set([...observed.keys()].map((pair) => pair.split(' ')[1]));
    expect([...SCHEDULING_ERROR_CODES].filter((c) => !given.has(c))).toEqual([]);
  });

  for (const [method, code] of [
    ['book', 'SLOT_TAKEN'],
    ['cancel', 'NOT_ACTIVE'],
    ['book', 'CONFLICT'],
    ['getDoctor', 'STORAGE_FAILED'],
    ['releaseHold', 'HOLD_EXPIRED'],
    ['hold', 'PATIENT_BUSY'],
  ] as const) {
    it(`fails when ${code} is taken away from ${method}'s list (the property can fail)`, async () => {
      const result = await fc.check(contractProperty('memory', without(method, code), new Map()), { numRuns: 500, endOnFailure: true });
      expect(result.failed).toBe(true);
      expect(String(result.errorInstance)).toContain(`${method} rejected with ${code}, which its list does not name`);
    });
  }
});
