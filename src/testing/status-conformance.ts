import { describe, expect, it } from 'vitest';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { withRepository } from './with-repository.js';

/**
 * The conformance group for `changeAppointmentStatus`: the change applies only while the
 * appointment is in `expectedStatus` (else `NOT_ACTIVE`, nothing changed), sets `updatedAt`,
 * stores `cancellationReason` when given and keeps every other field; `APPOINTMENT_NOT_FOUND` for
 * an unknown id. Registers a vitest `describe` block.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 *
 * @example
 * ```ts
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeStatusConformance } from 'clinic-slots/testing';
 * describeStatusConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }) });
 * ```
 */
export function describeStatusConformance(options: ConformanceOptions): void {
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
      expect(await repository.changeAppointmentStatus(change)).toStrictEqual(expected);
      expect(await repository.getAppointment(booked.id)).toStrictEqual(expected);
      expect(await listAllAppointments(repository, { doctorId: booked.doctorId })).toStrictEqual([expected]);
      expect(await repository.findAppointmentByIdempotencyKey('k1')).toStrictEqual(expected);
    });

    test('leaves cancellationReason absent when none is given', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      const changed = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(-30) });
      expect(changed).toStrictEqual({ ...booked, status: 'cancelled', updatedAt: at(-30) });
      expect(await repository.getAppointment(booked.id)).not.toHaveProperty('cancellationReason');
    });

    for (const status of ['fulfilled', 'noshow', 'entered-in-error'] as const) {
      test(`moves a booked appointment to ${status}`, async (repository) => {
        const booked = await repository.insertAppointment(anAppointment());
        const expected = { ...booked, status, updatedAt: at(45) };
        expect(await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status, at: at(45) })).toStrictEqual(expected);
        expect(await repository.getAppointment(booked.id)).toStrictEqual(expected);
      });
    }

    test('moves a cancelled appointment to entered-in-error, keeping the earlier cancellationReason', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(1), cancellationReason: 'ill' });
      const changed = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'cancelled', status: 'entered-in-error', at: at(2) });
      expect(changed).toStrictEqual({ ...booked, status: 'entered-in-error', updatedAt: at(2), cancellationReason: 'ill' });
      expect(await repository.getAppointment(booked.id)).toStrictEqual(changed);
    });

    test('refuses with NOT_ACTIVE when the appointment is not in expectedStatus, and changes nothing', async (repository) => {
      const booked = await repository.insertAppointment(anAppointment());
      const cancelled = await repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(1) });
      await expectCode(
        repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(2), cancellationReason: 'again' }),
        'NOT_ACTIVE',
      );
      await expectCode(repository.changeAppointmentStatus({ id: booked.id, expectedStatus: 'fulfilled', status: 'entered-in-error', at: at(2) }), 'NOT_ACTIVE');
      expect(await repository.getAppointment(booked.id)).toStrictEqual(cancelled);
    });

    test('refuses an unknown appointment with APPOINTMENT_NOT_FOUND', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'known' }));
      await expectCode(repository.changeAppointmentStatus({ id: 'unknown', expectedStatus: 'booked', status: 'cancelled', at: at(1) }), 'APPOINTMENT_NOT_FOUND');
      expect(await repository.getAppointment('unknown')).toBeUndefined();
    });

    test('changes only the named appointment', async (repository) => {
      const a = await repository.insertAppointment(anAppointment({ id: 'a', start: at(0) }));
      const b = await repository.insertAppointment(anAppointment({ id: 'b', start: at(60) }));
      await repository.changeAppointmentStatus({ id: a.id, expectedStatus: 'booked', status: 'noshow', at: at(1) });
      expect(await repository.getAppointment(b.id)).toStrictEqual(b);
    });
  });
}
