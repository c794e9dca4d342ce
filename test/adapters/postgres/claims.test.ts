// The PostgreSQL adapter's port v2, until the conformance kit v2 covers it: claims (the default
// claim, explicit claims all or none, PATIENT_BUSY), holds (insert, get, idempotency, renew,
// release, confirm, expiry by the instant passed, retirement by an overlapping write), listClaims,
// and the writes that release claims (status changes, reschedules). On PGlite always, and on the
// real server when TEST_POSTGRES_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Appointment, Claim, Hold, SchedulingRepository, StoredClaim } from 'clinic-slots';
import { aClaim, aDoctor, aHold, anAppointment, at } from './support/builders.js';
import { TEST_DATABASES, freshRepository, run } from './support/databases.js';

/** An instant `minutes` after the builders' creation instant (2031-01-01T00:00Z): the clock of the writes. */
const clock = (minutes: number): string => new Date(Date.parse('2031-01-01T00:00:00.000Z') + minutes * 60_000).toISOString();

/** A whole day of the builders' base date, for listing claims. */
const DAY = { from: at(-8 * 60), to: at(16 * 60) };

/** The claim an owner holds, as listClaims reports it. */
const stored = (claim: Claim, ownerId: string, ownerKind: StoredClaim['ownerKind']): StoredClaim => ({ ...claim, ownerId, ownerKind });

/** The doctor claims of `dr-1` live at `when`, over the whole day. */
const doctorClaims = (repository: SchedulingRepository, when = clock(0), id = 'dr-1') =>
  repository.listClaims({ kind: 'doctor', id, ...DAY, at: when });

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(`PostgreSQL adapter, port v2, on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`, () => {
    let client: pg.Pool | PGlite;
    const drops: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      client = await database.open();
    });
    afterAll(async () => {
      for (const drop of drops) await drop();
      await database.close(client);
    });
    /** A fresh schema with doctor `dr-1` (and `dr-2`). */
    const fresh = async () => {
      const created = await freshRepository(client, 'c');
      drops.push(created.drop);
      await created.repository.createDoctor(aDoctor('dr-1'));
      await created.repository.createDoctor(aDoctor('dr-2'));
      return created;
    };

    describe('claims', () => {
      it('takes, by default, one claim of the doctor over the appointment’s own time', async () => {
        const { repository } = await fresh();
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90));
        expect(await doctorClaims(repository)).toStrictEqual([stored(aClaim('doctor', 'dr-1', 60, 90), 'a1', 'appointment')]);
        await expect(repository.insertAppointment(anAppointment('a2', 'dr-1', 89, 120))).rejects.toMatchObject({
          code: 'SLOT_TAKEN', details: { doctorId: 'dr-1' },
        });
        // Back to back is no overlap; another doctor is another resource.
        await repository.insertAppointment(anAppointment('a3', 'dr-1', 90, 120));
        await repository.insertAppointment(anAppointment('a4', 'dr-2', 60, 90));
        expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual(['a1', 'a3']);
      });

      it('takes the claims it is given instead: a buffered doctor claim refuses a booking in the buffer, in either order', async () => {
        const { repository } = await fresh();
        // 60-90 with 15 minutes after: the doctor is taken until 105.
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 105)] });
        await expect(
          repository.insertAppointment(anAppointment('a2', 'dr-1', 90, 120), { claims: [aClaim('doctor', 'dr-1', 90, 135)] }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        // The other order: a later appointment's buffer before it reaches back.
        await repository.insertAppointment(anAppointment('b1', 'dr-2', 90, 120), { claims: [aClaim('doctor', 'dr-2', 75, 120)] });
        await expect(
          repository.insertAppointment(anAppointment('b2', 'dr-2', 60, 90), { claims: [aClaim('doctor', 'dr-2', 60, 90)] }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        expect(await repository.getAppointment('a2')).toBeUndefined();
        expect(await repository.getAppointment('b2')).toBeUndefined();
      });

      it('takes all its claims or none: a patient claim in the way refuses with PATIENT_BUSY and stores nothing', async () => {
        const { repository } = await fresh();
        const first = anAppointment('a1', 'dr-1', 60, 90, { patientRef: 'patient/zoe' });
        await repository.insertAppointment(first, { claims: [aClaim('doctor', 'dr-1', 60, 90), aClaim('patient', 'patient/zoe', 60, 90)] });
        // Another doctor, free then; the same patient, busy then.
        const second = anAppointment('a2', 'dr-2', 75, 105, { patientRef: 'patient/zoe', idempotencyKey: 'k2' });
        await expect(
          repository.insertAppointment(second, { claims: [aClaim('doctor', 'dr-2', 75, 105), aClaim('patient', 'patient/zoe', 75, 105)] }),
        ).rejects.toMatchObject({ code: 'PATIENT_BUSY', details: { patientRef: 'patient/zoe', start: at(75) } });
        expect(await repository.getAppointment('a2')).toBeUndefined();
        expect(await repository.findAppointmentByIdempotencyKey('k2')).toBeUndefined();
        expect(await doctorClaims(repository, clock(0), 'dr-2')).toEqual([]);
        expect(await repository.listClaims({ kind: 'patient', id: 'patient/zoe', ...DAY, at: clock(0) })).toStrictEqual([
          stored(aClaim('patient', 'patient/zoe', 60, 90), 'a1', 'appointment'),
        ]);
        // A doctor's claim in the way and the patient's free: SLOT_TAKEN, for the claim that collided.
        await expect(
          repository.insertAppointment(anAppointment('a3', 'dr-1', 75, 105), { claims: [aClaim('patient', 'patient/ana', 75, 105), aClaim('doctor', 'dr-1', 75, 105)] }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN', details: { doctorId: 'dr-1' } });
        expect(await repository.listClaims({ kind: 'patient', id: 'patient/ana', ...DAY, at: clock(0) })).toEqual([]);
      });

      it('keeps lanes apart, and refuses the claims of one write that overlap each other', async () => {
        const { repository } = await fresh();
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 90, 0)] });
        await repository.insertAppointment(anAppointment('a2', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 90, 1)] });
        expect((await doctorClaims(repository)).map((c) => [c.ownerId, c.lane])).toEqual([['a1', 0], ['a2', 1]]);
        await expect(
          repository.insertAppointment(anAppointment('a3', 'dr-2', 60, 90), { claims: [aClaim('patient', 'p', 60, 90), aClaim('patient', 'p', 80, 100)] }),
        ).rejects.toMatchObject({ code: 'PATIENT_BUSY', details: { start: at(80) } });
        expect(await repository.getAppointment('a3')).toBeUndefined();
      });

      it('releases an appointment’s claims when it leaves booked, in the same step', async () => {
        const { repository } = await fresh();
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 55, 105)] });
        await repository.changeAppointmentStatus({ id: 'a1', expectedStatus: 'booked', status: 'cancelled', at: clock(5) });
        expect(await doctorClaims(repository)).toEqual([]);
        await repository.insertAppointment(anAppointment('a2', 'dr-1', 60, 90));
        await repository.changeAppointmentStatus({ id: 'a2', expectedStatus: 'booked', status: 'fulfilled', at: clock(6) });
        expect(await doctorClaims(repository)).toEqual([]);
        // A refused change releases nothing.
        await repository.insertAppointment(anAppointment('a3', 'dr-1', 60, 90));
        await expect(repository.changeAppointmentStatus({ id: 'a3', expectedStatus: 'cancelled', status: 'entered-in-error', at: clock(7) })).rejects.toMatchObject({
          code: 'NOT_ACTIVE',
        });
        expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual(['a3']);
      });

      it('reschedules as one step: the old claims released, the new taken; refused, nothing changes', async () => {
        const { repository } = await fresh();
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 105)] });
        await repository.insertAppointment(anAppointment('x', 'dr-1', 150, 180));
        // Into a time the old one's claim covers: free once it is released.
        const replacement = anAppointment('a2', 'dr-1', 75, 105, { rescheduledFrom: 'a1' });
        const { cancelled, booked } = await repository.rescheduleAppointment({
          fromId: 'a1', replacement, at: clock(5), claims: [aClaim('doctor', 'dr-1', 75, 120)],
        });
        expect(cancelled).toMatchObject({ id: 'a1', status: 'cancelled', rescheduledTo: 'a2', updatedAt: clock(5) });
        expect(booked).toStrictEqual(replacement);
        expect(await doctorClaims(repository)).toStrictEqual([
          stored(aClaim('doctor', 'dr-1', 75, 120), 'a2', 'appointment'),
          stored(aClaim('doctor', 'dr-1', 150, 180), 'x', 'appointment'),
        ]);
        // Refused (its buffer reaches x): a2 stays booked with its claim, a3 is not stored.
        await expect(
          repository.rescheduleAppointment({
            fromId: 'a2', replacement: anAppointment('a3', 'dr-1', 120, 150, { rescheduledFrom: 'a2' }), at: clock(6),
            claims: [aClaim('doctor', 'dr-1', 120, 165)],
          }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        expect(await repository.getAppointment('a2')).toStrictEqual(replacement);
        expect(await repository.getAppointment('a3')).toBeUndefined();
        expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual(['a2', 'x']);
        // A taken key is CONFLICT, not an answer.
        await repository.insertAppointment(anAppointment('k', 'dr-2', 0, 30, { idempotencyKey: 'taken' }));
        await expect(
          repository.rescheduleAppointment({ fromId: 'a2', replacement: anAppointment('a4', 'dr-1', 200, 230, { idempotencyKey: 'taken' }), at: clock(7) }),
        ).rejects.toMatchObject({ code: 'CONFLICT', details: { kind: 'already-exists', subject: 'idempotency-key' } });
        expect((await repository.getAppointment('a2'))?.status).toBe('booked');
      });

      it('lists the live claims of one resource that overlap the range, by from then owner, all lanes', async () => {
        const { repository } = await fresh();
        await repository.insertAppointment(anAppointment('b', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 90)] });
        await repository.insertAppointment(anAppointment('a', 'dr-1', 60, 90), { claims: [aClaim('doctor', 'dr-1', 60, 90, 1)] });
        await repository.insertAppointment(anAppointment('c', 'dr-1', 30, 60));
        await repository.insertHold(aHold('h', 'dr-1', 120, 150));
        const listed = await doctorClaims(repository, clock(1));
        expect(listed.map((c) => [c.ownerId, c.from])).toEqual([['c', at(30)], ['a', at(60)], ['b', at(60)], ['h', at(120)]]);
        expect(listed[3]).toStrictEqual(stored(aClaim('doctor', 'dr-1', 120, 150), 'h', 'hold'));
        // [from, to): touching the range's ends is no overlap.
        const window = await repository.listClaims({ kind: 'doctor', id: 'dr-1', from: at(60), to: at(120), at: clock(1) });
        expect(window.map((c) => c.ownerId)).toEqual(['a', 'b']);
        // Liveness by `at`: the hold is gone from the list at its expiry, though nothing marked it.
        expect((await doctorClaims(repository, clock(10))).map((c) => c.ownerId)).toEqual(['c', 'a', 'b']);
        expect((await repository.getHold('h'))?.status).toBe('held');
        expect(await repository.listClaims({ kind: 'patient', id: 'dr-1', ...DAY, at: clock(1) })).toEqual([]);
      });
    });

    describe('holds', () => {
      it('stores a hold and gives it back equal, by id and by idempotency key', async () => {
        const { repository } = await fresh();
        const hold = aHold('h1', 'dr-1', 60, 90, { patientRef: 'patient/zoë 👶', idempotencyKey: 'clé-1' });
        expect(await repository.insertHold(hold)).toStrictEqual(hold);
        expect(await repository.getHold('h1')).toStrictEqual(hold);
        expect(await repository.findHoldByIdempotencyKey('clé-1')).toStrictEqual(hold);
        const bare = aHold('h2', 'dr-1', 90, 120);
        expect(await repository.insertHold(bare)).toStrictEqual(bare);
        expect(await repository.getHold('h2')).toStrictEqual(bare);
        expect(await repository.getHold('nope')).toBeUndefined();
        expect(await repository.findHoldByIdempotencyKey('nope')).toBeUndefined();
      });

      it('returns the earlier hold for the same key and stores nothing; a hold key is not an appointment key', async () => {
        const { repository } = await fresh();
        const first = aHold('h1', 'dr-1', 60, 90, { idempotencyKey: 'k' });
        await repository.insertHold(first);
        expect(await repository.insertHold(aHold('h2', 'dr-1', 200, 230, { idempotencyKey: 'k' }))).toStrictEqual(first);
        expect(await repository.getHold('h2')).toBeUndefined();
        expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual(['h1']);
        const appointment = anAppointment('a1', 'dr-1', 200, 230, { idempotencyKey: 'k' });
        expect(await repository.insertAppointment(appointment)).toStrictEqual(appointment);
      });

      it('refuses as an insert does: DOCTOR_NOT_FOUND, a stale version, a taken id, a taken time', async () => {
        const { repository } = await fresh();
        await expect(repository.insertHold(aHold('h1', 'dr-x', 60, 90))).rejects.toMatchObject({ code: 'DOCTOR_NOT_FOUND' });
        await expect(repository.insertHold(aHold('h1', 'dr-1', 60, 90), { doctorVersion: 2 })).rejects.toMatchObject({
          code: 'CONFLICT', details: { kind: 'stale-version', currentVersion: 1 },
        });
        await repository.insertHold(aHold('h1', 'dr-1', 60, 90), { doctorVersion: 1 });
        await expect(repository.insertHold(aHold('h1', 'dr-1', 200, 230))).rejects.toMatchObject({
          code: 'CONFLICT', details: { kind: 'already-exists', subject: 'hold', id: 'h1' },
        });
        await expect(repository.insertHold(aHold('h2', 'dr-1', 75, 105))).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        await expect(repository.insertAppointment(anAppointment('a1', 'dr-1', 75, 105))).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        await expect(
          repository.insertHold(aHold('h3', 'dr-2', 60, 90, { patientRef: 'p' }), { claims: [aClaim('doctor', 'dr-2', 60, 90), aClaim('doctor', 'dr-1', 89, 90)] }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN', details: { doctorId: 'dr-1' } });
        expect(await repository.getHold('h3')).toBeUndefined();
      });

      it('holds its time until expiresAt, judged by the instant of each write, not by any clock of its own', async () => {
        const { repository } = await fresh();
        await repository.insertHold(aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) }));
        // A write at 09:59.999 of the hold's life: still live.
        const justBefore = new Date(Date.parse(clock(10)) - 1).toISOString();
        await expect(repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90, { createdAt: justBefore, updatedAt: justBefore }))).rejects.toMatchObject({
          code: 'SLOT_TAKEN',
        });
        await expect(repository.insertHold(aHold('h2', 'dr-1', 60, 90, { createdAt: justBefore, updatedAt: justBefore }))).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        expect(await repository.getHold('h1')).toMatchObject({ status: 'held' });
        // At expiresAt it is expired: the write retires it (marked expired at the write's instant, claims released) and lands.
        const appointment = anAppointment('a1', 'dr-1', 75, 105, { createdAt: clock(10), updatedAt: clock(10) });
        expect(await repository.insertAppointment(appointment)).toStrictEqual(appointment);
        expect(await repository.getHold('h1')).toStrictEqual({ ...aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) }), status: 'expired', updatedAt: clock(10) });
        expect(await doctorClaims(repository, clock(10))).toStrictEqual([stored(aClaim('doctor', 'dr-1', 75, 105), 'a1', 'appointment')]);
        // Even asked about an earlier instant, the retired hold no longer claims anything.
        expect((await doctorClaims(repository, clock(0))).map((c) => c.ownerId)).toEqual(['a1']);
      });

      it('retires only the expired holds in the way; a refused write retires nothing', async () => {
        const { repository } = await fresh();
        await repository.insertHold(aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) }));
        await repository.insertHold(aHold('h2', 'dr-1', 120, 150, { expiresAt: clock(10) }));
        await repository.insertAppointment(anAppointment('x', 'dr-1', 200, 230));
        // In the way of h1 (expired) and of x (booked): refused, and h1 stays as it was.
        await expect(
          repository.insertHold(aHold('h3', 'dr-1', 60, 90, { createdAt: clock(20), updatedAt: clock(20) }), {
            claims: [aClaim('doctor', 'dr-1', 60, 90), aClaim('doctor', 'dr-1', 210, 220)],
          }),
        ).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
        expect((await repository.getHold('h1'))?.status).toBe('held');
        await repository.insertHold(aHold('h3', 'dr-1', 60, 90, { createdAt: clock(20), updatedAt: clock(20), expiresAt: clock(30) }));
        expect(await repository.getHold('h1')).toMatchObject({ status: 'expired', updatedAt: clock(20) });
        expect(await repository.getHold('h2')).toMatchObject({ status: 'held', updatedAt: clock(0) });
        expect((await doctorClaims(repository, clock(20))).map((c) => c.ownerId)).toEqual(['h3', 'x']);
      });

      it('renews a live hold to a new expiry, keeping its claims, and releases one, freeing them', async () => {
        const { repository } = await fresh();
        const hold = aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) });
        await repository.insertHold(hold);
        const renewed = await repository.changeHold({ id: 'h1', at: clock(5), expiresAt: clock(20) });
        expect(renewed).toStrictEqual({ ...hold, expiresAt: clock(20), updatedAt: clock(5) });
        expect(await repository.getHold('h1')).toStrictEqual(renewed);
        // Past the old expiry, still holding.
        await expect(repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90, { createdAt: clock(15), updatedAt: clock(15) }))).rejects.toMatchObject({
          code: 'SLOT_TAKEN',
        });
        expect((await doctorClaims(repository, clock(15))).map((c) => c.ownerId)).toEqual(['h1']);
        const released = await repository.changeHold({ id: 'h1', at: clock(16) });
        expect(released).toStrictEqual({ ...renewed, status: 'released', updatedAt: clock(16) });
        expect(await doctorClaims(repository, clock(16))).toEqual([]);
        await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90, { createdAt: clock(17), updatedAt: clock(17) }));
      });

      it('refuses to change a hold that is missing, expired or no longer held, and a refusal changes nothing', async () => {
        const { repository } = await fresh();
        const hold = aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) });
        await repository.insertHold(hold);
        await expect(repository.changeHold({ id: 'nope', at: clock(1) })).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND', details: { holdId: 'nope' } });
        await expect(repository.changeHold({ id: 'h1', at: clock(10), expiresAt: clock(20) })).rejects.toMatchObject({
          code: 'HOLD_EXPIRED', details: { holdId: 'h1', expiresAt: clock(10) },
        });
        await expect(repository.changeHold({ id: 'h1', at: clock(11) })).rejects.toMatchObject({ code: 'HOLD_EXPIRED' });
        // Not marked expired by a refusal.
        expect(await repository.getHold('h1')).toStrictEqual(hold);
        await repository.changeHold({ id: 'h1', at: clock(1) });
        await expect(repository.changeHold({ id: 'h1', at: clock(2), expiresAt: clock(9) })).rejects.toMatchObject({
          code: 'NOT_ACTIVE', details: { holdId: 'h1', holdStatus: 'released' },
        });
        expect(await repository.getHold('h1')).toMatchObject({ status: 'released', updatedAt: clock(1) });
      });

      it('confirms a hold into its appointment as one step: the hold confirmed, its claims the appointment’s', async () => {
        const { repository } = await fresh();
        const hold = aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10), patientRef: 'patient/zoe' });
        await repository.insertHold(hold, { claims: [aClaim('doctor', 'dr-1', 55, 105)] });
        const appointment = anAppointment('a1', 'dr-1', 60, 90, { patientRef: 'patient/zoe', createdAt: clock(5), updatedAt: clock(5), idempotencyKey: 'confirm-1' });
        const claims = [aClaim('doctor', 'dr-1', 55, 105), aClaim('patient', 'patient/zoe', 60, 90)];
        const result = await repository.confirmHold({ holdId: 'h1', appointment, claims, at: clock(5) });
        const confirmed: Hold = { ...hold, status: 'confirmed', appointmentId: 'a1', updatedAt: clock(5) };
        expect(result).toStrictEqual({ hold: confirmed, appointment });
        expect(await repository.getHold('h1')).toStrictEqual(confirmed);
        expect(await repository.getAppointment('a1')).toStrictEqual(appointment);
        // Past the hold's expiry, the appointment holds the time.
        expect(await doctorClaims(repository, clock(60))).toStrictEqual([stored(claims[0]!, 'a1', 'appointment')]);
        expect(await repository.listClaims({ kind: 'patient', id: 'patient/zoe', ...DAY, at: clock(60) })).toStrictEqual([stored(claims[1]!, 'a1', 'appointment')]);

        // A retried confirmation gives what the first made, and changes nothing.
        expect(await repository.confirmHold({ holdId: 'h1', appointment: { ...appointment, id: 'a-retry', createdAt: clock(7), updatedAt: clock(7) }, at: clock(7) })).toStrictEqual(result);
        expect(await repository.getAppointment('a-retry')).toBeUndefined();
        expect(await repository.getHold('h1')).toStrictEqual(confirmed);
        // Confirmed again with another key (or none): the hold is no longer held.
        await expect(repository.confirmHold({ holdId: 'h1', appointment: { ...appointment, id: 'a2', idempotencyKey: 'other' }, at: clock(7) })).rejects.toMatchObject({
          code: 'NOT_ACTIVE', details: { holdId: 'h1', holdStatus: 'confirmed' },
        });
        const { idempotencyKey: _none, ...keyless } = appointment;
        await expect(repository.confirmHold({ holdId: 'h1', appointment: { ...keyless, id: 'a2' }, at: clock(7) })).rejects.toMatchObject({ code: 'NOT_ACTIVE' });
      });

      it('refuses a confirmation: missing, expired, released, a taken key or id, a claim the hold did not have; and then changes nothing', async () => {
        const { repository } = await fresh();
        const confirmation = (holdId: string, appointment: Appointment, claims?: Claim[]) => ({ holdId, appointment, at: clock(5), ...(claims ? { claims } : {}) });
        const a = (id: string, from: number, to: number, more: Partial<Appointment> = {}) =>
          anAppointment(id, 'dr-1', from, to, { createdAt: clock(5), updatedAt: clock(5), ...more });
        await expect(repository.confirmHold(confirmation('nope', a('a1', 60, 90)))).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND' });

        await repository.insertHold(aHold('h-exp', 'dr-1', 0, 30, { expiresAt: clock(5) }));
        await expect(repository.confirmHold(confirmation('h-exp', a('a1', 0, 30)))).rejects.toMatchObject({ code: 'HOLD_EXPIRED', details: { expiresAt: clock(5) } });
        expect((await repository.getHold('h-exp'))?.status).toBe('held');

        await repository.insertHold(aHold('h-rel', 'dr-1', 30, 60));
        await repository.changeHold({ id: 'h-rel', at: clock(1) });
        await expect(repository.confirmHold(confirmation('h-rel', a('a1', 30, 60)))).rejects.toMatchObject({ code: 'NOT_ACTIVE', details: { holdStatus: 'released' } });

        const hold = aHold('h1', 'dr-1', 60, 90, { patientRef: 'patient/zoe' });
        await repository.insertHold(hold);
        await repository.insertAppointment(anAppointment('other', 'dr-2', 60, 90, { patientRef: 'patient/zoe', idempotencyKey: 'taken' }), {
          claims: [aClaim('doctor', 'dr-2', 60, 90), aClaim('patient', 'patient/zoe', 60, 90)],
        });
        await expect(repository.confirmHold(confirmation('h1', a('a1', 60, 90, { idempotencyKey: 'taken' })))).rejects.toMatchObject({
          code: 'CONFLICT', details: { kind: 'already-exists', subject: 'idempotency-key', id: 'taken' },
        });
        await expect(repository.confirmHold(confirmation('h1', a('other', 60, 90)))).rejects.toMatchObject({
          code: 'CONFLICT', details: { kind: 'already-exists', subject: 'appointment', id: 'other' },
        });
        await expect(
          repository.confirmHold(confirmation('h1', a('a1', 60, 90, { patientRef: 'patient/zoe' }), [aClaim('doctor', 'dr-1', 60, 90), aClaim('patient', 'patient/zoe', 60, 90)])),
        ).rejects.toMatchObject({ code: 'PATIENT_BUSY' });
        expect(await repository.getHold('h1')).toStrictEqual(hold);
        expect(await repository.getAppointment('a1')).toBeUndefined();
        expect((await doctorClaims(repository, clock(4))).map((c) => c.ownerId)).toEqual(['h-exp', 'h1']);
        // The appointment may claim more than the hold did, if it is free: here, a later buffer.
        const appointment = a('a1', 60, 90);
        await repository.confirmHold(confirmation('h1', appointment, [aClaim('doctor', 'dr-1', 60, 100)]));
        expect(await doctorClaims(repository, clock(5))).toStrictEqual([stored(aClaim('doctor', 'dr-1', 60, 100), 'a1', 'appointment')]);
        // The expired hold in the way (0-30 is not in the way of 60-100): still as stored.
        expect((await repository.getHold('h-exp'))?.status).toBe('held');
      });
    });

    describe('updateDoctor removing a location', () => {
      const twoSites = aDoctor('dr-3', { locations: [{ id: 'park-st', address: '1 Park St' }, { id: 'old-site', address: '2 Old Rd' }] });
      const oneSite = { ...twoSites, locations: [twoSites.locations[0]!], version: 2, updatedAt: clock(5) };

      it('refuses DOCTOR_HAS_APPOINTMENTS while a booked appointment there ends after activeAfter, and changes nothing', async () => {
        const { repository } = await fresh();
        await repository.createDoctor(twoSites);
        await repository.insertAppointment(anAppointment('a1', 'dr-3', 60, 90, { locationId: 'old-site' }));
        await expect(repository.updateDoctor(oneSite, 1, { removedLocation: { id: 'old-site', activeAfter: at(89) } })).rejects.toMatchObject({
          code: 'DOCTOR_HAS_APPOINTMENTS', details: { doctorId: 'dr-3', locationId: 'old-site' },
        });
        expect(await repository.getDoctor('dr-3')).toStrictEqual(twoSites);
        // Stale version and a missing doctor still come first.
        await expect(repository.updateDoctor(oneSite, 7, { removedLocation: { id: 'old-site', activeAfter: at(0) } })).rejects.toMatchObject({
          code: 'CONFLICT', details: { kind: 'stale-version', currentVersion: 1 },
        });
        await expect(repository.updateDoctor({ ...oneSite, id: 'dr-x' }, 1, { removedLocation: { id: 'old-site', activeAfter: at(0) } })).rejects.toMatchObject({
          code: 'DOCTOR_NOT_FOUND',
        });
        // Once it ended (or is cancelled), the removal goes through.
        await repository.updateDoctor(oneSite, 1, { removedLocation: { id: 'old-site', activeAfter: at(90) } });
        expect(await repository.getDoctor('dr-3')).toStrictEqual(oneSite);
      });

      it('does not count cancelled appointments, appointments at other locations, or other doctors', async () => {
        const { repository } = await fresh();
        await repository.createDoctor(twoSites);
        await repository.insertAppointment(anAppointment('a1', 'dr-3', 60, 90, { locationId: 'old-site' }));
        await repository.changeAppointmentStatus({ id: 'a1', expectedStatus: 'booked', status: 'cancelled', at: clock(1) });
        await repository.insertAppointment(anAppointment('a2', 'dr-3', 120, 150, { locationId: 'park-st' }));
        await repository.insertAppointment(anAppointment('a3', 'dr-1', 120, 150, { locationId: 'old-site' }));
        await repository.updateDoctor(oneSite, 1, { removedLocation: { id: 'old-site', activeAfter: at(0) } });
        expect(await repository.getDoctor('dr-3')).toStrictEqual(oneSite);
      });
    });

    it('answers concurrent writes with one idempotency key with the one they stored, appointments and holds alike', async () => {
      const { repository } = await fresh();
      const appointments = await Promise.all(
        Array.from({ length: 16 }, (_, i) => repository.insertAppointment(anAppointment(`a${i}`, 'dr-1', i * 60, i * 60 + 30, { idempotencyKey: 'same' }))),
      );
      expect(new Set(appointments.map((a) => a.id)).size).toBe(1);
      expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual([appointments[0]!.id]);
      const holds = await Promise.all(Array.from({ length: 16 }, (_, i) => repository.insertHold(aHold(`h${i}`, 'dr-2', i * 60, i * 60 + 30, { idempotencyKey: 'same' }))));
      expect(new Set(holds.map((h) => h.id)).size).toBe(1);
      expect((await doctorClaims(repository, clock(0), 'dr-2')).map((c) => c.ownerId)).toEqual([holds[0]!.id]);
    });

    it('gives concurrent writes over an expired hold one winner, which retires the hold once', async () => {
      const { repository } = await fresh();
      await repository.insertHold(aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) }));
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          i % 2 === 0
            ? repository.insertAppointment(anAppointment(`a${i}`, 'dr-1', 60 + i, 90 + i, { createdAt: clock(20), updatedAt: clock(20) }))
            : repository.insertHold(aHold(`h-new-${i}`, 'dr-1', 60 + i, 90 + i, { createdAt: clock(20), updatedAt: clock(20), expiresAt: clock(30) })),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'SLOT_TAKEN' });
      expect(await repository.getHold('h1')).toMatchObject({ status: 'expired', updatedAt: clock(20) });
      expect(await doctorClaims(repository, clock(20))).toHaveLength(1);
    });

    it('lets no write store an overlapping live claim by hand: the constraint refuses outside SQL', async () => {
      const { repository, schema } = await fresh();
      await repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90));
      const insert = (owner: string, from: number, to: number, more: { lane?: number; live?: boolean; kind?: string } = {}) =>
        run(
          client,
          `INSERT INTO "${schema}".claims (resource_kind, resource_id, lane, starts_at, ends_at, owner_kind, owner_id, live)
           VALUES ($1, 'dr-1', $2, $3, $4, 'appointment', $5, $6)`,
          [more.kind ?? 'doctor', more.lane ?? 0, at(from), at(to), owner, more.live ?? true],
        );
      await expect(insert('x1', 89, 120)).rejects.toMatchObject({ code: '23P01' });
      await insert('x2', 90, 120);
      await insert('x3', 60, 90, { live: false });
      await insert('x4', 60, 90, { lane: 1 });
      await insert('x5', 60, 90, { kind: 'patient' });
      await expect(insert('x6', 100, 100)).rejects.toMatchObject({ code: '23514' });
      await expect(insert('x7', 0, 30, { kind: 'room' })).rejects.toMatchObject({ code: '23514' });
      // And the adapter sees claims written by hand.
      await expect(repository.insertAppointment(anAppointment('a2', 'dr-1', 100, 110))).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
    });
  });
}
