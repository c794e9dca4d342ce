import assert from 'node:assert/strict';
import type { SchedulingRepository } from '../ports/repository.js';
import { aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor, claimsOfResource } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at, clock } from './instants.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/**
 * The conformance group for patient conflicts (the scheduler's opt-in rule, which passes a
 * patient claim with each write): a patient cannot be in two overlapping appointments or holds,
 * at any doctor, and the refusal is `PATIENT_BUSY`; back to back is fine, other patients are
 * independent, patient references are compared exactly, a cancelled appointment or released
 * hold frees the patient, and writes without a patient claim never conflict by patient (the rule
 * is off by default). Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describePatientConflictConformance } from 'clinic-slots/testing';
 * describePatientConflictConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describePatientConflictConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describePatientConflictConformance');
  const { describe } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);
  /** Books `patientRef` with `doctorId` over `[start, end)` minutes, with the patient's claim. */
  const book = (repository: SchedulingRepository, id: string, doctorId: string, patientRef: string, start: number, end: number, createdAt = clock(0)) => {
    const appointment = anAppointment({ id, doctorId, patientRef, start: at(start), end: at(end), createdAt, updatedAt: createdAt });
    return repository.insertAppointment(appointment, { claims: claimsFor(appointment, { patient: true }) });
  };

  describe(`${options.name}: patient conflicts`, () => {
    test('refuses a patient at another doctor at an overlapping time with PATIENT_BUSY, and stores nothing', async (repository) => {
      await book(repository, 'first', 'doctor-1', 'patient/1', 0, 30);
      await expectCode(book(repository, 'second', 'doctor-2', 'patient/1', 15, 45), 'PATIENT_BUSY');
      await expectCode(book(repository, 'inside', 'doctor-2', 'patient/1', 10, 20), 'PATIENT_BUSY');
      assert.equal(await repository.getAppointment('second'), undefined);
      assert.equal(await repository.getAppointment('inside'), undefined);
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'patient/1', clock(0))).map((c) => c.ownerId), ['first']);
    });

    test('lets a patient see two doctors back to back, and two patients see two doctors at the same time', async (repository) => {
      await book(repository, 'first', 'doctor-1', 'patient/1', 0, 30);
      await book(repository, 'then', 'doctor-2', 'patient/1', 30, 60);
      await book(repository, 'meanwhile', 'doctor-2', 'patient/2', 0, 30);
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'patient/1', clock(0))).map((c) => c.ownerId), ['first', 'then']);
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'patient/2', clock(0))).map((c) => c.ownerId), ['meanwhile']);
    });

    test('compares patient references exactly: another case or a trailing space is another patient', async (repository) => {
      await book(repository, 'first', 'doctor-1', 'patient/1', 0, 30);
      await book(repository, 'upper', 'doctor-2', 'Patient/1', 0, 15);
      await book(repository, 'spaced', 'doctor-2', 'patient/1 ', 15, 30);
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'patient/1', clock(0))).map((c) => c.ownerId), ['first']);
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'Patient/1', clock(0))).map((c) => c.ownerId), ['upper']);
    });

    test('a patient\'s live hold refuses that patient at another doctor with PATIENT_BUSY, until it is released', async (repository) => {
      const hold = aHold({ id: 'h', doctorId: 'doctor-1', patientRef: 'patient/1', start: at(0), end: at(30) });
      await repository.insertHold(hold, { claims: claimsFor(hold, { patient: true }) });
      await expectCode(book(repository, 'elsewhere', 'doctor-2', 'patient/1', 0, 30, clock(1)), 'PATIENT_BUSY');
      await repository.changeHold({ id: 'h', at: clock(2) });
      const booked = await book(repository, 'elsewhere', 'doctor-2', 'patient/1', 0, 30, clock(3));
      assert.equal(booked.id, 'elsewhere');
    });

    test('a patient\'s live appointment refuses that patient\'s hold at another doctor with PATIENT_BUSY', async (repository) => {
      await book(repository, 'first', 'doctor-1', 'patient/1', 0, 30);
      const hold = aHold({ id: 'h', doctorId: 'doctor-2', patientRef: 'patient/1', start: at(15), end: at(45) });
      await expectCode(repository.insertHold(hold, { claims: claimsFor(hold, { patient: true }) }), 'PATIENT_BUSY');
      assert.equal(await repository.getHold('h'), undefined);
    });

    test('frees the patient when the appointment is cancelled', async (repository) => {
      await book(repository, 'first', 'doctor-1', 'patient/1', 0, 30);
      await repository.changeAppointmentStatus({ id: 'first', expectedStatus: 'booked', status: 'cancelled', at: clock(1) });
      const again = await book(repository, 'again', 'doctor-2', 'patient/1', 0, 30, clock(2));
      assert.equal(again.id, 'again');
    });

    test('never conflicts by patient for writes without a patient claim (the rule is the host\'s choice)', async (repository) => {
      const mine = await repository.insertAppointment(anAppointment({ id: 'mine', doctorId: 'doctor-1', patientRef: 'patient/1', start: at(0), end: at(30) }));
      const also = await repository.insertAppointment(anAppointment({ id: 'also', doctorId: 'doctor-2', patientRef: 'patient/1', start: at(0), end: at(30) }));
      assert.deepStrictEqual([mine.id, also.id], ['mine', 'also']);
      // A write that does claim the patient meets only patient claims: there are none yet.
      assert.equal((await book(repository, 'claiming', 'doctor-2', 'patient/1', 30, 60)).id, 'claiming');
      assert.deepStrictEqual((await claimsOfResource(repository, 'patient', 'patient/1', clock(0))).map((c) => c.ownerId), ['claiming']);
    });
  });
}
