import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppointmentSchema, DoctorSchema, SchedulingError, type Scheduler } from 'clinic-slots';
import { DR_WRIGHT, monday, setupWithDoctor, snapshot } from './support.js';

type Method = keyof Scheduler;

/** A valid call of every method, given the ids of a booked appointment and of a live hold. */
const validCalls = (booked: string, held = 'h'): Record<Method, unknown[]> => ({
  createDoctor: [{ name: 'Ann', timeZone: 'Europe/Paris', locations: [{ address: '1 Rue' }], rules: { slotLength: 'PT15M' } }],
  getDoctor: ['dr-wright'],
  listDoctors: [{ limit: 10 }],
  updateDoctor: ['dr-wright', { version: 1, name: 'Dr Jane Wright', schedule: { tuesday: [{ start: '09:00', end: '10:00' }] } }],
  removeDoctor: ['dr-idle', { version: 1 }],
  addLocation: ['dr-wright', { id: 'harbour', address: '3 Harbour Rd' }, { version: 1 }],
  removeLocation: ['dr-wright', 'uni', { version: 1 }],
  setWeeklySchedule: ['dr-wright', { monday: [{ start: '09:00', end: '12:00', locationIds: ['park-st'] }] }, { version: 1 }],
  setOverrides: ['dr-wright', [{ kind: 'hours', from: '2027-01-09', to: '2027-01-10', intervals: [{ start: '10:00', end: '12:00' }] }], { version: 1 }],
  setBookingRules: ['dr-wright', { slotLength: 'PT20M', slotStep: 'PT10M', bufferAfter: 'PT5M' }, { version: 1 }],
  findAvailableSlots: [{ doctorId: 'dr-wright', from: monday('00:00'), to: '2027-01-05T00:00:00Z', locationId: 'uni' }],
  book: [{ doctorId: 'dr-wright', locationId: 'park-st', start: monday('10:00'), patientRef: 'patient/7', idempotencyKey: 'k' }],
  getAppointment: [booked],
  listAppointments: [{ doctorId: 'dr-wright', from: monday('00:00'), to: '2027-01-05T00:00:00Z', statuses: ['booked'], limit: 10 }],
  cancel: [booked, { reason: 'patient called' }],
  reschedule: [booked, { start: monday('11:00'), locationId: 'uni' }],
  markFulfilled: [booked],
  markNoShow: [booked],
  markEnteredInError: [booked],
  hold: [{ doctorId: 'dr-wright', locationId: 'park-st', start: monday('11:30'), ttl: 'PT5M', patientRef: 'patient/8', idempotencyKey: 'h' }],
  getHold: [held],
  renewHold: [held, { ttl: 'PT5M' }],
  releaseHold: [held],
  confirmHold: [held, { patientRef: 'patient/8' }],
});

const METHODS = Object.keys(validCalls('x')) as Method[];

/** Every path into a JSON-like value: [] is the value itself. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'extra'; value: unknown };

/** `value` with the thing at `path` replaced, deleted, or given an extra key. */
function mutate(value: unknown, path: (string | number)[], mutation: Mutation): unknown {
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'delete') return undefined;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, unexpected: mutation.value } : mutation.value;
  }
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && mutation.kind === 'delete') {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
    return copy;
  }
  copy[head!] = mutate(copy[head!], rest, mutation);
  return copy;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.anything() }),
  fc.record({
    kind: fc.constant('replace' as const),
    value: fc.constantFrom('', ' ', 'a b', '\u0000', -1, 0, 1.5, Number.NaN, Infinity, null, undefined, [], {}, true, '2027-13-01T00:00:00Z', 'P1M', '25:00', 'x'.repeat(2000)),
  }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('extra' as const), value: fc.anything() }),
);

/** Calls a method, and checks it returned a promise rather than throwing synchronously. */
function call(scheduler: Scheduler, method: Method, args: unknown[]): Promise<unknown> {
  const fn = scheduler[method] as (...a: unknown[]) => Promise<unknown>;
  let result: Promise<unknown>;
  try {
    result = fn(...args);
  } catch (error) {
    throw new Error(`${method} threw synchronously: ${String(error)}`);
  }
  expect(result).toBeInstanceOf(Promise);
  return result;
}

/**
 * Runs one call on a fresh store: if it is refused, the refusal is a typed error and nothing
 * changed; if it is accepted, the store holds only valid data.
 */
async function refusedCleanly(method: Method, args: (booked: string, held: string) => unknown[]): Promise<boolean> {
  const { scheduler, repository } = await setupWithDoctor();
  await scheduler.createDoctor({ ...DR_WRIGHT, id: 'dr-idle' });
  const booked = await scheduler.book({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('09:00'), patientRef: 'patient/1' });
  await scheduler.cancel((await scheduler.book({ doctorId: 'dr-wright', locationId: 'uni', start: monday('09:30'), patientRef: 'patient/2' })).id);
  const held = await scheduler.hold({ doctorId: 'dr-wright', locationId: 'park-st', start: monday('10:30'), ttl: 'PT10M' });
  const before = await snapshot(repository);
  const holdBefore = await repository.getHold(held.id);
  const outcome = await call(scheduler, method, args(booked.id, held.id)).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (outcome === undefined) {
    // Accepted: then it was valid, and what is stored still is.
    const after = await snapshot(repository);
    for (const doctor of after.doctors) expect(DoctorSchema.safeParse(doctor).success, `${method} stored an invalid doctor`).toBe(true);
    for (const a of after.appointments) expect(AppointmentSchema.safeParse(a).success, `${method} stored an invalid appointment`).toBe(true);
    return false;
  }
  expect(outcome.error, `${method} threw ${String(outcome.error)}`).toBeInstanceOf(SchedulingError);
  expect((outcome.error as SchedulingError).code).not.toBe('STORAGE_FAILED');
  expect(await snapshot(repository)).toEqual(before);
  expect(await repository.getHold(held.id)).toEqual(holdBefore);
  return true;
}

describe('every public method fed bad input', () => {
  it('has a valid call for each method, and each valid call goes through (the templates are sound)', async () => {
    for (const method of METHODS) {
      expect(await refusedCleanly(method, (booked, held) => validCalls(booked, held)[method]), method).toBe(false);
    }
  });

  for (const method of METHODS) {
    it(`${method}: arbitrary values give a SchedulingError and change nothing`, async () => {
      let refusals = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.anything(), { maxLength: 3 }), async (args) => {
          if (await refusedCleanly(method, () => args)) refusals++;
        }),
        { numRuns: 40 },
      );
      expect(refusals).toBeGreaterThan(0);
    });

    it(`${method}: a valid call with one thing changed is either fine or refused cleanly`, async () => {
      let refusals = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutationArb, async (pick, mutation) => {
          const args = (booked: string, held: string) => {
            const valid = validCalls(booked, held)[method];
            const all = paths(valid).filter((p) => p.length > 0);
            return mutate(valid, all[pick % all.length]!, mutation) as unknown[];
          };
          if (await refusedCleanly(method, args)) refusals++;
        }),
        { numRuns: 60 },
      );
      expect(refusals).toBeGreaterThan(0);
    });
  }

  it('refuses input whose getters throw with VALIDATION_FAILED', async () => {
    const { scheduler } = await setupWithDoctor();
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    await expect(scheduler.book(hostile as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(scheduler.createDoctor({ ...DR_WRIGHT, id: undefined, locations: hostile } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
