import assert from 'node:assert/strict';
import type { SchedulingRepository } from '../ports/repository.js';
import { aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor, claimsOfResource, doctorClaim, patientClaim, storedClaim } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at, clock, plusMs } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/** The kit's writes happen at this instant unless a test says otherwise (the builders' `createdAt`). */
const NOW = clock(0);

/**
 * The conformance group for claims, the one rule the storage holds: a write takes the claims it
 * is given (by default one claim of its doctor over its own time), all or none; a claim that
 * overlaps a live claim on the same resource lane is refused, `SLOT_TAKEN` for a doctor's and
 * `PATIENT_BUSY` for a patient's; back to back is no overlap; lanes and kinds of resource are
 * independent; an appointment that leaves `booked` releases its claims, and a reschedule
 * releases the old claims and takes the new ones as one unit; `listClaims` lists the live claims
 * of one resource in `[from, to)` at an instant, ordered by `from`, then owner id. Registers one
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
 * import { describeClaimConformance } from 'clinic-slots/testing';
 * describeClaimConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeClaimConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeClaimConformance');
  const { describe } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);
  const doctorClaims = (repository: SchedulingRepository, id = 'doctor-1', when = NOW) => claimsOfResource(repository, 'doctor', id, when);
  const patientClaims = (repository: SchedulingRepository, id: string, when = NOW) => claimsOfResource(repository, 'patient', id, when);

  describe(`${options.name}: claims`, () => {
    describe('the claims a write takes', () => {
      test('takes by default one claim of its doctor over the appointment\'s own time, and none of its patient', async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'a', start: at(0), end: at(30) }));
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'appointment', 'a')]);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/1'), []);
      });

      test('takes exactly the claims it is given: its doctor widened by buffers, and its patient', async (repository) => {
        const appointment = anAppointment({ id: 'a', start: at(0), end: at(30) });
        const [doctor, patient] = claimsFor(appointment, { before: 10, after: 15, patient: true });
        assert.deepStrictEqual(await repository.insertAppointment(appointment, { claims: [doctor!, patient!] }), appointment);
        assert.deepStrictEqual(await repository.getAppointment('a'), appointment);
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(doctor!, 'appointment', 'a')]);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/1'), [storedClaim(patient!, 'appointment', 'a')]);
      });

      test('takes its claims all or none: a refused patient claim leaves its doctor claim free, and stores nothing', async (repository) => {
        const first = anAppointment({ id: 'first', doctorId: 'doctor-1', start: at(0), end: at(30) });
        await repository.insertAppointment(first, { claims: claimsFor(first, { patient: true }) });
        const second = anAppointment({ id: 'second', doctorId: 'doctor-2', start: at(15), end: at(45) });
        await expectCode(repository.insertAppointment(second, { claims: claimsFor(second, { patient: true }) }), 'PATIENT_BUSY');
        assert.equal(await repository.getAppointment('second'), undefined);
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-2'), []);
        const third = anAppointment({ id: 'third', doctorId: 'doctor-2', patientRef: 'patient/3', start: at(15), end: at(45) });
        assert.deepStrictEqual(await repository.insertAppointment(third), third);
      });

      test('takes its claims all or none: a refused doctor claim leaves its patient claim free, and stores nothing', async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'first', start: at(0), end: at(30) }));
        const second = anAppointment({ id: 'second', patientRef: 'patient/2', start: at(15), end: at(45) });
        await expectCode(repository.insertAppointment(second, { claims: claimsFor(second, { patient: true }) }), 'SLOT_TAKEN');
        assert.equal(await repository.getAppointment('second'), undefined);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/2'), []);
        const elsewhere = anAppointment({ id: 'elsewhere', doctorId: 'doctor-2', patientRef: 'patient/2', start: at(15), end: at(45) });
        assert.deepStrictEqual(await repository.insertAppointment(elsewhere, { claims: claimsFor(elsewhere, { patient: true }) }), elsewhere);
      });

      test('tells resources apart by kind: a patient whose ref is a doctor\'s id does not collide with that doctor', async (repository) => {
        const appointment = anAppointment({ id: 'a', patientRef: 'doctor-1', start: at(0), end: at(30) });
        const claims = claimsFor(appointment, { patient: true });
        assert.deepStrictEqual(await repository.insertAppointment(appointment, { claims }), appointment);
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(claims[0]!, 'appointment', 'a')]);
        assert.deepStrictEqual(await patientClaims(repository, 'doctor-1'), [storedClaim(claims[1]!, 'appointment', 'a')]);
      });
    });

    describe('overlap of claims', () => {
      test('treats back-to-back claims as no overlap, and one millisecond more as an overlap', async (repository) => {
        const a = anAppointment({ id: 'a', start: at(0), end: at(30) });
        await repository.insertAppointment(a, { claims: claimsFor(a, { after: 15 }) });
        const after = anAppointment({ id: 'after', start: at(45), end: at(75) });
        assert.deepStrictEqual(await repository.insertAppointment(after), after);
        const before = anAppointment({ id: 'before', start: at(-30), end: at(0) });
        assert.deepStrictEqual(await repository.insertAppointment(before), before);
        const late = anAppointment({ id: 'late', start: at(90), end: at(120) });
        await expectCode(repository.insertAppointment(late, { claims: [doctorClaim('doctor-1', plusMs(at(45), -1), at(120))] }), 'SLOT_TAKEN');
        const early = anAppointment({ id: 'early', start: at(-60), end: at(-30) });
        await expectCode(repository.insertAppointment(early, { claims: [doctorClaim('doctor-1', at(-60), plusMs(at(-30), 1))] }), 'SLOT_TAKEN');
        assert.deepStrictEqual((await doctorClaims(repository)).map((c) => c.ownerId), ['before', 'a', 'after']);
      });

      test('keeps lanes apart: a claim on lane 1 may overlap one on lane 0; two on lane 1 may not', async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'a', start: at(0), end: at(30) }));
        const b = anAppointment({ id: 'b', start: at(0), end: at(30) });
        assert.deepStrictEqual(await repository.insertAppointment(b, { claims: [doctorClaim('doctor-1', at(0), at(30), 1)] }), b);
        const c = anAppointment({ id: 'c', start: at(15), end: at(45) });
        await expectCode(repository.insertAppointment(c, { claims: [doctorClaim('doctor-1', at(15), at(45), 1)] }), 'SLOT_TAKEN');
        assert.deepStrictEqual(await doctorClaims(repository), [
          storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'appointment', 'a'),
          storedClaim(doctorClaim('doctor-1', at(0), at(30), 1), 'appointment', 'b'),
        ]);
      });

      test('refuses by the kind of the claim in the way: SLOT_TAKEN for a doctor\'s, PATIENT_BUSY for a patient\'s', async (repository) => {
        const a = anAppointment({ id: 'a', doctorId: 'doctor-1', patientRef: 'patient/1', start: at(0), end: at(30) });
        await repository.insertAppointment(a, { claims: claimsFor(a, { patient: true }) });
        const sameDoctor = anAppointment({ id: 'same-doctor', doctorId: 'doctor-1', patientRef: 'patient/2', start: at(0), end: at(30) });
        await expectCode(repository.insertAppointment(sameDoctor, { claims: claimsFor(sameDoctor, { patient: true }) }), 'SLOT_TAKEN');
        const samePatient = anAppointment({ id: 'same-patient', doctorId: 'doctor-2', patientRef: 'patient/1', start: at(0), end: at(30) });
        await expectCode(repository.insertAppointment(samePatient, { claims: claimsFor(samePatient, { patient: true }) }), 'PATIENT_BUSY');
      });
    });

    describe('releasing claims', () => {
      for (const status of ['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const) {
        test(`releases the doctor and patient claims of an appointment that becomes ${status}`, async (repository) => {
          const old = anAppointment({ id: 'old', start: at(0), end: at(30) });
          const claims = claimsFor(old, { before: 5, after: 15, patient: true });
          await repository.insertAppointment(old, { claims });
          await repository.changeAppointmentStatus({ id: 'old', expectedStatus: 'booked', status, at: clock(1) });
          assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1', clock(1)), []);
          assert.deepStrictEqual(await patientClaims(repository, 'patient/1', clock(1)), []);
          const again = anAppointment({ id: 'again', start: at(0), end: at(30), createdAt: clock(2), updatedAt: clock(2) });
          assert.deepStrictEqual(await repository.insertAppointment(again, { claims }), again);
        });
      }

      test('reschedule releases the old appointment\'s claims and takes the replacement\'s', async (repository) => {
        const old = anAppointment({ id: 'old', start: at(0), end: at(30) });
        await repository.insertAppointment(old, { claims: claimsFor(old, { after: 15, patient: true }) });
        const replacement = anAppointment({ id: 'new', start: at(120), end: at(150), rescheduledFrom: 'old' });
        const claims = claimsFor(replacement, { after: 15, patient: true });
        await repository.rescheduleAppointment({ fromId: 'old', replacement, at: NOW, claims });
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(claims[0]!, 'appointment', 'new')]);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/1'), [storedClaim(claims[1]!, 'appointment', 'new')]);
        const inOldBuffer = anAppointment({ id: 'in-old-buffer', patientRef: 'patient/1', start: at(30), end: at(45) });
        assert.deepStrictEqual(await repository.insertAppointment(inOldBuffer, { claims: claimsFor(inOldBuffer, { patient: true }) }), inOldBuffer);
      });

      test('reschedule lets the replacement\'s claims overlap the old appointment\'s own claims', async (repository) => {
        const old = anAppointment({ id: 'old', start: at(0), end: at(30) });
        await repository.insertAppointment(old, { claims: claimsFor(old, { after: 15, patient: true }) });
        const replacement = anAppointment({ id: 'new', start: at(15), end: at(45), rescheduledFrom: 'old' });
        const claims = claimsFor(replacement, { after: 15, patient: true });
        const { booked } = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: NOW, claims });
        assert.deepStrictEqual(booked, replacement);
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(claims[0]!, 'appointment', 'new')]);
      });

      test('reschedule is all or nothing: a replacement whose buffered claim is taken gets SLOT_TAKEN, and the old claims stay', async (repository) => {
        const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), end: at(30) }));
        const other = await repository.insertAppointment(anAppointment({ id: 'other', start: at(60), end: at(90) }));
        const replacement = anAppointment({ id: 'new', start: at(30), end: at(60), rescheduledFrom: 'old' });
        await expectCode(
          repository.rescheduleAppointment({ fromId: 'old', replacement, at: NOW, claims: claimsFor(replacement, { after: 15 }) }),
          'SLOT_TAKEN',
        );
        assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [old, other]);
        assert.deepStrictEqual(await doctorClaims(repository), [
          storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'appointment', 'old'),
          storedClaim(doctorClaim('doctor-1', at(60), at(90)), 'appointment', 'other'),
        ]);
      });

      test('reschedule is all or nothing: a replacement whose patient claim is taken gets PATIENT_BUSY, and the old claims stay', async (repository) => {
        const old = anAppointment({ id: 'old', doctorId: 'doctor-1', start: at(0), end: at(30) });
        const oldClaims = claimsFor(old, { patient: true });
        await repository.insertAppointment(old, { claims: oldClaims });
        const busy = anAppointment({ id: 'busy', doctorId: 'doctor-2', start: at(120), end: at(150) });
        await repository.insertAppointment(busy, { claims: claimsFor(busy, { patient: true }) });
        const replacement = anAppointment({ id: 'new', doctorId: 'doctor-1', start: at(120), end: at(150), rescheduledFrom: 'old' });
        await expectCode(
          repository.rescheduleAppointment({ fromId: 'old', replacement, at: NOW, claims: claimsFor(replacement, { patient: true }) }),
          'PATIENT_BUSY',
        );
        assert.deepStrictEqual(await repository.getAppointment('old'), old);
        assert.equal(await repository.getAppointment('new'), undefined);
        assert.deepStrictEqual(await doctorClaims(repository), [storedClaim(oldClaims[0]!, 'appointment', 'old')]);
        assert.deepStrictEqual((await patientClaims(repository, 'patient/1')).map((c) => c.ownerId), ['old', 'busy']);
      });
    });

    describe('listClaims', () => {
      test('lists the live claims of one resource ordered by from, then owner id, across lanes, appointments and holds', async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'd', start: at(90), end: at(120) }));
        await repository.insertAppointment(anAppointment({ id: 'c', start: at(0), end: at(30) }));
        const b = anAppointment({ id: 'b', start: at(0), end: at(30) });
        await repository.insertAppointment(b, { claims: [doctorClaim('doctor-1', at(0), at(30), 1)] });
        await repository.insertHold(aHold({ id: 'a', start: at(30), end: at(60) }));
        await repository.insertHold(aHold({ id: 'e', start: at(30), end: at(60) }), { claims: [doctorClaim('doctor-1', at(30), at(60), 1)] });
        await repository.insertAppointment(anAppointment({ id: 'other-doctor', doctorId: 'doctor-2', start: at(0), end: at(30) }));
        assert.deepStrictEqual(await doctorClaims(repository), [
          storedClaim(doctorClaim('doctor-1', at(0), at(30), 1), 'appointment', 'b'),
          storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'appointment', 'c'),
          storedClaim(doctorClaim('doctor-1', at(30), at(60)), 'hold', 'a'),
          storedClaim(doctorClaim('doctor-1', at(30), at(60), 1), 'hold', 'e'),
          storedClaim(doctorClaim('doctor-1', at(90), at(120)), 'appointment', 'd'),
        ]);
      });

      test('lists only the claims overlapping [from, to): one that ends at from, or starts at to, is left out', async (repository) => {
        for (const [i, start] of [0, 30, 60].entries()) {
          await repository.insertAppointment(anAppointment({ id: `a${i}`, start: at(start), end: at(start + 30) }));
        }
        const ids = async (from: string, to: string) =>
          (await repository.listClaims({ kind: 'doctor', id: 'doctor-1', from, to, at: NOW })).map((c) => c.ownerId);
        assert.deepStrictEqual(await ids(at(30), at(60)), ['a1']);
        assert.deepStrictEqual(await ids(plusMs(at(30), -1), plusMs(at(60), 1)), ['a0', 'a1', 'a2']);
        assert.deepStrictEqual(await ids(at(45), at(46)), ['a1']);
        assert.deepStrictEqual(await ids(at(90), at(120)), []);
        assert.deepStrictEqual(await ids(at(-30), at(0)), []);
      });

      test('lists one resource only: other doctors, other patients and the other kind are left out', async (repository) => {
        const mine = anAppointment({ id: 'mine', doctorId: 'doctor-1', patientRef: 'doctor-2', start: at(0), end: at(30) });
        const mineClaims = claimsFor(mine, { patient: true });
        await repository.insertAppointment(mine, { claims: mineClaims });
        const theirs = anAppointment({ id: 'theirs', doctorId: 'doctor-2', patientRef: 'patient/2', start: at(0), end: at(30) });
        const theirClaims = claimsFor(theirs, { patient: true });
        await repository.insertAppointment(theirs, { claims: theirClaims });
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1'), [storedClaim(mineClaims[0]!, 'appointment', 'mine')]);
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-2'), [storedClaim(theirClaims[0]!, 'appointment', 'theirs')]);
        assert.deepStrictEqual(await patientClaims(repository, 'doctor-2'), [storedClaim(mineClaims[1]!, 'appointment', 'mine')]);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/2'), [storedClaim(theirClaims[1]!, 'appointment', 'theirs')]);
        assert.deepStrictEqual(await patientClaims(repository, 'patient/1'), []);
        assert.deepStrictEqual(await doctorClaims(repository, 'ghost'), []);
      });

      test('judges liveness at `at`: a hold\'s claims are listed before its expiresAt and left out from then on', async (repository) => {
        await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30), expiresAt: clock(10) }));
        await repository.insertAppointment(anAppointment({ id: 'a', start: at(60), end: at(90) }));
        const holdClaim = storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'hold', 'h');
        const appointmentClaim = storedClaim(doctorClaim('doctor-1', at(60), at(90)), 'appointment', 'a');
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1', plusMs(clock(10), -1)), [holdClaim, appointmentClaim]);
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1', clock(10)), [appointmentClaim]);
        // An appointment's claims are live while it is booked, whenever one asks.
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1', '2099-01-01T00:00:00.000Z'), [appointmentClaim]);
      });

      test('leaves out the claims of released and confirmed holds and of appointments no longer booked', async (repository) => {
        await repository.insertHold(aHold({ id: 'released', start: at(0), end: at(30) }));
        await repository.changeHold({ id: 'released', at: clock(1) });
        await repository.insertHold(aHold({ id: 'confirmed', start: at(60), end: at(90) }));
        await repository.confirmHold({
          holdId: 'confirmed',
          appointment: anAppointment({ id: 'made', start: at(60), end: at(90), createdAt: clock(1), updatedAt: clock(1) }),
          at: clock(1),
        });
        await repository.insertAppointment(anAppointment({ id: 'cancelled', start: at(120), end: at(150) }));
        await repository.changeAppointmentStatus({ id: 'cancelled', expectedStatus: 'booked', status: 'cancelled', at: clock(1) });
        assert.deepStrictEqual(await doctorClaims(repository, 'doctor-1', clock(2)), [
          storedClaim(doctorClaim('doctor-1', at(60), at(90)), 'appointment', 'made'),
        ]);
      });
    });
  });
}
