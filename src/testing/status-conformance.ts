import assert from 'node:assert/strict';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { runnerOf, withRepository } from './with-repository.js';

/**
 * The conformance group for `changeAppointmentStatus`: the change applies only while the
 * appointment is in `expectedStatus` (else `NOT_ACTIVE`, nothing changed), sets `updatedAt`,
 * stores `cancellationReason` when given and keeps every other field; `APPOINTMENT_NOT_FOUND` for
 * an unknown id. Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeStatusConformance } from 'clinic-slots/testing';
 * describeStatusConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeStatusConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeStatusConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) =>
    it(name, () =>
      withRepository(options, async (repository) => {
        await repository.createDoctor(aDoctor());
        await body(repository);
      }),
    );

  describe(`${options.name}: status changes`, () => {
    test('cancels a booked appointment: status, updatedAt and cancellationReason change, nothing else', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment({ idempotencyKey: 'k1' }));
      const change = { id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(-30), cancellationReason: `patient called: "can't come" 🤒` } as const;
      const expected = { ...booked, status: 'cancelled', updatedAt: at(-30), cancellationReason: change.cancellationReason };
      assert.deepStrictEqual(await repository.changeAppointmentStatus(change), expected);
      assert.deepStrictEqual(await repository.getAppointment(booked.id), expected);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: booked.doctorId }), [expected]);
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('k1'), expected);
    });

    test('leaves cancellationReason absent when none is given', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      const changed = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(-30) });
      assert.deepStrictEqual(changed, { ...booked, status: 'cancelled', updatedAt: at(-30) });
      const stored = await repository.getAppointment(booked.id);
      assert.ok(stored !== undefined && !Object.hasOwn(stored, 'cancellationReason'), 'cancellationReason should be absent');
    });

    for (const status of ['fulfilled', 'noshow', 'entered-in-error'] as const) {
      test(`moves a booked appointment to ${status}`, async (repository) => {
        const booked = await repository.insertAppointment(anAppointment());
        const expected = { ...booked, status, updatedAt: at(45) };
        assert.deepStrictEqual(await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status, at: at(45) }), expected);
        assert.deepStrictEqual(await repository.getAppointment(booked.id), expected);
      });
    }

    test('moves a cancelled appointment to entered-in-error, keeping the earlier cancellationReason', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(1), cancellationReason: 'ill' });
      const changed = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'cancelled', status: 'entered-in-error', at: at(2) });
      assert.deepStrictEqual(changed, { ...booked, status: 'entered-in-error', updatedAt: at(2), cancellationReason: 'ill' });
      assert.deepStrictEqual(await repository.getAppointment(booked.id), changed);
    });

    test('refuses with NOT_ACTIVE when the appointment is not in expectedStatus, and changes nothing', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      const cancelled = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(1) });
      await expectCode(
        repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(2), cancellationReason: 'again' }),
        'NOT_ACTIVE',
      );
      await expectCode(repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'fulfilled', status: 'entered-in-error', at: at(2) }), 'NOT_ACTIVE');
      assert.deepStrictEqual(await repository.getAppointment(booked.id), cancelled);
    });

    test('refuses an unknown appointment with APPOINTMENT_NOT_FOUND', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'known' }));
      await expectCode(repository.changeAppointmentStatus({ id: 'unknown', expectedStatus: 'booked', status: 'cancelled', at: at(1) }), 'APPOINTMENT_NOT_FOUND');
      assert.equal(await repository.getAppointment('unknown'), undefined);
    });

    test('changes only the named appointment', async (repository) => {
      const a = await repository.insertAppointment(anAppointment({ id: 'a', start: at(0) }));
      const b = await repository.insertAppointment(anAppointment({ id: 'b', start: at(60) }));
      await repository.changeAppointmentStatus({ id: a.id, expectedStatus: 'booked', status: 'noshow', at: at(1) });
      assert.deepStrictEqual(await repository.getAppointment(b.id), b);
    });
  });
}
