import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { DEFAULT_SLOW_TIMEOUT } from './kit-defaults.js';
import { listAllAppointments } from './list-all-appointments.js';
import { runnerOf, withRepository } from './with-repository.js';
import { runProperty } from './run-property.js';

/**
 * The conformance group for the no-overlap rule of `insertAppointment`: back-to-back is allowed,
 * any overlap with an active appointment of the same doctor (at any location) is `SLOT_TAKEN`,
 * other doctors are independent, and cancelled, fulfilled, no-show and entered-in-error
 * appointments free their time. Also `DOCTOR_NOT_FOUND` and `CONFLICT` (duplicate id), and a
 * property test: the second of two appointments is accepted exactly when they do not overlap.
 * Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeOverlapConformance } from 'clinic-slots/testing';
 * describeOverlapConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeOverlapConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeOverlapConformance');
  const { describe, it } = runnerOf(options);
  const prepare = async (repository: SchedulingRepository) => {
    await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
    await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
  };
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) =>
    it(name, () =>
      withRepository(options, async (repository) => {
        await prepare(repository);
        await body(repository);
      }),
    );

  describe(`${options.name}: no overlapping active appointments`, () => {
    test('allows back-to-back appointments on both sides', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'middle', start: at(30), end: at(60) }));
      await repository.insertAppointment(anAppointment({ id: 'before', start: at(0), end: at(30) }));
      await repository.insertAppointment(anAppointment({ id: 'after', start: at(60), end: at(90) }));
      const listed = await listAllAppointments(repository, { doctorId: 'doctor-1' });
      assert.deepStrictEqual(listed.map((a) => a.id), ['before', 'middle', 'after']);
    });

    test('refuses an overlapping appointment at another location with SLOT_TAKEN', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'first', locationId: 'location-1', start: at(0), end: at(30) }));
      await expectCode(
        repository.insertAppointment(anAppointment({ id: 'second', locationId: 'location-2', start: at(15), end: at(45) })),
        'SLOT_TAKEN',
      );
    });

    test('refuses identical, contained, containing and partial overlaps, down to one millisecond', async (repository) => {
      const held = anAppointment({ id: 'held', start: at(60), end: at(120) });
      await repository.insertAppointment(held);
      const ms = (minutes: number, plus: number) => new Date(Date.parse(at(minutes)) + plus).toISOString();
      const overlapping: Array<[string, string]> = [
        [at(60), at(120)], // identical
        [at(75), at(90)], // contained
        [at(0), at(180)], // containing
        [at(60), at(90)], // same start, ends inside
        [at(90), at(120)], // starts inside, same end
        [at(30), at(61)], // overlaps the start
        [at(119), at(150)], // overlaps the end
        [ms(0, 0), ms(60, 1)], // one millisecond into the start
        [ms(120, -1), at(180)], // one millisecond before the end
      ];
      for (const [i, [start, end]] of overlapping.entries()) {
        await expectCode(repository.insertAppointment(anAppointment({ id: `x${i}`, start, end })), 'SLOT_TAKEN');
      }
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [held]);
    });

    test('treats other doctors independently', async (repository) => {
      const mine = anAppointment({ id: 'mine', doctorId: 'doctor-1', start: at(0), end: at(30) });
      const theirs = anAppointment({ id: 'theirs', doctorId: 'doctor-2', start: at(0), end: at(30) });
      await repository.insertAppointment(mine);
      assert.deepStrictEqual(await repository.insertAppointment(theirs), theirs);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-2' }), [theirs]);
    });

    for (const status of ['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const) {
      test(`frees the time of an appointment that becomes ${status}`, async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(60) }));
        await repository.changeAppointmentStatus({ id: 'old', expectedStatus: 'booked', status, at: at(-1) });
        const again = anAppointment({ id: 'again', start: at(0), end: at(60) });
        assert.deepStrictEqual(await repository.insertAppointment(again), again);
      });
    }

    test('rebooks a cancelled time, and the new booking holds it again', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'first', start: at(0), end: at(30) }));
      await repository.changeAppointmentStatus({ id: 'first', expectedStatus: 'booked', status: 'cancelled', at: at(-1) });
      await repository.insertAppointment(anAppointment({ id: 'second', start: at(15), end: at(45) }));
      await expectCode(repository.insertAppointment(anAppointment({ id: 'third', start: at(0), end: at(30) })), 'SLOT_TAKEN');
      const listed = await listAllAppointments(repository, { doctorId: 'doctor-1' });
      assert.deepStrictEqual(listed.map((a) => [a.id, a.status]), [
        ['first', 'cancelled'],
        ['second', 'booked'],
      ]);
    });

    test('refuses an unknown doctor with DOCTOR_NOT_FOUND and stores nothing', async (repository) => {
      await expectCode(repository.insertAppointment(anAppointment({ id: 'a', doctorId: 'ghost' })), 'DOCTOR_NOT_FOUND');
      assert.equal(await repository.getAppointment('a'), undefined);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'ghost' }), []);
    });

    test('refuses an appointment id that exists with CONFLICT, also for another doctor or time', async (repository) => {
      const first = anAppointment({ id: 'same', start: at(0), end: at(30) });
      await repository.insertAppointment(first);
      await expectCode(repository.insertAppointment(anAppointment({ id: 'same', start: at(600), end: at(630) })), 'CONFLICT');
      await expectCode(repository.insertAppointment(anAppointment({ id: 'same', doctorId: 'doctor-2', start: at(600) })), 'CONFLICT');
      assert.deepStrictEqual(await repository.getAppointment('same'), first);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-2' }), []);
    });

    it(
      'accepts a second appointment exactly when it does not overlap the first (property)',
      () => {
        const interval = fc
          .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 12 }))
          .map(([slot, length]) => ({ start: slot * 5, end: (slot + length) * 5 }));
        return runProperty(
          options,
          'overlap',
          fc.asyncProperty(interval, interval, fc.boolean(), async (a, b, sameLocation) =>
            withRepository(options, async (repository) => {
              await prepare(repository);
              const first = anAppointment({ id: 'first', start: at(a.start), end: at(a.end) });
              const second = anAppointment({
                id: 'second',
                locationId: sameLocation ? 'location-1' : 'location-2',
                start: at(b.start),
                end: at(b.end),
              });
              await repository.insertAppointment(first);
              const overlap = a.start < b.end && b.start < a.end;
              if (overlap) await expectCode(repository.insertAppointment(second), 'SLOT_TAKEN');
              else assert.deepStrictEqual(await repository.insertAppointment(second), second);
              const expected = overlap ? [first] : [first, second].sort((x, y) => (x.start < y.start ? -1 : 1));
              assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), expected);
            }),
          ),
        );
      },
      options.timeout ?? DEFAULT_SLOW_TIMEOUT,
    );
  });
}
