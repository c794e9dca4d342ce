import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { SchedulingError, type Appointment } from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { SQL, listAppointmentsParams, listAppointmentsSql } from '../../../src/adapters/sqlite/sqlite-statements.js';
import { DAY0, appointment, at, doctor, hold, open, tempDir } from './support/fixtures.js';
import { runs } from '../../support/runs.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function track(db: Database.Database): Database.Database {
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return db;
}

function fileDb(): { file: string; db: Database.Database } {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const file = dir.file('clinic.db');
  return { file, db: track(open(file)) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SchedulingError) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

function codeOfSync(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    if (error instanceof SchedulingError) return error.code;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('createSqliteRepository', () => {
  it('declares that its no-overlap guarantee reaches across processes', () => {
    expect(createSqliteRepository(track(open())).capabilities).toEqual({ concurrentWriters: 'cross-process' });
  });

  it('puts a file in WAL mode with a 5 s busy timeout and synchronous=FULL by default', () => {
    const { db } = fileDb();
    createSqliteRepository(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('takes the busy timeout and synchronous from its options', () => {
    const { db } = fileDb();
    createSqliteRepository(db, { busyTimeoutMs: 250, synchronous: 'NORMAL' });
    expect(db.pragma('busy_timeout', { simple: true })).toBe(250);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });

  it('refuses invalid options and things that are not a database with VALIDATION_FAILED', () => {
    const db = track(open());
    expect(codeOfSync(() => createSqliteRepository(db, { busyTimeoutMs: -1 }))).toBe('VALIDATION_FAILED');
    expect(codeOfSync(() => createSqliteRepository(db, { busyTimeoutMs: 1.5 }))).toBe('VALIDATION_FAILED');
    expect(codeOfSync(() => createSqliteRepository(db, { synchronous: 'OFF' as 'FULL' }))).toBe('VALIDATION_FAILED');
    expect(codeOfSync(() => createSqliteRepository(db, { journal: 'DELETE' } as object))).toBe('VALIDATION_FAILED');
    expect(codeOfSync(() => createSqliteRepository({} as Database.Database))).toBe('VALIDATION_FAILED');
    expect(codeOfSync(() => createSqliteRepository(null as unknown as Database.Database))).toBe('VALIDATION_FAILED');
    // Nothing was created by the refused calls.
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'clinic_slots_%'").get()).toEqual({ n: 0 });
  });

  it('with migrate: false, refuses a database that was never migrated (STORAGE_FAILED)', () => {
    expect(codeOfSync(() => createSqliteRepository(track(open()), { migrate: false }))).toBe('STORAGE_FAILED');
  });

  it('with migrate: false, works on a database migrated before', async () => {
    const db = track(open());
    createSqliteRepository(db);
    const repository = createSqliteRepository(db, { migrate: false });
    await repository.createDoctor(doctor());
    expect(await repository.getDoctor('dr-1')).toEqual(doctor());
  });
});

describe('SQLite storage', () => {
  it('keeps everything acknowledged when the file is closed and opened again', async () => {
    const { file, db } = fileDb();
    const before = createSqliteRepository(db);
    await before.createDoctor(doctor());
    await before.insertAppointment(appointment('a1', 540, 570, { idempotencyKey: 'key-1' }));
    await before.insertAppointment(appointment('a2', 570, 600));
    await before.changeAppointmentStatus({ id: 'a2', expectedStatus: 'booked', status: 'cancelled', at: at(1), cancellationReason: 'ill' });
    db.close();

    const after = createSqliteRepository(track(open(file)));
    expect(await after.getDoctor('dr-1')).toEqual(doctor());
    expect(await after.getAppointment('a1')).toEqual(appointment('a1', 540, 570, { idempotencyKey: 'key-1' }));
    expect(await after.findAppointmentByIdempotencyKey('key-1')).toEqual(appointment('a1', 540, 570, { idempotencyKey: 'key-1' }));
    expect(await after.getAppointment('a2')).toEqual(
      appointment('a2', 570, 600, { status: 'cancelled', updatedAt: at(1), cancellationReason: 'ill' }),
    );
  });

  it('stores quotes, emoji, SQL and even NUL characters verbatim', async () => {
    const repository = createSqliteRepository(track(open()));
    const nasty = ["O'Brien \"Bob\" 🩺", "'); DROP TABLE clinic_slots_appointments; --", 'a\u0000b', 'x\\y%_'];
    for (const [i, text] of nasty.entries()) {
      const stored = doctor({ id: `dr-${i}`, name: text, locations: [{ id: 'loc-1', address: text }] });
      await repository.createDoctor(stored);
      expect(await repository.getDoctor(stored.id)).toEqual(stored);
      const booked = appointment(`a-${i}`, 540, 570, { doctorId: stored.id, patientRef: text, idempotencyKey: text });
      expect(await repository.insertAppointment(booked)).toEqual(booked);
      expect(await repository.getAppointment(booked.id)).toEqual(booked);
      expect(await repository.findAppointmentByIdempotencyKey(text)).toEqual(booked);
      const cancelled = await repository.changeAppointmentStatus({
        id: booked.id, expectedStatus: 'booked', status: 'cancelled', at: at(1), cancellationReason: text,
      });
      expect(cancelled.cancellationReason).toBe(text);
    }
    // Keys that differ only after a NUL are different keys.
    expect(await repository.findAppointmentByIdempotencyKey('a\u0000c')).toBeUndefined();
    expect(await repository.findAppointmentByIdempotencyKey('a')).toBeUndefined();
    expect((await repository.listDoctors({ limit: 10 })).items).toHaveLength(nasty.length);
  });

  it('stores instants as UTC epoch milliseconds in STRICT tables', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    await repository.insertAppointment(appointment('a1', 540, 570));
    expect(db.prepare('SELECT start_ms, end_ms, typeof(start_ms) AS type FROM clinic_slots_appointments').get()).toEqual({
      start_ms: DAY0 + 540 * 60_000,
      end_ms: DAY0 + 570 * 60_000,
      type: 'integer',
    });
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'clinic_slots_%' ORDER BY name").all();
    expect(strict).toEqual([
      { name: 'clinic_slots_appointments', strict: 1 },
      { name: 'clinic_slots_bounds', strict: 1 },
      { name: 'clinic_slots_claims', strict: 1 },
      { name: 'clinic_slots_doctors', strict: 1 },
      { name: 'clinic_slots_holds', strict: 1 },
      { name: 'clinic_slots_migrations', strict: 1 },
    ]);
  });

  it('works the same on a connection that reads integers as BigInt', async () => {
    const db = track(open());
    db.defaultSafeIntegers(true);
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    await repository.insertAppointment(appointment('a1', 540, 570));
    await repository.insertAppointment(appointment('a2', 570, 600));
    expect(await repository.getDoctor('dr-1')).toEqual(doctor());
    expect(await codeOf(repository.insertAppointment(appointment('a3', 550, 560)))).toBe('SLOT_TAKEN');
    const first = await repository.listAppointments({ doctorId: 'dr-1', limit: 1 });
    expect(first.items).toEqual([appointment('a1', 540, 570)]);
    const second = await repository.listAppointments({ doctorId: 'dr-1', limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [appointment('a2', 570, 600)] });
    await repository.updateDoctor(doctor({ version: 2, name: 'Jane' }), 1);
    expect((await repository.getDoctor('dr-1'))?.version).toBe(2);
    const held = hold('h1', 600, 630, { patientRef: 'patient/2' });
    expect(await repository.insertHold(held)).toEqual(held);
    expect(await repository.getHold('h1')).toStrictEqual(held);
    expect(await codeOf(repository.changeHold({ id: 'h1', at: at(10) }))).toBe('HOLD_EXPIRED');
    expect(await repository.listClaims({ kind: 'doctor', id: 'dr-1', from: at(570), to: at(620), at: at(0) })).toStrictEqual([
      { kind: 'doctor', id: 'dr-1', lane: 0, from: at(570), to: at(600), ownerId: 'a2', ownerKind: 'appointment' },
      { kind: 'doctor', id: 'dr-1', lane: 0, from: at(600), to: at(630), ownerId: 'h1', ownerKind: 'hold' },
    ]);
    await repository.insertAppointment(appointment('a4', 600, 630, { createdAt: at(10), updatedAt: at(10) }));
    expect((await repository.getHold('h1'))?.status).toBe('expired');
  });

  it('reports a doctor row that does not hold the JSON it should as STORAGE_FAILED', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    db.prepare(`UPDATE clinic_slots_doctors SET schedule = '"not an object"'`).run();
    expect(await codeOf(repository.getDoctor('dr-1'))).toBe('STORAGE_FAILED');
    expect(await codeOf(repository.listDoctors({ limit: 10 }))).toBe('STORAGE_FAILED');
  });

  it('refuses a cursor it did not make with VALIDATION_FAILED', async () => {
    const repository = createSqliteRepository(track(open()));
    await repository.createDoctor(doctor());
    for (const cursor of ['%%%', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(await codeOf(repository.listDoctors({ limit: 10, cursor }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(repository.listAppointments({ doctorId: 'dr-1', limit: 10, cursor }))).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the claims guard', () => {
  const plan = (db: Database.Database, sql: string, params: Record<string, unknown> | unknown[]) =>
    (Array.isArray(params) ? db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) : db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params))
      .map((row) => (row as { detail: string }).detail);
  const LIVE_CLAIMS_SEARCH = 'USING COVERING INDEX clinic_slots_claims_live (resource_kind=? AND resource_id=? AND from_ms>? AND from_ms<?)';

  it('checks a claim by a range search of the partial index of live claims by resource and start (EXPLAIN QUERY PLAN)', () => {
    const db = track(open());
    createSqliteRepository(db);
    const details = plan(db, SQL.claimOverlap, { resource_kind: 'doctor', resource_id: 'dr-1', lane: 0, from_ms: DAY0, to_ms: DAY0 + 1800_000 });
    expect(details).toContain(`SEARCH other ${LIVE_CLAIMS_SEARCH}`);
    expect(details.some((d) => d.startsWith('SCAN'))).toBe(false);
    // That is the very test the triggers make on every live claim written.
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'clinic_slots_claims_no_overlap_%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    expect(triggers.map((t) => t.name)).toEqual(['clinic_slots_claims_no_overlap_insert', 'clinic_slots_claims_no_overlap_update']);
    for (const trigger of triggers) expect(trigger.sql).toContain(SQL.claimOverlap.replaceAll('@', 'NEW.'));
  });

  it('lists claims and finds the expired holds in the way by the same search', () => {
    const db = track(open());
    createSqliteRepository(db);
    const range = { resource_kind: 'doctor', resource_id: 'dr-1', lane: 0, from_ms: DAY0, to_ms: DAY0 + 1800_000, at_ms: DAY0 };
    for (const sql of [SQL.listClaims, SQL.retireHolds]) {
      const details = plan(db, sql, range);
      expect(details.some((d) => d.endsWith(LIVE_CLAIMS_SEARCH)), sql).toBe(true);
      expect(details.some((d) => d.startsWith('SCAN')), sql).toBe(false);
    }
    expect(plan(db, SQL.listClaims, range)).toContain('SEARCH clinic_slots_holds USING INDEX sqlite_autoindex_clinic_slots_holds_1 (id=?)');
  });

  it('finds the doctor has appointments after an instant (or at a location) by a search of the index by doctor and start', () => {
    const db = track(open());
    createSqliteRepository(db);
    for (const sql of [SQL.activeAfter, SQL.activeAtLocationAfter]) {
      const details = plan(db, sql, { doctor_id: 'dr-1', location_id: 'loc-1', after: DAY0 });
      expect(details).toContain('SEARCH clinic_slots_appointments USING INDEX clinic_slots_appointments_by_doctor (doctor_id=? AND start_ms>?)');
      expect(details.some((d) => d.startsWith('SCAN'))).toBe(false);
    }
  });

  it('lists appointments by an index search in start order, without sorting, whatever the filters', () => {
    const db = track(open());
    createSqliteRepository(db);
    for (const from of [false, true]) {
      for (const to of [false, true]) {
        for (const cursor of [false, true]) {
          for (const statuses of [0, 1, 2, 5]) {
            const sql = listAppointmentsSql({ from, to, cursor, statuses });
            const params = listAppointmentsParams({
              doctorId: 'dr-1',
              ...(from ? { fromMs: DAY0 } : {}),
              ...(to ? { toMs: DAY0 + 1 } : {}),
              ...(statuses > 0 ? { statuses: (['booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const).slice(0, statuses) } : {}),
              ...(cursor ? { cursor: { startMs: DAY0, id: 'a' } } : {}),
              limit: 10,
            });
            const details = plan(db, sql, params);
            expect(details[0], sql).toMatch(/^SEARCH clinic_slots_appointments USING INDEX clinic_slots_appointments_by_doctor \(doctor_id=\?/);
            expect(details.some((d) => d.startsWith('SCAN') || d.includes('TEMP B-TREE')), sql).toBe(false);
          }
        }
      }
    }
  });

  it('is held by triggers: SQL written by other code cannot make live claims overlap, nor move one', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    await repository.insertAppointment(appointment('a1', 540, 600));
    await repository.insertAppointment(appointment('a2', 600, 660));
    await repository.changeAppointmentStatus({ id: 'a2', expectedStatus: 'booked', status: 'cancelled', at: at(1) });
    const raw = db.prepare(
      'INSERT INTO clinic_slots_claims (owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const ms = (minute: number) => DAY0 + minute * 60_000;
    const refusedByTrigger = expect.objectContaining({ code: 'SQLITE_CONSTRAINT_TRIGGER', message: expect.stringContaining('overlapping live claim') });
    expect(() => raw.run('appointment', 'x1', 'doctor', 'dr-1', 0, ms(570), ms(630), 1)).toThrow(refusedByTrigger);
    expect(() => raw.run('hold', 'x2', 'doctor', 'dr-1', 0, ms(500), ms(1000), 1)).toThrow(refusedByTrigger);
    // Not live, on another lane, of another resource, or back to back: no overlap.
    raw.run('appointment', 'x3', 'doctor', 'dr-1', 0, ms(570), ms(630), 0);
    raw.run('appointment', 'x4', 'doctor', 'dr-1', 1, ms(570), ms(630), 1);
    raw.run('appointment', 'x5', 'patient', 'dr-1', 0, ms(570), ms(630), 1);
    raw.run('appointment', 'x6', 'doctor', 'dr-1', 0, ms(600), ms(620), 1);
    // Making a claim live is checked; moving one is refused, live or not.
    expect(() => db.prepare("UPDATE clinic_slots_claims SET live = 1 WHERE owner_id = 'x3'").run()).toThrow(refusedByTrigger);
    expect(() => db.prepare("UPDATE clinic_slots_claims SET from_ms = from_ms + 60000 WHERE owner_id = 'x6'").run()).toThrow(/cannot be moved/);
    expect(() => db.prepare("UPDATE clinic_slots_claims SET to_ms = to_ms + 600000 WHERE owner_id = 'a1'").run()).toThrow(/cannot be moved/);
    expect(() => db.prepare("UPDATE clinic_slots_claims SET resource_id = 'dr-2' WHERE owner_id = 'x3'").run()).toThrow(/cannot be moved/);
    // An appointment brought back to booked by other code takes its claims again, checked.
    expect(() => db.prepare("UPDATE clinic_slots_appointments SET status = 'booked' WHERE id = 'a2'").run()).toThrow(refusedByTrigger);
    db.prepare("UPDATE clinic_slots_claims SET live = 0 WHERE owner_id = 'x6'").run();
    db.prepare("UPDATE clinic_slots_appointments SET status = 'booked' WHERE id = 'a2'").run();
    expect((await repository.listClaims({ kind: 'doctor', id: 'dr-1', from: at(0), to: at(1440), at: at(0) })).map((c) => [c.ownerId, c.lane])).toEqual([
      ['a1', 0],
      ['x4', 1],
      ['a2', 0],
    ]);
    // One leaving booked by other code releases them; a deleted one takes its claims along.
    db.prepare("UPDATE clinic_slots_appointments SET status = 'fulfilled' WHERE id = 'a1'").run();
    db.prepare("DELETE FROM clinic_slots_appointments WHERE id = 'a2'").run();
    expect(db.prepare("SELECT owner_id, live FROM clinic_slots_claims WHERE owner_id IN ('a1', 'a2') ORDER BY owner_id").all()).toEqual([
      { owner_id: 'a1', live: 0 },
    ]);
    await repository.insertAppointment(appointment('a3', 540, 660));
  });

  it('releases a hold\'s claims whoever ends it, and takes them again, checked, when other code brings it back', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    await repository.insertHold(hold('h1', 540, 570));
    db.prepare("UPDATE clinic_slots_holds SET status = 'released' WHERE id = 'h1'").run();
    expect(db.prepare("SELECT live FROM clinic_slots_claims WHERE owner_id = 'h1'").all()).toEqual([{ live: 0 }]);
    await repository.insertAppointment(appointment('a1', 550, 580));
    expect(() => db.prepare("UPDATE clinic_slots_holds SET status = 'held' WHERE id = 'h1'").run()).toThrow(/overlapping live claim/);
    db.prepare("DELETE FROM clinic_slots_holds WHERE id = 'h1'").run();
    expect(db.prepare("SELECT count(*) AS n FROM clinic_slots_claims WHERE owner_id = 'h1'").get()).toEqual({ n: 0 });
  });

  it('stays correct when the bounds row was deleted by other code', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    await repository.insertAppointment(appointment('long', 0, 600));
    db.prepare('DELETE FROM clinic_slots_bounds').run();
    expect(await codeOf(repository.insertAppointment(appointment('a1', 540, 570)))).toBe('SLOT_TAKEN');
    await repository.insertAppointment(appointment('a2', 600, 630));
  });

  it('accepts exactly the bookings that overlap no active one, whatever their lengths (property)', async () => {
    const interval = fc
      .record({ start: fc.integer({ min: 0, max: 4 * 1440 }), minutes: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3 * 1440 })) })
      .map(({ start, minutes }) => ({ start, end: start + minutes }));
    const step = fc.record({ interval, cancel: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const db = open();
        try {
          const repository = createSqliteRepository(db);
          await repository.createDoctor(doctor());
          const active: { id: string; start: number; end: number }[] = [];
          for (const [i, { interval: { start, end }, cancel }] of steps.entries()) {
            const expected = active.some((a) => a.start < end && start < a.end) ? 'SLOT_TAKEN' : 'ok';
            const outcome = await repository.insertAppointment(appointment(`a${i}`, start, end)).then(() => 'ok', (e: SchedulingError) => e.code);
            expect(outcome).toBe(expected);
            if (outcome === 'ok') {
              if (cancel) await repository.changeAppointmentStatus({ id: `a${i}`, expectedStatus: 'booked', status: 'cancelled', at: at(0) });
              else active.push({ id: `a${i}`, start, end });
            }
          }
          const listed = (await repository.listAppointments({ doctorId: 'dr-1', statuses: ['booked'], limit: 1000 })).items;
          expect(listed.map((a: Appointment) => a.id).sort()).toEqual(active.map((a) => a.id).sort());
        } finally {
          db.close();
        }
      }),
      { numRuns: runs(60) },
    );
  });
});

describe('SQLite failures', () => {
  it('fails with STORAGE_FAILED when another connection holds the write lock beyond the busy timeout, and changes nothing', async () => {
    const { file, db } = fileDb();
    const repository = createSqliteRepository(db, { busyTimeoutMs: 20 });
    await repository.createDoctor(doctor());
    const other = track(open(file));
    other.exec('BEGIN IMMEDIATE');
    let failure: unknown;
    await repository.insertAppointment(appointment('a1', 540, 570)).catch((error: unknown) => (failure = error));
    expect(failure).toBeInstanceOf(SchedulingError);
    expect((failure as SchedulingError).code).toBe('STORAGE_FAILED');
    expect((failure as SchedulingError).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    // Reads do not wait for the writer in WAL mode.
    expect(await repository.getAppointment('a1')).toBeUndefined();
    other.exec('ROLLBACK');
    await repository.insertAppointment(appointment('a1', 540, 570));
    expect(await repository.getAppointment('a1')).toEqual(appointment('a1', 540, 570));
  });

  it('waits the busy timeout for another writer before switching a file that is not in WAL mode yet', () => {
    // SQLite gives up on `journal_mode = WAL` at once, without the busy handler, while another
    // connection holds the write lock of a file in rollback-journal mode: what several processes
    // that start together on a new file, one of them migrating, run into.
    const { file } = fileDb();
    const holder = track(open(file));
    holder.exec('CREATE TABLE host_table (x INTEGER)');
    expect(holder.pragma('journal_mode', { simple: true })).toBe('delete');
    holder.exec('BEGIN IMMEDIATE');
    const db = track(open(file));
    const started = performance.now();
    let failure: unknown;
    try {
      createSqliteRepository(db, { busyTimeoutMs: 300 });
    } catch (error) {
      failure = error;
    }
    const waited = performance.now() - started;
    expect(failure).toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED', cause: { code: 'SQLITE_BUSY' } });
    expect(waited).toBeGreaterThanOrEqual(250);
    holder.exec('ROLLBACK');
    // Once the writer is gone, the same connection sets up and works.
    createSqliteRepository(db, { busyTimeoutMs: 300 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('fails with STORAGE_FAILED, for reads and writes, once the connection is closed', async () => {
    const db = open();
    const repository = createSqliteRepository(db);
    await repository.createDoctor(doctor());
    db.close();
    expect(await codeOf(repository.getDoctor('dr-1'))).toBe('STORAGE_FAILED');
    expect(await codeOf(repository.listAppointments({ doctorId: 'dr-1', limit: 1 }))).toBe('STORAGE_FAILED');
    expect(await codeOf(repository.insertAppointment(appointment('a1', 540, 570)))).toBe('STORAGE_FAILED');
  });

  it('fails with STORAGE_FAILED when called inside a transaction of the caller, which it leaves open', async () => {
    const db = track(open());
    const repository = createSqliteRepository(db);
    db.exec('BEGIN');
    expect(await codeOf(repository.createDoctor(doctor()))).toBe('STORAGE_FAILED');
    expect(db.inTransaction).toBe(true);
    db.exec('ROLLBACK');
  });

  it('rolls back a reschedule whose replacement is refused, so the old appointment stays booked', async () => {
    const repository = createSqliteRepository(track(open()));
    await repository.createDoctor(doctor());
    await repository.insertAppointment(appointment('a1', 540, 570));
    await repository.insertAppointment(appointment('a2', 600, 630));
    const refused = repository.rescheduleAppointment({ fromId: 'a1', replacement: appointment('a3', 600, 630, { rescheduledFrom: 'a1' }), at: at(1) });
    expect(await codeOf(refused)).toBe('SLOT_TAKEN');
    expect(await repository.getAppointment('a1')).toEqual(appointment('a1', 540, 570));
    expect(await repository.getAppointment('a3')).toBeUndefined();
  });
});
