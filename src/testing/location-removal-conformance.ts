import assert from 'node:assert/strict';
import type { Doctor } from '../schemas/doctor.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at, clock } from './instants.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/** doctor-1 at version 2 without `location-2`, as a removal of that location writes it. */
const withoutLocation2 = (): Doctor =>
  aDoctor({ id: 'doctor-1', version: 2, locations: [{ id: 'location-1', address: '1 Park St' }], updatedAt: clock(1) });

/**
 * The conformance group for removing a location: `updateDoctor` with `removedLocation` writes
 * the doctor only if no `booked` appointment of that doctor at that location ends after
 * `activeAfter`, and no hold there live at `activeAfter` ends after it (nor, for `deleteDoctor`,
 * any of the doctor's), checked in the same atomic step as the version check and the write; else
 * `DOCTOR_HAS_APPOINTMENTS` and nothing changes. Appointments at other locations, of other
 * doctors, ending by `activeAfter`, or no longer booked do not count. (The race between a
 * removal and a booking there is in {@link describeClaimConcurrencyConformance}.) Registers one
 * `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeLocationRemovalConformance } from 'clinic-slots/testing';
 * describeLocationRemovalConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeLocationRemovalConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeLocationRemovalConformance');
  const { describe } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);
  const remove = (repository: SchedulingRepository, activeAfter: string, expectedVersion = 1, doctor = withoutLocation2()) =>
    repository.updateDoctor(doctor, expectedVersion, { removedLocation: { id: 'location-2', activeAfter } });

  describe(`${options.name}: location removal`, () => {
    test('refuses with DOCTOR_HAS_APPOINTMENTS while a booked appointment there ends after activeAfter, and changes nothing', async (repository) => {
      const before = await repository.getDoctor('doctor-1');
      await repository.insertAppointment(anAppointment({ id: 'there', locationId: 'location-2', start: at(0), end: at(30) }));
      await expectCode(remove(repository, at(29)), 'DOCTOR_HAS_APPOINTMENTS');
      await expectCode(remove(repository, at(-600)), 'DOCTOR_HAS_APPOINTMENTS');
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), before);
    });

    test('removes it when the booked appointments there end at or before activeAfter', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'there', locationId: 'location-2', start: at(0), end: at(30) }));
      await remove(repository, at(30));
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), withoutLocation2());
    });

    test('ignores the doctor\'s appointments at other locations, and those there that are no longer booked', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'elsewhere', locationId: 'location-1', start: at(600), end: at(630) }));
      for (const [i, status] of (['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const).entries()) {
        await repository.insertAppointment(anAppointment({ id: `was-${i}`, locationId: 'location-2', start: at(60 * i), end: at(60 * i + 30) }));
        await repository.changeAppointmentStatus({ id: `was-${i}`, expectedStatus: 'booked', status, at: clock(1) });
      }
      await remove(repository, at(0));
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), withoutLocation2());
    });

    test('ignores other doctors\' appointments at a location with the same id', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'theirs', doctorId: 'doctor-2', locationId: 'location-2', start: at(600), end: at(630) }));
      await remove(repository, at(0));
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), withoutLocation2());
    });

    test('refuses a stale version with CONFLICT and an unknown doctor with DOCTOR_NOT_FOUND, changing nothing', async (repository) => {
      const before = await repository.getDoctor('doctor-1');
      await expectCode(remove(repository, at(0), 2, aDoctor({ ...withoutLocation2(), version: 3 })), 'CONFLICT');
      await expectCode(remove(repository, at(0), 1, aDoctor({ ...withoutLocation2(), id: 'ghost' })), 'DOCTOR_NOT_FOUND');
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), before);
      assert.equal(await repository.getDoctor('ghost'), undefined);
    });

    test('refuses while a hold there is live at activeAfter, and removes it once the hold has expired then or is released', async (repository) => {
      await repository.insertHold(aHold({ id: 'held-there', locationId: 'location-2', createdAt: clock(0), expiresAt: clock(10) }));
      await expectCode(remove(repository, clock(5)), 'DOCTOR_HAS_APPOINTMENTS');
      await remove(repository, clock(10));
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), withoutLocation2());
    });

    test('refuses to delete a doctor while one of their holds is live at activeAfter', async (repository) => {
      await repository.insertHold(aHold({ id: 'held', createdAt: clock(0), expiresAt: clock(10) }));
      await expectCode(repository.deleteDoctor('doctor-1', { activeAfter: clock(5) }), 'DOCTOR_HAS_APPOINTMENTS');
      await repository.changeHold({ id: 'held', at: clock(6) });
      await repository.deleteDoctor('doctor-1', { activeAfter: clock(6) });
      assert.equal(await repository.getDoctor('doctor-1'), undefined);
    });

    test('checks no appointments when no location is removed', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'there', locationId: 'location-2', start: at(600), end: at(630) }));
      await repository.updateDoctor(withoutLocation2(), 1);
      assert.deepStrictEqual(await repository.getDoctor('doctor-1'), withoutLocation2());
    });
  });
}
