import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectRefusal } from './expect-code.js';
import { at, clock } from './instants.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/**
 * The conformance group for the machine-readable `details` of the refusals hosts act on (the
 * fields that `refusals`, the library's factories, fill): a taken claim names its doctor
 * (`SLOT_TAKEN`) or its patient and start (`PATIENT_BUSY`); a stale version says
 * `stale-version` with the `currentVersion`; a hold refusal names the hold, with its
 * `expiresAt` (`HOLD_EXPIRED`) or its `holdStatus` (`NOT_ACTIVE`); a location removal names the
 * doctor and the location; an id or key that exists says `already-exists`, with what and which.
 * Other fields may be there too. Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRefusalDetailsConformance } from 'clinic-slots/testing';
 * describeRefusalDetailsConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeRefusalDetailsConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeRefusalDetailsConformance');
  const { describe } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);

  describe(`${options.name}: details of refusals`, () => {
    test('SLOT_TAKEN names the doctor whose claim is taken, for an appointment and for a hold', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'first', doctorId: 'doctor-2', start: at(0), end: at(30) }));
      await expectRefusal(repository.insertAppointment(anAppointment({ id: 'second', doctorId: 'doctor-2', start: at(15), end: at(45) })), 'SLOT_TAKEN', {
        doctorId: 'doctor-2',
      });
      await expectRefusal(repository.insertHold(aHold({ id: 'h', doctorId: 'doctor-2', start: at(15), end: at(45) })), 'SLOT_TAKEN', { doctorId: 'doctor-2' });
    });

    test('PATIENT_BUSY names the patient and the start of the refused claim', async (repository) => {
      const first = anAppointment({ id: 'first', doctorId: 'doctor-1', patientRef: 'patient/9', start: at(0), end: at(30) });
      await repository.insertAppointment(first, { claims: claimsFor(first, { patient: true }) });
      const second = anAppointment({ id: 'second', doctorId: 'doctor-2', patientRef: 'patient/9', start: at(15), end: at(45) });
      await expectRefusal(repository.insertAppointment(second, { claims: claimsFor(second, { patient: true }) }), 'PATIENT_BUSY', {
        patientRef: 'patient/9',
        start: at(15),
      });
    });

    test('CONFLICT of a stale doctor version says stale-version, with the current version', async (repository) => {
      await repository.updateDoctor(aDoctor({ id: 'doctor-1', version: 2 }), 1);
      await expectRefusal(repository.updateDoctor(aDoctor({ id: 'doctor-1', version: 2 }), 1), 'CONFLICT', { kind: 'stale-version', currentVersion: 2 });
    });

    test('HOLD_NOT_FOUND names the hold', async (repository) => {
      await expectRefusal(repository.changeHold({ id: 'ghost', at: clock(1) }), 'HOLD_NOT_FOUND', { holdId: 'ghost' });
    });

    test('HOLD_EXPIRED names the hold and when it expired, for a change and for a confirmation', async (repository) => {
      const hold = await repository.insertHold(aHold({ id: 'h', expiresAt: clock(10) }));
      await expectRefusal(repository.changeHold({ id: 'h', at: clock(11), expiresAt: clock(20) }), 'HOLD_EXPIRED', { holdId: 'h', expiresAt: clock(10) });
      const appointment = anAppointment({ id: 'a', start: hold.start, end: hold.end, createdAt: clock(11), updatedAt: clock(11) });
      await expectRefusal(repository.confirmHold({ holdId: 'h', appointment, at: clock(11) }), 'HOLD_EXPIRED', { holdId: 'h', expiresAt: clock(10) });
    });

    test('NOT_ACTIVE of a hold names the hold and its status', async (repository) => {
      await repository.insertHold(aHold({ id: 'h' }));
      await repository.changeHold({ id: 'h', at: clock(1) });
      await expectRefusal(repository.changeHold({ id: 'h', at: clock(2) }), 'NOT_ACTIVE', { holdId: 'h', holdStatus: 'released' });
    });

    test('DOCTOR_HAS_APPOINTMENTS of a location removal names the doctor and the location', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'there', locationId: 'location-2', start: at(0), end: at(30) }));
      const doctor = aDoctor({ id: 'doctor-1', version: 2, locations: [{ id: 'location-1', address: '1 Park St' }] });
      await expectRefusal(
        repository.updateDoctor(doctor, 1, { removedLocation: { id: 'location-2', activeAfter: at(0) } }),
        'DOCTOR_HAS_APPOINTMENTS',
        { doctorId: 'doctor-1', locationId: 'location-2' },
      );
    });

    test('CONFLICT of an id or key that exists says already-exists, with the subject and the id', async (repository) => {
      await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
      await expectRefusal(repository.insertHold(aHold({ id: 'h', start: at(600), end: at(630) })), 'CONFLICT', { kind: 'already-exists', subject: 'hold', id: 'h' });
      await repository.insertAppointment(anAppointment({ id: 'keyed', idempotencyKey: 'taken', start: at(300), end: at(330) }));
      const appointment = anAppointment({ id: 'a', idempotencyKey: 'taken', start: at(0), end: at(30), createdAt: clock(1), updatedAt: clock(1) });
      await expectRefusal(repository.confirmHold({ holdId: 'h', appointment, at: clock(1) }), 'CONFLICT', {
        kind: 'already-exists',
        subject: 'idempotency-key',
        id: 'taken',
      });
    });
  });
}
