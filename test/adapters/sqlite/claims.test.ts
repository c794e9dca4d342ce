// The SQLite adapter on port v2: claims, holds, listClaims, and a location removed atomically.
// These state the port's contract (src/ports/repository.ts) for this adapter until the
// conformance kit's claim and hold groups run it; the oracle is written out by hand in each test.
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { SchedulingError, type SchedulingRepository, type StoredClaim } from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { appointment, at, claim, doctor, hold, open } from './support/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A repository on a new in-memory database with doctors `dr-1` and `dr-2`, and the connection. */
async function setUp(): Promise<{ db: Database.Database; repository: SchedulingRepository }> {
  const db = open();
  cleanups.push(() => db.close());
  const repository = createSqliteRepository(db);
  await repository.createDoctor(doctor());
  await repository.createDoctor(doctor({ id: 'dr-2', locations: [{ id: 'loc-1', address: '1 Park St' }, { id: 'loc-2', address: '2 High St' }] }));
  return { db, repository };
}

/** The error a promise rejects with; fails when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<SchedulingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SchedulingError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every claim row of the database, live or not, in a fixed order, as plain rows. */
function claimRows(db: Database.Database): unknown[] {
  return db
    .prepare(
      `SELECT owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms, live FROM clinic_slots_claims
       ORDER BY owner_kind, owner_id, resource_kind, resource_id, lane, from_ms`,
    )
    .all();
}

/** A stored claim as listClaims reports it. */
function stored(ownerKind: StoredClaim['ownerKind'], ownerId: string, c: ReturnType<typeof claim>): StoredClaim {
  return { ...c, ownerId, ownerKind };
}

/** The live claims of a doctor over the whole test week, judged at minute `atMinute`. */
const doctorClaims = (repository: SchedulingRepository, id = 'dr-1', atMinute = -1e6) =>
  repository.listClaims({ kind: 'doctor', id, from: at(-1e6), to: at(1e6), at: at(atMinute) });

describe('claims of an appointment', () => {
  it('by default, one claim of its doctor over its own time, refused by SLOT_TAKEN when it overlaps, free back to back', async () => {
    const { repository } = await setUp();
    await repository.insertAppointment(appointment('a1', 540, 570));
    expect(await doctorClaims(repository)).toEqual([stored('appointment', 'a1', claim('doctor', 'dr-1', 540, 570))]);
    const taken = await refusal(repository.insertAppointment(appointment('a2', 569, 600)));
    expect(taken.code).toBe('SLOT_TAKEN');
    expect(taken.details).toEqual({ code: 'SLOT_TAKEN', doctorId: 'dr-1' });
    await repository.insertAppointment(appointment('a3', 570, 600));
    await repository.insertAppointment(appointment('a4', 510, 540));
    // Another doctor's time is another resource.
    await repository.insertAppointment(appointment('b1', 540, 570, { doctorId: 'dr-2' }));
    expect((await doctorClaims(repository)).map((c) => c.ownerId)).toEqual(['a4', 'a1', 'a3']);
  });

  it('takes explicit claims (the doctor widened by buffers, the patient) all or none', async () => {
    const { db, repository } = await setUp();
    const first = appointment('a1', 540, 570, { patientRef: 'patient/1' });
    // 10 minutes before, 15 after.
    const firstClaims = [claim('doctor', 'dr-1', 530, 585), claim('patient', 'patient/1', 540, 570)];
    expect(await repository.insertAppointment(first, { claims: firstClaims })).toEqual(first);
    expect(await doctorClaims(repository)).toEqual([stored('appointment', 'a1', firstClaims[0]!)]);
    const before = claimRows(db);

    // The raw times do not overlap, the buffers do: refused, and neither claim is kept.
    const buffered = appointment('a2', 570, 600, { patientRef: 'patient/2' });
    const bufferedClaims = [claim('patient', 'patient/2', 570, 600), claim('doctor', 'dr-1', 560, 615)];
    expect((await refusal(repository.insertAppointment(buffered, { claims: bufferedClaims }))).code).toBe('SLOT_TAKEN');
    // The doctor is free (another doctor), the patient is not: PATIENT_BUSY, and the doctor claim is not kept either.
    const busy = appointment('b1', 550, 580, { doctorId: 'dr-2', patientRef: 'patient/1' });
    const busyRefusal = await refusal(
      repository.insertAppointment(busy, { claims: [claim('doctor', 'dr-2', 550, 580), claim('patient', 'patient/1', 550, 580)] }),
    );
    expect(busyRefusal.code).toBe('PATIENT_BUSY');
    expect(busyRefusal.details).toEqual({ code: 'PATIENT_BUSY', patientRef: 'patient/1', start: at(550) });
    expect(claimRows(db)).toEqual(before);
    expect(await repository.getAppointment('a2')).toBeUndefined();
    expect(await repository.getAppointment('b1')).toBeUndefined();

    // Claims of one write collide with each other too.
    const twice = appointment('a3', 700, 730);
    expect((await refusal(repository.insertAppointment(twice, { claims: [claim('doctor', 'dr-1', 700, 730), claim('doctor', 'dr-1', 720, 740)] }))).code).toBe(
      'SLOT_TAKEN',
    );
    expect(claimRows(db)).toEqual(before);

    // Other lanes of a resource are other lanes; a patient elsewhere is free.
    const laned = appointment('a4', 540, 570, { patientRef: 'patient/3' });
    await repository.insertAppointment(laned, { claims: [claim('doctor', 'dr-1', 540, 570, 1), claim('patient', 'patient/3', 540, 570)] });
    expect(await doctorClaims(repository)).toEqual([
      stored('appointment', 'a1', firstClaims[0]!),
      stored('appointment', 'a4', claim('doctor', 'dr-1', 540, 570, 1)),
    ]);
    expect(await repository.listClaims({ kind: 'patient', id: 'patient/3', from: at(0), to: at(1440), at: at(0) })).toEqual([
      stored('appointment', 'a4', claim('patient', 'patient/3', 540, 570)),
    ]);
  });

  it('refuses a taken id with CONFLICT before judging its claims, and keeps nothing of it', async () => {
    const { db, repository } = await setUp();
    await repository.insertAppointment(appointment('a1', 540, 570));
    const before = claimRows(db);
    const conflict = await refusal(repository.insertAppointment(appointment('a1', 540, 570)));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.details).toEqual({ code: 'CONFLICT', kind: 'already-exists', subject: 'appointment', id: 'a1' });
    expect((await refusal(repository.insertAppointment(appointment('a1', 900, 930)))).code).toBe('CONFLICT');
    expect(claimRows(db)).toEqual(before);
  });

  it('frees its claims when it leaves booked', async () => {
    const { db, repository } = await setUp();
    await repository.insertAppointment(appointment('a1', 540, 570), { claims: [claim('doctor', 'dr-1', 540, 585), claim('patient', 'patient/1', 540, 570)] });
    await repository.changeAppointmentStatus({ id: 'a1', expectedStatus: 'booked', status: 'cancelled', at: at(1) });
    expect(await doctorClaims(repository)).toEqual([]);
    // Kept, not live: nothing is deleted.
    expect(claimRows(db)).toEqual([
      expect.objectContaining({ owner_id: 'a1', resource_kind: 'doctor', live: 0 }),
      expect.objectContaining({ owner_id: 'a1', resource_kind: 'patient', live: 0 }),
    ]);
    await repository.insertAppointment(appointment('a2', 570, 600), { claims: [claim('doctor', 'dr-1', 560, 600), claim('patient', 'patient/1', 560, 600)] });
  });

  it('reschedules atomically: the old claims are released for the replacement, or nothing changes', async () => {
    const { db, repository } = await setUp();
    await repository.insertAppointment(appointment('old', 540, 570), { claims: [claim('doctor', 'dr-1', 535, 585)] });
    await repository.insertAppointment(appointment('other', 600, 630));
    // Overlapping the old one's claim is fine: it is released first.
    const replacement = appointment('new', 550, 580, { rescheduledFrom: 'old' });
    const { booked } = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(1), claims: [claim('doctor', 'dr-1', 545, 595)] });
    expect(booked).toEqual(replacement);
    expect((await doctorClaims(repository)).map((c) => [c.ownerId, c.from, c.to])).toEqual([
      ['new', at(545), at(595)],
      ['other', at(600), at(630)],
    ]);

    // A replacement whose claims are refused changes nothing: the old one stays booked, with its claims.
    const before = claimRows(db);
    const refused = appointment('newer', 560, 590, { rescheduledFrom: 'new' });
    const taken = await refusal(repository.rescheduleAppointment({ fromId: 'new', replacement: refused, at: at(2), claims: [claim('doctor', 'dr-1', 555, 605)] }));
    expect(taken.code).toBe('SLOT_TAKEN');
    expect(await repository.getAppointment('new')).toEqual(replacement);
    expect(await repository.getAppointment('newer')).toBeUndefined();
    expect(claimRows(db)).toEqual(before);
  });
});

describe('holds', () => {
  it('stores a hold verbatim, finds it by id and by key, and lets it hold its time against bookings and holds', async () => {
    const { repository } = await setUp();
    const h1 = hold('h1', 540, 570, { patientRef: 'patient/1', idempotencyKey: 'key-1' });
    expect(await repository.insertHold(h1)).toEqual(h1);
    expect(await repository.getHold('h1')).toStrictEqual(h1);
    expect(await repository.findHoldByIdempotencyKey('key-1')).toStrictEqual(h1);
    const bare = hold('h0', 600, 630);
    await repository.insertHold(bare);
    expect(await repository.getHold('h0')).toStrictEqual(bare);
    expect(await repository.getHold('nope')).toBeUndefined();
    expect(await repository.findHoldByIdempotencyKey('nope')).toBeUndefined();

    expect((await refusal(repository.insertAppointment(appointment('a1', 550, 580)))).code).toBe('SLOT_TAKEN');
    expect((await refusal(repository.insertHold(hold('h2', 560, 590)))).code).toBe('SLOT_TAKEN');
    expect(await doctorClaims(repository, 'dr-1', 1)).toEqual([
      stored('hold', 'h1', claim('doctor', 'dr-1', 540, 570)),
      stored('hold', 'h0', claim('doctor', 'dr-1', 600, 630)),
    ]);
  });

  it('returns the earlier hold for a key used before and stores nothing, whatever else differs', async () => {
    const { db, repository } = await setUp();
    const first = hold('h1', 540, 570, { idempotencyKey: 'key-1' });
    await repository.insertHold(first);
    const before = claimRows(db);
    expect(await repository.insertHold(hold('h2', 900, 930, { idempotencyKey: 'key-1' }))).toStrictEqual(first);
    // Also when its time is taken (by the first one), with a doctor version given.
    expect(await repository.insertHold(hold('h3', 540, 570, { idempotencyKey: 'key-1' }), { doctorVersion: 1 })).toStrictEqual(first);
    expect(await repository.getHold('h2')).toBeUndefined();
    expect(claimRows(db)).toEqual(before);
    // Holds have their own keys: an appointment may use the same one.
    await repository.insertAppointment(appointment('a1', 900, 930, { idempotencyKey: 'key-1' }));
  });

  it('refuses an unknown doctor, a stale doctor version and a taken id, storing nothing', async () => {
    const { db, repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570));
    const before = claimRows(db);
    expect((await refusal(repository.insertHold(hold('h2', 600, 630, { doctorId: 'ghost' })))).code).toBe('DOCTOR_NOT_FOUND');
    expect((await refusal(repository.insertHold(hold('h2', 600, 630), { doctorVersion: 2 }))).details).toEqual({
      code: 'CONFLICT', kind: 'stale-version', doctorId: 'dr-1', expectedVersion: 2, currentVersion: 1,
    });
    const taken = await refusal(repository.insertHold(hold('h1', 600, 630)));
    expect(taken.details).toEqual({ code: 'CONFLICT', kind: 'already-exists', subject: 'hold', id: 'h1' });
    expect(await repository.getHold('h2')).toBeUndefined();
    expect(claimRows(db)).toEqual(before);
    await repository.insertHold(hold('h2', 600, 630), { doctorVersion: 1 });
  });

  it('takes explicit claims all or none: PATIENT_BUSY for a busy patient', async () => {
    const { db, repository } = await setUp();
    await repository.insertAppointment(appointment('a1', 540, 570, { doctorId: 'dr-2' }), { claims: [claim('doctor', 'dr-2', 540, 570), claim('patient', 'patient/1', 540, 570)] });
    const before = claimRows(db);
    const busy = await refusal(repository.insertHold(hold('h1', 560, 590, { patientRef: 'patient/1' }), {
      claims: [claim('doctor', 'dr-1', 555, 600), claim('patient', 'patient/1', 560, 590)],
    }));
    expect(busy.code).toBe('PATIENT_BUSY');
    expect(claimRows(db)).toEqual(before);
    expect(await repository.getHold('h1')).toBeUndefined();
  });

  it('renews a live hold to a new expiry, keeping its claims', async () => {
    const { repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570));
    const renewed = await repository.changeHold({ id: 'h1', at: at(5), expiresAt: at(25) });
    expect(renewed).toStrictEqual(hold('h1', 540, 570, { expiresAt: at(25), updatedAt: at(5) }));
    expect(await repository.getHold('h1')).toStrictEqual(renewed);
    // Live past its first expiry.
    expect(await doctorClaims(repository, 'dr-1', 20)).toEqual([stored('hold', 'h1', claim('doctor', 'dr-1', 540, 570))]);
    expect((await refusal(repository.insertAppointment(appointment('a1', 540, 570, { createdAt: at(20), updatedAt: at(20) })))).code).toBe('SLOT_TAKEN');
  });

  it('releases a live hold, freeing its claims', async () => {
    const { repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570));
    const released = await repository.changeHold({ id: 'h1', at: at(3) });
    expect(released).toStrictEqual(hold('h1', 540, 570, { status: 'released', updatedAt: at(3) }));
    expect(await doctorClaims(repository, 'dr-1', 3)).toEqual([]);
    await repository.insertAppointment(appointment('a1', 540, 570, { createdAt: at(4), updatedAt: at(4) }));
  });

  it('refuses to change a hold that is missing (HOLD_NOT_FOUND), past its expiry (HOLD_EXPIRED) or ended (NOT_ACTIVE), changing nothing', async () => {
    const { db, repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570));
    await repository.insertHold(hold('h2', 600, 630));
    await repository.changeHold({ id: 'h2', at: at(1) });
    const before = { claims: claimRows(db), h1: await repository.getHold('h1'), h2: await repository.getHold('h2') };

    expect((await refusal(repository.changeHold({ id: 'ghost', at: at(1) }))).details).toEqual({ code: 'HOLD_NOT_FOUND', holdId: 'ghost' });
    for (const change of [{ id: 'h1', at: at(10) }, { id: 'h1', at: at(11), expiresAt: at(30) }]) {
      const expired = await refusal(repository.changeHold(change));
      expect(expired.code).toBe('HOLD_EXPIRED');
      expect(expired.details).toEqual({ code: 'HOLD_EXPIRED', holdId: 'h1', expiresAt: at(10) });
    }
    const ended = await refusal(repository.changeHold({ id: 'h2', at: at(2), expiresAt: at(20) }));
    expect(ended.code).toBe('NOT_ACTIVE');
    expect(ended.details).toEqual({ code: 'NOT_ACTIVE', holdId: 'h2', holdStatus: 'released' });
    // A refusal marks nothing expired.
    expect({ claims: claimRows(db), h1: await repository.getHold('h1'), h2: await repository.getHold('h2') }).toEqual(before);
  });

  it('confirms a live hold into an appointment as one unit, with other claims than the hold had', async () => {
    const { db, repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570, { patientRef: 'patient/1' }));
    const made = appointment('a1', 540, 570, { patientRef: 'patient/1', idempotencyKey: 'book-1', createdAt: at(5), updatedAt: at(5) });
    // Wider than the hold's own claim, which it may overlap: that one is released first.
    const claims = [claim('doctor', 'dr-1', 535, 585), claim('patient', 'patient/1', 540, 570)];
    const result = await repository.confirmHold({ holdId: 'h1', appointment: made, claims, at: at(5) });
    const confirmed = hold('h1', 540, 570, { patientRef: 'patient/1', status: 'confirmed', appointmentId: 'a1', updatedAt: at(5) });
    expect(result).toStrictEqual({ hold: confirmed, appointment: made });
    expect(await repository.getHold('h1')).toStrictEqual(confirmed);
    expect(await repository.getAppointment('a1')).toStrictEqual(made);
    expect(await doctorClaims(repository, 'dr-1', 5)).toEqual([stored('appointment', 'a1', claims[0]!)]);
    expect(claimRows(db)).toContainEqual(expect.objectContaining({ owner_kind: 'hold', owner_id: 'h1', live: 0 }));

    // Retried with the same appointment key: what the first made, and nothing changes.
    const before = claimRows(db);
    const retry = appointment('a1-retry', 540, 570, { patientRef: 'patient/1', idempotencyKey: 'book-1', createdAt: at(6), updatedAt: at(6) });
    expect(await repository.confirmHold({ holdId: 'h1', appointment: retry, at: at(20) })).toStrictEqual({ hold: confirmed, appointment: made });
    expect(claimRows(db)).toEqual(before);
    expect(await repository.getAppointment('a1-retry')).toBeUndefined();
    // With another key (or none), a confirmed hold is not active.
    for (const other of [{ ...retry, idempotencyKey: 'book-2' }, appointment('a1-bare', 540, 570)]) {
      const refused = await refusal(repository.confirmHold({ holdId: 'h1', appointment: other, at: at(6) }));
      expect(refused.code).toBe('NOT_ACTIVE');
      expect(refused.details).toEqual({ code: 'NOT_ACTIVE', holdId: 'h1', holdStatus: 'confirmed' });
    }
  });

  it('refuses a confirmation of a missing, expired or released hold, a taken key or a claim the hold had not, changing nothing', async () => {
    const { db, repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570, { patientRef: 'patient/1' }));
    await repository.insertHold(hold('h2', 600, 630));
    await repository.changeHold({ id: 'h2', at: at(1) });
    await repository.insertAppointment(appointment('taken', 900, 930, { idempotencyKey: 'taken-key' }));
    await repository.insertAppointment(appointment('busy', 550, 560, { doctorId: 'dr-2', patientRef: 'patient/1' }), {
      claims: [claim('doctor', 'dr-2', 550, 560), claim('patient', 'patient/1', 550, 560)],
    });
    const before = { claims: claimRows(db), h1: await repository.getHold('h1'), h2: await repository.getHold('h2') };
    const made = (overrides = {}) => appointment('a1', 540, 570, { patientRef: 'patient/1', createdAt: at(5), updatedAt: at(5), ...overrides });

    expect((await refusal(repository.confirmHold({ holdId: 'ghost', appointment: made(), at: at(5) }))).code).toBe('HOLD_NOT_FOUND');
    expect((await refusal(repository.confirmHold({ holdId: 'h1', appointment: made(), at: at(10) }))).code).toBe('HOLD_EXPIRED');
    expect((await refusal(repository.confirmHold({ holdId: 'h2', appointment: made(), at: at(5) }))).details).toEqual({ code: 'NOT_ACTIVE', holdId: 'h2', holdStatus: 'released' });
    expect((await refusal(repository.confirmHold({ holdId: 'h1', appointment: made({ idempotencyKey: 'taken-key' }), at: at(5) }))).details).toEqual({
      code: 'CONFLICT', kind: 'already-exists', subject: 'idempotency-key', id: 'taken-key',
    });
    expect((await refusal(repository.confirmHold({ holdId: 'h1', appointment: made({ id: 'taken' }), at: at(5) }))).details).toEqual({
      code: 'CONFLICT', kind: 'already-exists', subject: 'appointment', id: 'taken',
    });
    const busy = await refusal(
      repository.confirmHold({ holdId: 'h1', appointment: made(), claims: [claim('doctor', 'dr-1', 540, 570), claim('patient', 'patient/1', 540, 570)], at: at(5) }),
    );
    expect(busy.code).toBe('PATIENT_BUSY');
    expect({ claims: claimRows(db), h1: await repository.getHold('h1'), h2: await repository.getHold('h2') }).toEqual(before);
    expect(await repository.getAppointment('a1')).toBeUndefined();
  });
});

describe('expiry by the instant of the write (the adapter reads no clock)', () => {
  it('a hold holds its time until its expiresAt, judged at the createdAt of the write in its way', async () => {
    const { db, repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570, { takenAt: 0, ttl: 10 }));
    const booking = (minute: number) => appointment(`a-${minute}`, 550, 580, { createdAt: at(minute), updatedAt: at(minute) });
    // One millisecond before the expiry, it is live.
    const justBefore = { ...booking(9), createdAt: new Date(Date.parse(at(10)) - 1).toISOString() };
    expect((await refusal(repository.insertAppointment(justBefore))).code).toBe('SLOT_TAKEN');
    expect((await repository.getHold('h1'))?.status).toBe('held');
    // At its expiry, it is not: the write retires it (expired, at the write's instant) and takes its time.
    await repository.insertAppointment(booking(10));
    expect(await repository.getHold('h1')).toStrictEqual(hold('h1', 540, 570, { status: 'expired', updatedAt: at(10) }));
    expect(claimRows(db)).toContainEqual(expect.objectContaining({ owner_kind: 'hold', owner_id: 'h1', live: 0 }));
    expect((await doctorClaims(repository, 'dr-1', 10)).map((c) => c.ownerId)).toEqual(['a-10']);
  });

  it('a new hold retires an expired one in its way too, and only those in its way', async () => {
    const { repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570, { takenAt: 0, ttl: 10 }));
    await repository.insertHold(hold('h2', 600, 630, { takenAt: 0, ttl: 10 }));
    await repository.insertHold(hold('h3', 545, 575, { takenAt: 12, ttl: 10 }));
    expect((await repository.getHold('h1'))?.status).toBe('expired');
    expect((await repository.getHold('h1'))?.updatedAt).toBe(at(12));
    // Expired all the same, but stored as held until a write meets it.
    expect((await repository.getHold('h2'))?.status).toBe('held');
    expect(await doctorClaims(repository, 'dr-1', 12)).toEqual([stored('hold', 'h3', claim('doctor', 'dr-1', 545, 575))]);
  });

  it('a write judged before the expiry is refused even when it runs later: only the instants passed count', async () => {
    const { repository } = await setUp();
    await repository.insertHold(hold('h1', 540, 570, { takenAt: 0, ttl: 10 }));
    expect((await refusal(repository.insertHold(hold('h2', 540, 570, { takenAt: 5 })))).code).toBe('SLOT_TAKEN');
    expect((await refusal(repository.confirmHold({ holdId: 'h1', appointment: appointment('a1', 540, 570), at: at(10) }))).code).toBe('HOLD_EXPIRED');
    expect((await repository.confirmHold({ holdId: 'h1', appointment: appointment('a1', 540, 570), at: at(9) })).hold.status).toBe('confirmed');
  });
});

describe('listClaims', () => {
  it('lists the live claims of one resource, every lane, overlapping [from, to), live at `at`, by start then owner', async () => {
    const { repository } = await setUp();
    await repository.insertAppointment(appointment('a2', 600, 630), { claims: [claim('doctor', 'dr-1', 600, 630), claim('doctor', 'dr-1', 600, 630, 2)] });
    await repository.insertAppointment(appointment('a1', 600, 630), { claims: [claim('doctor', 'dr-1', 600, 630, 1)] });
    await repository.insertHold(hold('h1', 540, 570, { takenAt: 0, ttl: 10 }));
    await repository.insertHold(hold('h2', 660, 690, { takenAt: 0, ttl: 30 }));
    await repository.insertAppointment(appointment('gone', 700, 730));
    await repository.changeAppointmentStatus({ id: 'gone', expectedStatus: 'booked', status: 'cancelled', at: at(1) });
    await repository.insertAppointment(appointment('theirs', 600, 630, { doctorId: 'dr-2' }));
    await repository.insertAppointment(appointment('patient', 800, 830, { doctorId: 'dr-2' }), { claims: [claim('patient', 'dr-1', 540, 570)] });

    const list = (from: number, to: number, atMinute: number) => repository.listClaims({ kind: 'doctor', id: 'dr-1', from: at(from), to: at(to), at: at(atMinute) });
    expect(await list(0, 1440, 5)).toEqual([
      stored('hold', 'h1', claim('doctor', 'dr-1', 540, 570)),
      stored('appointment', 'a1', claim('doctor', 'dr-1', 600, 630, 1)),
      stored('appointment', 'a2', claim('doctor', 'dr-1', 600, 630)),
      stored('appointment', 'a2', claim('doctor', 'dr-1', 600, 630, 2)),
      stored('hold', 'h2', claim('doctor', 'dr-1', 660, 690)),
    ]);
    // h1 expires at minute 10, h2 at minute 30, whether or not a write has marked them.
    expect((await list(0, 1440, 10)).map((c) => c.ownerId)).toEqual(['a1', 'a2', 'a2', 'h2']);
    expect((await list(0, 1440, 30)).map((c) => c.ownerId)).toEqual(['a1', 'a2', 'a2']);
    // Overlapping the range: touching it is not overlapping it.
    expect((await list(570, 600, 5)).map((c) => c.ownerId)).toEqual([]);
    expect((await list(569, 601, 5)).map((c) => c.ownerId)).toEqual(['h1', 'a1', 'a2', 'a2']);
    expect((await list(629, 661, 5)).map((c) => c.ownerId)).toEqual(['a1', 'a2', 'a2', 'h2']);
  });
});

describe('updateDoctor removing a location', () => {
  it('refuses with DOCTOR_HAS_APPOINTMENTS while a booked appointment there ends after activeAfter, in the same step as the write', async () => {
    const { repository } = await setUp();
    const current = doctor({ id: 'dr-2', locations: [{ id: 'loc-1', address: '1 Park St' }, { id: 'loc-2', address: '2 High St' }] });
    const without = { ...current, locations: [current.locations[0]!], version: 2 };
    await repository.insertAppointment(appointment('there', 540, 570, { doctorId: 'dr-2', locationId: 'loc-2' }));
    await repository.insertAppointment(appointment('cancelled', 600, 630, { doctorId: 'dr-2', locationId: 'loc-2' }));
    await repository.changeAppointmentStatus({ id: 'cancelled', expectedStatus: 'booked', status: 'cancelled', at: at(1) });
    await repository.insertAppointment(appointment('elsewhere', 700, 730, { doctorId: 'dr-2', locationId: 'loc-1' }));

    const refused = await refusal(repository.updateDoctor(without, 1, { removedLocation: { id: 'loc-2', activeAfter: at(569) } }));
    expect(refused.code).toBe('DOCTOR_HAS_APPOINTMENTS');
    expect(refused.details).toEqual({ code: 'DOCTOR_HAS_APPOINTMENTS', doctorId: 'dr-2', locationId: 'loc-2' });
    expect(await repository.getDoctor('dr-2')).toEqual(current);
    // A stale version is refused first.
    expect((await refusal(repository.updateDoctor({ ...without, version: 3 }, 2, { removedLocation: { id: 'loc-2', activeAfter: at(569) } }))).code).toBe('CONFLICT');
    // Once the booked one has ended (the cancelled one and the other location's do not count).
    await repository.updateDoctor(without, 1, { removedLocation: { id: 'loc-2', activeAfter: at(570) } });
    expect(await repository.getDoctor('dr-2')).toEqual(without);
  });
});
