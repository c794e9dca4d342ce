import assert from 'node:assert/strict';
import type { Appointment } from '../schemas/appointment.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/** The replacement of `old` at `[start, end)` minutes, linked back to it. */
const replacementOf = (old: Appointment, id: string, start: number, end: number, extra: Partial<Appointment> = {}): Appointment =>
  anAppointment({
    id,
    doctorId: old.doctorId,
    locationId: old.locationId,
    patientRef: old.patientRef,
    start: at(start),
    end: at(end),
    rescheduledFrom: old.id,
    createdAt: at(-1),
    updatedAt: at(-1),
    ...extra,
  });

/**
 * The conformance group for `rescheduleAppointment`: the old appointment is cancelled (linked by
 * `rescheduledTo`) and the replacement booked (linked by `rescheduledFrom`) as one unit; the
 * replacement may overlap the old one's own time but no other active appointment; every refusal
 * (`SLOT_TAKEN`, `NOT_ACTIVE`, `APPOINTMENT_NOT_FOUND`, `DOCTOR_NOT_FOUND`, `CONFLICT`) leaves
 * both exactly as they were. Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRescheduleConformance } from 'clinic-slots/testing';
 * describeRescheduleConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeRescheduleConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeRescheduleConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);

  /** Asserts that the doctor's appointments are exactly `expected`, in listing order. */
  const expectStored = async (repository: SchedulingRepository, expected: readonly Appointment[]) =>
    assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), expected);

  describe(`${options.name}: atomic reschedule`, () => {
    test('cancels the old appointment and books the replacement, linked both ways', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const replacement = replacementOf(old, 'new', 120, 150);
      const result = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(-1) });
      const cancelled = { ...old, status: 'cancelled' as const, updatedAt: at(-1), rescheduledTo: 'new' };
      assert.deepStrictEqual(result, { cancelled, booked: replacement });
      assert.deepStrictEqual(await repository.getAppointment('old'), cancelled);
      assert.deepStrictEqual(await repository.getAppointment('new'), replacement);
      await expectStored(repository, [cancelled, replacement]);
    });

    test('frees the old time: another appointment can take it afterwards', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      await repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'new', 120, 150), at: at(-1) });
      const taker = anAppointment({ id: 'taker', start: at(0), end: at(30) });
      assert.deepStrictEqual(await repository.insertAppointment(taker), taker);
    });

    test('lets the replacement overlap the old appointment\'s own time, or take exactly the same time elsewhere', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(60) }));
      const shifted = replacementOf(old, 'shifted', 15, 75);
      await repository.rescheduleAppointment({ fromId: 'old', replacement: shifted, at: at(-1) });
      const moved = replacementOf(shifted, 'moved', 15, 75, { locationId: 'location-2' });
      const { booked } = await repository.rescheduleAppointment({ fromId: 'shifted', replacement: moved, at: at(-1) });
      assert.deepStrictEqual(booked, moved);
      assert.deepStrictEqual((await listAllAppointments(repository, { doctorId: 'doctor-1', statuses: ['booked'] })).map((a) => a.id), ['moved']);
    });

    test('refuses a replacement that overlaps another active appointment with SLOT_TAKEN, and changes nothing', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const other = await repository.insertAppointment(anAppointment({ id: 'other', start: at(60), end: at(90) }));
      for (const [i, [start, end]] of [[45, 75], [60, 90], [20, 70], [89, 120]].entries()) {
        await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, `new-${i}`, start!, end!), at: at(-1) }), 'SLOT_TAKEN');
      }
      // Neither half happened: the old one is still booked and still holds its time.
      await expectStored(repository, [old, other]);
      await expectCode(repository.insertAppointment(anAppointment({ id: 'probe', start: at(0), end: at(30) })), 'SLOT_TAKEN');
    });

    test('refuses with NOT_ACTIVE when the old appointment is not booked, and changes nothing', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const fulfilled = await repository.changeAppointmentStatus({ id: 'old', expectedStatus: 'booked', status: 'fulfilled', at: at(31) });
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'new', 120, 150), at: at(32) }), 'NOT_ACTIVE');
      await expectStored(repository, [fulfilled]);
    });

    test('refuses a second reschedule of the same appointment with NOT_ACTIVE', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const first = replacementOf(old, 'first', 120, 150);
      const { cancelled } = await repository.rescheduleAppointment({ fromId: 'old', replacement: first, at: at(-1) });
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'second', 240, 270), at: at(-1) }), 'NOT_ACTIVE');
      await expectStored(repository, [cancelled, first]);
    });

    test('refuses an unknown old appointment with APPOINTMENT_NOT_FOUND, and stores nothing', async (repository) => {
      const ghost = anAppointment({ id: 'ghost', start: at(0) });
      await expectCode(repository.rescheduleAppointment({ fromId: 'ghost', replacement: replacementOf(ghost, 'new', 120, 150), at: at(-1) }), 'APPOINTMENT_NOT_FOUND');
      await expectStored(repository, []);
    });

    test('refuses a replacement whose id exists with CONFLICT, and changes nothing', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const other = await repository.insertAppointment(anAppointment({ id: 'other', doctorId: 'doctor-2', start: at(600) }));
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'other', 120, 150), at: at(-1) }), 'CONFLICT');
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'old', 120, 150), at: at(-1) }), 'CONFLICT');
      await expectStored(repository, [old]);
      assert.deepStrictEqual(await repository.getAppointment('other'), other);
    });

    test('refuses a stale doctorVersion with CONFLICT and changes nothing; the current one works', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      await repository.updateDoctor(aDoctor({ id: 'doctor-1', version: 2 }), 1);
      const replacement = replacementOf(old, 'new', 120, 150);
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(-1), doctorVersion: 1 }), 'CONFLICT');
      await expectStored(repository, [old]);
      const { booked } = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(-1), doctorVersion: 2 });
      assert.deepStrictEqual(booked, replacement);
    });

    test('refuses with DOCTOR_NOT_FOUND when the replacement\'s doctor is gone, and changes nothing', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      // The doctor can be deleted: the appointment ended before activeAfter.
      await repository.deleteDoctor('doctor-1', { activeAfter: at(60) });
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'new', 120, 150), at: at(61) }), 'DOCTOR_NOT_FOUND');
      await expectStored(repository, [old]);
    });

    test('leaves other doctors\' appointments alone', async (repository) => {
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
      const theirs = await repository.insertAppointment(anAppointment({ id: 'theirs', doctorId: 'doctor-2', start: at(120), end: at(150) }));
      await repository.rescheduleAppointment({ fromId: 'old', replacement: replacementOf(old, 'new', 120, 150), at: at(-1) });
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-2' }), [theirs]);
    });
  });
}
