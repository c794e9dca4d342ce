import assert from 'node:assert/strict';
import type { Appointment } from '../schemas/appointment.js';
import type { Hold } from '../schemas/hold.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor, claimsOfResource, doctorClaim, storedClaim } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at, clock, plusMs } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/** The appointment a hold becomes, confirmed at `when`: the hold's doctor, location and times. */
const appointmentOf = (hold: Hold, id: string, when: string, extra: Partial<Appointment> = {}): Appointment =>
  anAppointment({
    id,
    doctorId: hold.doctorId,
    locationId: hold.locationId,
    start: hold.start,
    end: hold.end,
    patientRef: hold.patientRef ?? 'patient/confirmed',
    createdAt: when,
    updatedAt: when,
    ...extra,
  });

/** An appointment that tries to take `[start, end)` minutes of doctor-1, written at `when`. */
const intruder = (id: string, start: number, end: number, when: string): Appointment =>
  anAppointment({ id, start: at(start), end: at(end), createdAt: when, updatedAt: when });

/**
 * The conformance group for holds: `insertHold` stores a `held` hold with its claims (by default
 * its doctor over its time) under the rules of `insertAppointment` (doctor, version, its own
 * idempotency keys, claims, id); `getHold` and `findHoldByIdempotencyKey` read it back;
 * `changeHold` renews (same claims, new expiry) or releases (claims freed) a live hold;
 * `confirmHold` turns a live hold into an appointment as one unit, and a retried confirmation
 * returns the same. Expiry is judged by the instants the calls carry (the clock the kit injects),
 * never by the adapter's own clock: a hold past its `expiresAt` frees its time for any later
 * write, which marks it `expired`; `HOLD_EXPIRED` while it is still stored as `held`,
 * `NOT_ACTIVE` once released, confirmed or expired, `HOLD_NOT_FOUND` for an unknown id; every
 * refusal changes nothing. Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeHoldConformance } from 'clinic-slots/testing';
 * describeHoldConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeHoldConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeHoldConformance');
  const { describe } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);
  const doctorClaims = (repository: SchedulingRepository, when: string, id = 'doctor-1') => claimsOfResource(repository, 'doctor', id, when);

  describe(`${options.name}: holds`, () => {
    describe('insertHold, getHold and findHoldByIdempotencyKey', () => {
      test('stores a hold, returns it, and gives back an equal one, optional keys absent', async (repository) => {
        const hold = aHold();
        assert.deepStrictEqual(await repository.insertHold(hold), hold);
        const stored = await repository.getHold(hold.id);
        assert.deepStrictEqual(stored, hold);
        for (const key of ['patientRef', 'idempotencyKey', 'appointmentId']) {
          assert.ok(stored !== undefined && !Object.hasOwn(stored, key), `${key} should be absent`);
        }
      });

      test('keeps every optional field and instant precision verbatim', async (repository) => {
        const hold = aHold({
          id: 'h:1.b_c-d',
          start: '2030-01-07T09:00:00.001Z',
          end: '2030-01-07T09:29:59.999Z',
          patientRef: `O'Brien "Jr." 🩺 '; DROP TABLE holds; --`,
          idempotencyKey: 'hold\nkey\t%_',
          createdAt: '2030-01-01T00:00:00.001Z',
          expiresAt: '2030-01-01T00:09:59.999Z',
        });
        assert.deepStrictEqual(await repository.insertHold(hold), hold);
        assert.deepStrictEqual(await repository.getHold(hold.id), hold);
        assert.deepStrictEqual(await repository.findHoldByIdempotencyKey('hold\nkey\t%_'), hold);
      });

      test('gives undefined for an unknown hold id and an unknown idempotency key', async (repository) => {
        await repository.insertHold(aHold({ id: 'known', idempotencyKey: 'known-key' }));
        assert.equal(await repository.getHold('unknown'), undefined);
        assert.equal(await repository.findHoldByIdempotencyKey('unknown-key'), undefined);
        assert.equal(await repository.findHoldByIdempotencyKey('KNOWN-KEY'), undefined);
      });

      test('takes its doctor over its time by default, and exactly the claims it is given otherwise, owned by the hold', async (repository) => {
        await repository.insertHold(aHold({ id: 'plain', start: at(0), end: at(30) }));
        const buffered = aHold({ id: 'buffered', doctorId: 'doctor-2', patientRef: 'patient/7', start: at(0), end: at(30) });
        const claims = claimsFor(buffered, { before: 5, after: 15, patient: true });
        await repository.insertHold(buffered, { claims });
        assert.deepStrictEqual(await doctorClaims(repository, clock(0)), [storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'hold', 'plain')]);
        assert.deepStrictEqual(await doctorClaims(repository, clock(0), 'doctor-2'), [storedClaim(claims[0]!, 'hold', 'buffered')]);
        assert.deepStrictEqual(await claimsOfResource(repository, 'patient', 'patient/7', clock(0)), [storedClaim(claims[1]!, 'hold', 'buffered')]);
      });

      test('a live hold refuses an overlapping appointment and an overlapping hold with SLOT_TAKEN, and stores nothing', async (repository) => {
        await repository.insertHold(aHold({ id: 'held', start: at(0), end: at(30) }));
        await expectCode(repository.insertAppointment(intruder('appointment', 15, 45, clock(5))), 'SLOT_TAKEN');
        await expectCode(repository.insertHold(aHold({ id: 'other-hold', start: at(29), end: at(59), createdAt: clock(5) })), 'SLOT_TAKEN');
        assert.equal(await repository.getAppointment('appointment'), undefined);
        assert.equal(await repository.getHold('other-hold'), undefined);
        // Back to back is fine, as for appointments.
        const next = aHold({ id: 'next', start: at(30), end: at(60), createdAt: clock(5) });
        assert.deepStrictEqual(await repository.insertHold(next), next);
      });

      test('returns the earlier hold for a repeated idempotency key, as it is now, and stores nothing', async (repository) => {
        const first = aHold({ id: 'first', idempotencyKey: 'hold-request', start: at(0), end: at(30) });
        await repository.insertHold(first);
        const retry = aHold({ id: 'retry', idempotencyKey: 'hold-request', start: at(120), end: at(150), createdAt: clock(1) });
        assert.deepStrictEqual(await repository.insertHold(retry), first);
        assert.equal(await repository.getHold('retry'), undefined);
        // The retry took no time.
        assert.deepStrictEqual(await repository.insertAppointment(intruder('at-retry-time', 120, 150, clock(1))), intruder('at-retry-time', 120, 150, clock(1)));
        const released = await repository.changeHold({ id: 'first', at: clock(2) });
        assert.deepStrictEqual(await repository.insertHold({ ...retry, createdAt: clock(3), updatedAt: clock(3) }), released);
        assert.deepStrictEqual(await repository.findHoldByIdempotencyKey('hold-request'), released);
      });

      test('keeps holds\' idempotency keys apart from appointments\': one key can name a hold and an appointment', async (repository) => {
        const appointment = await repository.insertAppointment(anAppointment({ id: 'a', idempotencyKey: 'shared-key', start: at(0), end: at(30) }));
        const hold = aHold({ id: 'h', idempotencyKey: 'shared-key', start: at(60), end: at(90) });
        assert.deepStrictEqual(await repository.insertHold(hold), hold);
        assert.deepStrictEqual(await repository.findHoldByIdempotencyKey('shared-key'), hold);
        assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('shared-key'), appointment);
      });

      test('refuses an unknown doctor with DOCTOR_NOT_FOUND and a stale doctorVersion with CONFLICT; the current version works', async (repository) => {
        await expectCode(repository.insertHold(aHold({ id: 'ghost-hold', doctorId: 'ghost' })), 'DOCTOR_NOT_FOUND');
        await repository.updateDoctor(aDoctor({ id: 'doctor-1', version: 2 }), 1);
        await expectCode(repository.insertHold(aHold({ id: 'stale' }), { doctorVersion: 1 }), 'CONFLICT');
        assert.equal(await repository.getHold('ghost-hold'), undefined);
        assert.equal(await repository.getHold('stale'), undefined);
        const fresh = aHold({ id: 'fresh' });
        assert.deepStrictEqual(await repository.insertHold(fresh, { doctorVersion: 2 }), fresh);
      });

      test('refuses a hold id that exists with CONFLICT, also at another time, and keeps the stored hold', async (repository) => {
        const first = await repository.insertHold(aHold({ id: 'same', start: at(0), end: at(30) }));
        await expectCode(repository.insertHold(aHold({ id: 'same', start: at(600), end: at(630) })), 'CONFLICT');
        assert.deepStrictEqual(await repository.getHold('same'), first);
        assert.deepStrictEqual((await doctorClaims(repository, clock(0))).map((c) => c.from), [at(0)]);
      });
    });

    describe('changeHold', () => {
      test('renews a live hold: a new expiresAt and updatedAt, the same claims, holding its time past the old expiry', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30), expiresAt: clock(10) }));
        const renewed = { ...hold, expiresAt: clock(20), updatedAt: clock(5) };
        assert.deepStrictEqual(await repository.changeHold({ id: 'h', at: clock(5), expiresAt: clock(20) }), renewed);
        assert.deepStrictEqual(await repository.getHold('h'), renewed);
        assert.deepStrictEqual(await doctorClaims(repository, clock(15)), [storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'hold', 'h')]);
        await expectCode(repository.insertAppointment(intruder('during-renewal', 0, 30, clock(15))), 'SLOT_TAKEN');
        assert.deepStrictEqual(await repository.insertAppointment(intruder('after-renewal', 0, 30, clock(20))), intruder('after-renewal', 0, 30, clock(20)));
      });

      test('renews a buffered hold with the claims it was given', async (repository) => {
        const hold = aHold({ id: 'h', start: at(0), end: at(30) });
        const claims = claimsFor(hold, { after: 15 });
        await repository.insertHold(hold, { claims });
        await repository.changeHold({ id: 'h', at: clock(5), expiresAt: clock(20) });
        assert.deepStrictEqual(await doctorClaims(repository, clock(15)), [storedClaim(claims[0]!, 'hold', 'h')]);
      });

      test('releases a live hold: released, with updatedAt, and its time free at once', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        const released = { ...hold, status: 'released' as const, updatedAt: clock(5) };
        assert.deepStrictEqual(await repository.changeHold({ id: 'h', at: clock(5) }), released);
        assert.deepStrictEqual(await repository.getHold('h'), released);
        assert.deepStrictEqual(await doctorClaims(repository, clock(5)), []);
        assert.deepStrictEqual(await repository.insertAppointment(intruder('taker', 0, 30, clock(5))), intruder('taker', 0, 30, clock(5)));
      });

      test('refuses an unknown hold with HOLD_NOT_FOUND', async (repository) => {
        await repository.insertHold(aHold({ id: 'known' }));
        await expectCode(repository.changeHold({ id: 'unknown', at: clock(1) }), 'HOLD_NOT_FOUND');
        await expectCode(repository.changeHold({ id: 'unknown', at: clock(1), expiresAt: clock(20) }), 'HOLD_NOT_FOUND');
        assert.equal(await repository.getHold('unknown'), undefined);
      });

      test('refuses a held hold at or past its expiresAt with HOLD_EXPIRED, renewing or releasing, and changes nothing', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', expiresAt: clock(10) }));
        await expectCode(repository.changeHold({ id: 'h', at: clock(10), expiresAt: clock(20) }), 'HOLD_EXPIRED');
        await expectCode(repository.changeHold({ id: 'h', at: clock(11) }), 'HOLD_EXPIRED');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
      });

      test('refuses a released or a confirmed hold with NOT_ACTIVE, and changes nothing', async (repository) => {
        await repository.insertHold(aHold({ id: 'released', start: at(0), end: at(30) }));
        const released = await repository.changeHold({ id: 'released', at: clock(1) });
        await expectCode(repository.changeHold({ id: 'released', at: clock(2), expiresAt: clock(20) }), 'NOT_ACTIVE');
        await expectCode(repository.changeHold({ id: 'released', at: clock(2) }), 'NOT_ACTIVE');
        assert.deepStrictEqual(await repository.getHold('released'), released);

        const held = await repository.insertHold(aHold({ id: 'confirmed', start: at(60), end: at(90) }));
        const { hold: confirmed } = await repository.confirmHold({ holdId: 'confirmed', appointment: appointmentOf(held, 'a', clock(1)), at: clock(1) });
        await expectCode(repository.changeHold({ id: 'confirmed', at: clock(2) }), 'NOT_ACTIVE');
        await expectCode(repository.changeHold({ id: 'confirmed', at: clock(2), expiresAt: clock(20) }), 'NOT_ACTIVE');
        assert.deepStrictEqual(await repository.getHold('confirmed'), confirmed);
      });
    });

    describe('expiry, judged by the instants the calls carry', () => {
      test('frees an expired hold\'s time for an appointment written at its expiresAt, not a millisecond before', async (repository) => {
        await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30), expiresAt: clock(10) }));
        await expectCode(repository.insertAppointment(intruder('early', 0, 30, plusMs(clock(10), -1))), 'SLOT_TAKEN');
        const onTime = intruder('on-time', 0, 30, clock(10));
        assert.deepStrictEqual(await repository.insertAppointment(onTime), onTime);
      });

      test('frees an expired hold\'s time for a new hold', async (repository) => {
        await repository.insertHold(aHold({ id: 'old', start: at(0), end: at(30), expiresAt: clock(10) }));
        const next = aHold({ id: 'next', start: at(15), end: at(45), createdAt: clock(10) });
        assert.deepStrictEqual(await repository.insertHold(next), next);
        assert.deepStrictEqual(await doctorClaims(repository, clock(10)), [storedClaim(doctorClaim('doctor-1', at(15), at(45)), 'hold', 'next')]);
      });

      test('marks an expired hold that a write meets as expired, with its claims released; it is then NOT_ACTIVE', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30), expiresAt: clock(10) }));
        await repository.insertAppointment(intruder('taker', 15, 45, clock(12)));
        const stored = await repository.getHold('h');
        assert.ok(stored !== undefined, 'the hold stays stored');
        assert.deepStrictEqual({ ...stored, updatedAt: hold.updatedAt }, { ...hold, status: 'expired' });
        // Released, not just out of date: not listed even at an instant before its expiry.
        assert.deepStrictEqual((await doctorClaims(repository, clock(5))).map((c) => c.ownerId), ['taker']);
        await expectCode(repository.changeHold({ id: 'h', at: clock(13), expiresAt: clock(30) }), 'NOT_ACTIVE');
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'late', clock(13)), at: clock(13) }), 'NOT_ACTIVE');
      });

      test('judges expiry by the instant passed, never by the wall clock: a hold of 2001 is live in 2001, one of 2090 expired in 2090', async (repository) => {
        const old = aHold({ id: 'of-2001', start: at(0), end: at(30), createdAt: '2001-01-01T00:00:00.000Z', expiresAt: '2001-01-01T00:10:00.000Z' });
        await repository.insertHold(old);
        await expectCode(repository.insertAppointment(intruder('in-2001', 0, 30, '2001-01-01T00:05:00.000Z')), 'SLOT_TAKEN');
        const renewed = await repository.changeHold({ id: 'of-2001', at: '2001-01-01T00:05:00.000Z', expiresAt: '2001-01-01T00:20:00.000Z' });
        assert.deepStrictEqual(renewed, { ...old, expiresAt: '2001-01-01T00:20:00.000Z', updatedAt: '2001-01-01T00:05:00.000Z' });

        const future = aHold({ id: 'of-2090', start: at(120), end: at(150), createdAt: '2090-01-01T00:00:00.000Z', expiresAt: '2090-01-01T00:10:00.000Z' });
        await repository.insertHold(future);
        await expectCode(repository.changeHold({ id: 'of-2090', at: '2090-01-01T00:20:00.000Z', expiresAt: '2090-01-01T00:30:00.000Z' }), 'HOLD_EXPIRED');
        await expectCode(
          repository.confirmHold({ holdId: 'of-2090', appointment: appointmentOf(future, 'in-2090', '2090-01-01T00:20:00.000Z'), at: '2090-01-01T00:20:00.000Z' }),
          'HOLD_EXPIRED',
        );
        const taker = intruder('after-2090-expiry', 120, 150, '2090-01-01T00:20:00.000Z');
        assert.deepStrictEqual(await repository.insertAppointment(taker), taker);
      });
    });

    describe('confirmHold', () => {
      test('confirms a live hold into the appointment: the hold confirmed with appointmentId and updatedAt, the appointment stored', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', patientRef: 'patient/1', start: at(0), end: at(30) }));
        const appointment = appointmentOf(hold, 'a', clock(5), { idempotencyKey: 'confirm-1' });
        const confirmed = { ...hold, status: 'confirmed' as const, appointmentId: 'a', updatedAt: clock(5) };
        assert.deepStrictEqual(await repository.confirmHold({ holdId: 'h', appointment, at: clock(5) }), { hold: confirmed, appointment });
        assert.deepStrictEqual(await repository.getHold('h'), confirmed);
        assert.deepStrictEqual(await repository.getAppointment('a'), appointment);
        assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('confirm-1'), appointment);
        assert.deepStrictEqual(await doctorClaims(repository, clock(5)), [storedClaim(doctorClaim('doctor-1', at(0), at(30)), 'appointment', 'a')]);
      });

      test('turns the hold\'s claims into the appointment\'s: the hold\'s own never stand in the way, new ones are taken', async (repository) => {
        const hold = aHold({ id: 'h', patientRef: 'patient/1', start: at(0), end: at(30) });
        await repository.insertHold(hold, { claims: claimsFor(hold, { after: 15 }) });
        const appointment = appointmentOf(hold, 'a', clock(5));
        const claims = claimsFor(appointment, { before: 5, after: 15, patient: true });
        await repository.confirmHold({ holdId: 'h', appointment, claims, at: clock(5) });
        assert.deepStrictEqual(await doctorClaims(repository, clock(5)), [storedClaim(claims[0]!, 'appointment', 'a')]);
        assert.deepStrictEqual(await claimsOfResource(repository, 'patient', 'patient/1', clock(5)), [storedClaim(claims[1]!, 'appointment', 'a')]);
      });

      test('refuses a claim the hold did not have, taken by another, with SLOT_TAKEN, and changes nothing', async (repository) => {
        const other = await repository.insertAppointment(anAppointment({ id: 'other', start: at(30), end: at(60) }));
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        const appointment = appointmentOf(hold, 'a', clock(5));
        await expectCode(repository.confirmHold({ holdId: 'h', appointment, claims: claimsFor(appointment, { after: 15 }), at: clock(5) }), 'SLOT_TAKEN');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
        assert.equal(await repository.getAppointment('a'), undefined);
        assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [other]);
        assert.deepStrictEqual((await doctorClaims(repository, clock(5))).map((c) => c.ownerId), ['h', 'other']);
      });

      test('refuses a patient claim taken elsewhere with PATIENT_BUSY, and changes nothing', async (repository) => {
        const busy = anAppointment({ id: 'busy', doctorId: 'doctor-2', patientRef: 'patient/1', start: at(0), end: at(30) });
        await repository.insertAppointment(busy, { claims: claimsFor(busy, { patient: true }) });
        const hold = await repository.insertHold(aHold({ id: 'h', patientRef: 'patient/1', start: at(0), end: at(30) }));
        const appointment = appointmentOf(hold, 'a', clock(5));
        await expectCode(repository.confirmHold({ holdId: 'h', appointment, claims: claimsFor(appointment, { patient: true }), at: clock(5) }), 'PATIENT_BUSY');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
        assert.equal(await repository.getAppointment('a'), undefined);
      });

      test('refuses an unknown hold with HOLD_NOT_FOUND, and stores nothing', async (repository) => {
        const ghost = aHold({ id: 'ghost' });
        await expectCode(repository.confirmHold({ holdId: 'ghost', appointment: appointmentOf(ghost, 'a', clock(5)), at: clock(5) }), 'HOLD_NOT_FOUND');
        assert.equal(await repository.getAppointment('a'), undefined);
        assert.deepStrictEqual(await doctorClaims(repository, clock(5)), []);
      });

      test('refuses a held hold at or past its expiresAt with HOLD_EXPIRED, and changes nothing', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', expiresAt: clock(10) }));
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'a', clock(10)), at: clock(10) }), 'HOLD_EXPIRED');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
        assert.equal(await repository.getAppointment('a'), undefined);
      });

      test('refuses a released hold with NOT_ACTIVE, and changes nothing', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h' }));
        const released = await repository.changeHold({ id: 'h', at: clock(1) });
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'a', clock(2)), at: clock(2) }), 'NOT_ACTIVE');
        assert.deepStrictEqual(await repository.getHold('h'), released);
        assert.equal(await repository.getAppointment('a'), undefined);
      });

      test('returns the same for a retried confirmation and changes nothing: the same request, or a new appointment id with the same key, even after the expiry', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', expiresAt: clock(10) }));
        const appointment = appointmentOf(hold, 'a', clock(5), { idempotencyKey: 'confirm-1' });
        const first = await repository.confirmHold({ holdId: 'h', appointment, at: clock(5) });
        assert.deepStrictEqual(await repository.confirmHold({ holdId: 'h', appointment, at: clock(6) }), first);
        const retry = appointmentOf(hold, 'a-retry', clock(30), { idempotencyKey: 'confirm-1' });
        assert.deepStrictEqual(await repository.confirmHold({ holdId: 'h', appointment: retry, at: clock(30) }), first);
        assert.equal(await repository.getAppointment('a-retry'), undefined);
        assert.deepStrictEqual(await repository.getHold('h'), first.hold);
        assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [appointment]);
      });

      test('refuses a second confirmation that is no retry with NOT_ACTIVE: without the key, or with another', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        const first = await repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'a', clock(5), { idempotencyKey: 'confirm-1' }), at: clock(5) });
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'b', clock(6)), at: clock(6) }), 'NOT_ACTIVE');
        await expectCode(
          repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'c', clock(6), { idempotencyKey: 'confirm-2' }), at: clock(6) }),
          'NOT_ACTIVE',
        );
        assert.deepStrictEqual(await repository.getHold('h'), first.hold);
        assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [first.appointment]);
      });

      test('refuses an appointment idempotency key that another appointment has with CONFLICT, and changes nothing', async (repository) => {
        const other = await repository.insertAppointment(anAppointment({ id: 'other', idempotencyKey: 'taken', start: at(300), end: at(330) }));
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'a', clock(5), { idempotencyKey: 'taken' }), at: clock(5) }), 'CONFLICT');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
        assert.equal(await repository.getAppointment('a'), undefined);
        assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('taken'), other);
      });

      test('refuses an appointment id that exists with CONFLICT, and changes nothing', async (repository) => {
        const other = await repository.insertAppointment(anAppointment({ id: 'taken', start: at(300), end: at(330) }));
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        await expectCode(repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'taken', clock(5)), at: clock(5) }), 'CONFLICT');
        assert.deepStrictEqual(await repository.getHold('h'), hold);
        assert.deepStrictEqual(await repository.getAppointment('taken'), other);
        assert.deepStrictEqual((await doctorClaims(repository, clock(5))).map((c) => c.ownerId), ['h', 'taken']);
      });

      test('leaves nothing of the hold in the way once its appointment is cancelled', async (repository) => {
        const hold = await repository.insertHold(aHold({ id: 'h', start: at(0), end: at(30) }));
        await repository.confirmHold({ holdId: 'h', appointment: appointmentOf(hold, 'a', clock(1)), at: clock(1) });
        await repository.changeAppointmentStatus({ id: 'a', expectedStatus: 'booked', status: 'cancelled', at: clock(2) });
        assert.deepStrictEqual(await doctorClaims(repository, clock(2)), []);
        const taker = intruder('taker', 0, 30, clock(3));
        assert.deepStrictEqual(await repository.insertAppointment(taker), taker);
      });
    });

    test('keeps the claims of a hold and of an appointment that share an id apart: releasing one leaves the other\'s', async (repository) => {
      await repository.insertHold(aHold({ id: 'same', start: at(0), end: at(30) }));
      await repository.insertAppointment(intruder('same', 60, 90, clock(1)));
      await repository.changeHold({ id: 'same', at: clock(2) });
      await expectCode(repository.insertAppointment(intruder('other', 60, 90, clock(3))), 'SLOT_TAKEN');
      const taker = intruder('taker', 0, 30, clock(3));
      assert.deepStrictEqual(await repository.insertAppointment(taker), taker);
    });
  });
}
