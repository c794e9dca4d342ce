import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import type { Appointment } from '../schemas/appointment.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import type { ConformanceTestContext } from './conformance-runner.js';
import { at } from './instants.js';
import { DEFAULT_SLOW_TIMEOUT } from './kit-defaults.js';
import { listAllAppointments } from './list-all-appointments.js';
import { runnerOf, withRepository } from './with-repository.js';
import { runProperty } from './run-property.js';

/** How many calls race in the one-slot tests. */
const RACERS = 50;

/** Splits settled results into values and the codes of the errors. */
function outcomes<T>(results: readonly PromiseSettledResult<T>[]): { values: T[]; codes: unknown[] } {
  const values: T[] = [];
  const codes: unknown[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') values.push(result.value);
    else codes.push(result.reason instanceof Error && 'code' in result.reason ? result.reason.code : result.reason);
  }
  return { values, codes };
}

/** `RACERS` distinct appointments of `doctor-1` that all overlap 09:15-09:16 on the kit's day. */
const contenders = (): Appointment[] =>
  Array.from({ length: RACERS }, (_, i) =>
    anAppointment({
      id: `racer-${String(i).padStart(2, '0')}`,
      locationId: i % 2 === 0 ? 'location-1' : 'location-2',
      start: at(75 - (i % 5)),
      end: at(76 + (i % 7)),
      patientRef: `patient/${i}`,
    }),
  );

/**
 * The conformance group for concurrent writers: many calls racing for one slot (inserts,
 * reschedules, status changes, doctor updates) give exactly one winner and typed refusals for the
 * rest; under any mix of concurrent inserts no two active appointments of a doctor overlap. When
 * the fixture provides `connect()` and the repository declares `concurrentWriters:
 * 'cross-process'`, the race also runs across several repository objects; otherwise that test is
 * skipped, as its name says. Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeConcurrencyConformance } from 'clinic-slots/testing';
 * describeConcurrencyConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeConcurrencyConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeConcurrencyConformance');
  const { describe, it } = runnerOf(options);
  const timeout = options.timeout ?? DEFAULT_SLOW_TIMEOUT;
  const prepare = async (repository: SchedulingRepository) => {
    await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
    await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
  };
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) =>
    it(
      name,
      () =>
        withRepository(options, async (repository) => {
          await prepare(repository);
          await body(repository);
        }),
      timeout,
    );

  describe(`${options.name}: concurrent writers`, () => {
    test(`${RACERS} concurrent inserts for one slot give one success and ${RACERS - 1} SLOT_TAKEN`, async (repository) => {
      const racers = contenders();
      const { values, codes } = outcomes(await Promise.allSettled(racers.map((a) => repository.insertAppointment(a))));
      assert.equal(values.length, 1);
      assert.deepStrictEqual(codes, Array.from({ length: RACERS - 1 }, () => 'SLOT_TAKEN'));
      const winner = racers.find((a) => a.id === values[0]!.id);
      assert.deepStrictEqual(values[0], winner);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [winner]);
    });

    test(`${RACERS} concurrent inserts with one idempotency key store one appointment and all return it`, async (repository) => {
      const racers = contenders().map((a) => ({ ...a, idempotencyKey: 'double-click' }));
      const { values, codes } = outcomes(await Promise.allSettled(racers.map((a) => repository.insertAppointment(a))));
      assert.deepStrictEqual(codes, []);
      const stored = await listAllAppointments(repository, { doctorId: 'doctor-1' });
      assert.equal(stored.length, 1);
      assert.deepStrictEqual(values, Array.from({ length: RACERS }, () => stored[0]));
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('double-click'), stored[0]);
    });

    test('concurrent reschedules of different appointments into one free slot: one wins, the rest change nothing', async (repository) => {
      const olds = Array.from({ length: 10 }, (_, i) => anAppointment({ id: `old-${i}`, start: at(300 + 30 * i), end: at(330 + 30 * i) }));
      for (const old of olds) await repository.insertAppointment(old);
      const results = await Promise.allSettled(
        olds.map((old, i) =>
          repository.rescheduleAppointment({
            fromId: old.id,
            replacement: anAppointment({ id: `new-${i}`, start: at(0), end: at(30), rescheduledFrom: old.id }),
            at: at(-1),
          }),
        ),
      );
      const { values, codes } = outcomes(results);
      assert.equal(values.length, 1);
      assert.deepStrictEqual(codes, Array.from({ length: olds.length - 1 }, () => 'SLOT_TAKEN'));
      const booked = await listAllAppointments(repository, { doctorId: 'doctor-1', statuses: ['booked'] });
      const winner = values[0]!;
      assert.deepStrictEqual(booked, [winner.booked, ...olds.filter((o) => o.id !== winner.cancelled.id)]);
    });

    test('concurrent inserts and a reschedule into one slot: exactly one holds it', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(300), end: at(330) }));
      const reschedule = repository.rescheduleAppointment({
        fromId: old.id,
        replacement: anAppointment({ id: 'moved', start: at(0), end: at(30), rescheduledFrom: old.id }),
        at: at(-1),
      });
      const inserts = contenders().slice(0, 20).map((a) => repository.insertAppointment({ ...a, start: at(10), end: at(20) }));
      const { values, codes } = outcomes(await Promise.allSettled([reschedule, ...inserts]));
      assert.equal(values.length, 1);
      assert.deepStrictEqual(codes, Array.from({ length: 20 }, () => 'SLOT_TAKEN'));
      const booked = await listAllAppointments(repository, { doctorId: 'doctor-1', statuses: ['booked'], from: at(0), to: at(30) });
      assert.equal(booked.length, 1);
    });

    test('concurrent status changes of one booked appointment: one applies, the rest get NOT_ACTIVE', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      const statuses = ['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: statuses[i % 4]!, at: at(i) }),
        ),
      );
      const { values, codes } = outcomes(results);
      assert.equal(values.length, 1);
      assert.deepStrictEqual(codes, Array.from({ length: 19 }, () => 'NOT_ACTIVE'));
      assert.deepStrictEqual(await repository.getAppointment(booked.id), values[0]);
    });

    test('concurrent doctor updates from one version: one applies, the rest get CONFLICT', async (repository) => {
      const updates = Array.from({ length: 20 }, (_, i) => aDoctor({ id: 'doctor-1', name: `Name ${i}`, version: 2 }));
      const { values, codes } = outcomes(await Promise.allSettled(updates.map((d) => repository.updateDoctor(d, 1))));
      assert.equal(values.length, 1);
      assert.deepStrictEqual(codes, Array.from({ length: 19 }, () => 'CONFLICT'));
      const stored = await repository.getDoctor('doctor-1');
      assert.ok(updates.some((update) => isDeepStrictEqual(update, stored)), 'the stored doctor should be one of the updates');
    });

    it(
      'concurrent inserts of any times never leave two overlapping active appointments (property)',
      () => {
        const request = fc.record({
          doctor: fc.constantFrom('doctor-1', 'doctor-2'),
          slot: fc.integer({ min: 0, max: 20 }),
          length: fc.integer({ min: 1, max: 6 }),
        });
        return runProperty(
          options,
          'concurrent-inserts',
          fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 25 }), async (requests) =>
            withRepository(options, async (repository) => {
              await prepare(repository);
              const appointments = requests.map((r, i) =>
                anAppointment({ id: `c${i}`, doctorId: r.doctor, start: at(r.slot * 10), end: at((r.slot + r.length) * 10) }),
              );
              const results = await Promise.allSettled(appointments.map((a) => repository.insertAppointment(a)));
              const { values, codes } = outcomes(results);
              assert.deepStrictEqual(codes.filter((code) => code !== 'SLOT_TAKEN'), []);
              for (const doctorId of ['doctor-1', 'doctor-2']) {
                const stored = await listAllAppointments(repository, { doctorId });
                // What is stored is exactly what succeeded ...
                assert.deepStrictEqual([...stored].sort(byId), values.filter((a) => a.doctorId === doctorId).sort(byId));
                // ... no two of it overlap ...
                for (let i = 1; i < stored.length; i++) assert.ok(stored[i - 1]!.end <= stored[i]!.start, `${stored[i - 1]!.id} overlaps ${stored[i]!.id}`);
                // ... and every refusal had a reason: it overlaps something stored.
                for (const [i, result] of results.entries()) {
                  const refused = appointments[i]!;
                  if (result.status === 'rejected' && refused.doctorId === doctorId) {
                    assert.ok(stored.some((s) => s.start < refused.end && refused.start < s.end), `${refused.id} was refused but overlaps nothing stored`);
                  }
                }
              }
            }),
          ),
        );
      },
      timeout,
    );

    it(
      `${RACERS} concurrent inserts for one slot across several connections give one success (needs capabilities.concurrentWriters 'cross-process' and a fixture with connect(); skipped otherwise)`,
      // A default value, so that the body's length stays 0 (jest would take a parameter for `done`).
      async (context: ConformanceTestContext | undefined = undefined) => {
        const fixture = await options.create();
        try {
          if (fixture.repository.capabilities.concurrentWriters !== 'cross-process' || fixture.connect === undefined) {
            // Under a runner whose tests get no context (jest), the test ends here; its name says why.
            context?.skip?.(`${options.name} declares concurrentWriters '${fixture.repository.capabilities.concurrentWriters}'${fixture.connect === undefined ? ' and its fixture has no connect()' : ''}`);
            return;
          }
          const repositories = [fixture.repository, await fixture.connect(), await fixture.connect()];
          await prepare(fixture.repository);
          const racers = contenders();
          const { values, codes } = outcomes(
            await Promise.allSettled(racers.map((a, i) => repositories[i % repositories.length]!.insertAppointment(a))),
          );
          assert.equal(values.length, 1);
          assert.deepStrictEqual(codes, Array.from({ length: RACERS - 1 }, () => 'SLOT_TAKEN'));
          for (const repository of repositories) {
            assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), values);
          }
        } finally {
          await fixture.teardown();
        }
      },
      timeout,
    );
  });
}

const byId = (a: Appointment, b: Appointment): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
