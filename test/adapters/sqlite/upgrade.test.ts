// A SQLite file written by round one upgrades to schema version 2 in place, on open, keeping
// everything; a failed upgrade leaves it as it was. The file comes from round one's frozen schema
// and data (test/fixtures/round-one), written with plain SQL; the oracle is that literal data.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SchedulingError } from 'clinic-slots';
import { SQLITE_MIGRATIONS, createSqliteRepository } from 'clinic-slots/sqlite';
import {
  createRoundOneSqlite,
  describeSqliteSchema,
  expectRoundOneDataIntact,
  writeRoundOneData,
  type RoundOneData,
} from '../../fixtures/round-one/index.js';
import { tempDir } from './support/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A connection closed after the test. */
function closing(db: Database.Database): Database.Database {
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return db;
}

/** A file in a fresh directory, removed after the test. */
function tempFile(name: string): string {
  const dir = tempDir();
  cleanups.push(dir.remove);
  return dir.file(name);
}

/** A round-one file holding round one's data, closed; and that data. */
async function roundOneFile(): Promise<{ file: string; data: RoundOneData }> {
  const file = tempFile('round-one.db');
  const writer = createRoundOneSqlite(file);
  const data = await writeRoundOneData({ sqlite: writer });
  writer.close();
  return { file, data };
}

/** Every row of the adapter's round-one tables, as stored. */
function roundOneRows(db: Database.Database): unknown {
  return {
    doctors: db.prepare('SELECT * FROM clinic_slots_doctors ORDER BY id').all(),
    appointments: db.prepare('SELECT * FROM clinic_slots_appointments ORDER BY id').all(),
    bounds: db.prepare('SELECT * FROM clinic_slots_bounds').all(),
  };
}

/** What createSqliteRepository threw. */
function failureOf(body: () => unknown): SchedulingError {
  try {
    body();
  } catch (error) {
    if (error instanceof SchedulingError) return error;
    throw error;
  }
  throw new Error('expected a SchedulingError');
}

const versions = SQLITE_MIGRATIONS.map((m) => m.version);

describe('upgrading a round-one SQLite file', () => {
  it('keeps every doctor, appointment, status, link and key, and backfills one doctor claim per booked appointment over its time', async () => {
    const { file, data } = await roundOneFile();
    const db = closing(new Database(file));
    const repository = createSqliteRepository(db);
    expect(db.prepare('SELECT version FROM clinic_slots_migrations ORDER BY version').all()).toEqual(versions.map((version) => ({ version })));
    await expectRoundOneDataIntact(repository, data);

    // Round one guarded raw times: each booked appointment (a deleted doctor's too) holds its own.
    const expected = data.appointments
      .filter((a) => a.status === 'booked')
      .map((a) => ({
        owner_kind: 'appointment', owner_id: a.id, resource_kind: 'doctor', resource_id: a.doctorId, lane: 0,
        from_ms: Date.parse(a.start), to_ms: Date.parse(a.end), live: 1,
      }))
      .sort((a, b) => (a.owner_id < b.owner_id ? -1 : 1));
    expect(expected.map((c) => c.owner_id)).toEqual(['a-0001', 'a-0006', 'a-0008', 'a-gone-2', 'a-long', 'a-os-1', 'a-r3', 'a-squeeze-1', 'a-squeeze-2']);
    expect(db.prepare('SELECT * FROM clinic_slots_claims ORDER BY owner_id').all()).toEqual(expected);
    expect(db.prepare('SELECT count(*) AS n FROM clinic_slots_holds').get()).toEqual({ n: 0 });
    // The squeezed pair, whose buffers overlap, is kept as round one left it: back to back.
    const monday = { kind: 'doctor' as const, id: 'dr-wright', from: '2027-03-01T00:00:00.000Z', to: '2027-03-02T00:00:00.000Z', at: '2027-02-28T00:00:00.000Z' };
    expect((await repository.listClaims(monday)).map((c) => [c.ownerId, c.from, c.to])).toEqual([
      ['a-0001', '2027-03-01T09:00:00.000Z', '2027-03-01T09:30:00.000Z'],
      ['a-squeeze-1', '2027-03-01T10:00:00.000Z', '2027-03-01T10:30:00.000Z'],
      ['a-squeeze-2', '2027-03-01T10:30:00.000Z', '2027-03-01T11:00:00.000Z'],
      ['a-0006', '2027-03-01T14:00:00.000Z', '2027-03-01T14:30:00.000Z'],
    ]);
  });

  it('then refuses a new booking that overlaps a kept one, by its raw time or its buffers, through the adapter and through plain SQL', async () => {
    const { file } = await roundOneFile();
    const db = closing(new Database(file));
    const repository = createSqliteRepository(db);
    const booking = (id: string, start: string, end: string) => ({
      id, doctorId: 'dr-wright', locationId: 'park-st', start, end, patientRef: 'patient/new', status: 'booked' as const,
      createdAt: '2027-02-28T12:00:00.000Z', updatedAt: '2027-02-28T12:00:00.000Z',
    });
    const clash = booking('clash', '2027-03-01T09:15:00.000Z', '2027-03-01T09:45:00.000Z');
    await expect(repository.insertAppointment(clash)).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
    // 11:00-11:30 does not overlap a-squeeze-2 (10:30-11:00), its 5 minutes before do.
    const next = booking('next', '2027-03-01T11:00:00.000Z', '2027-03-01T11:30:00.000Z');
    const buffered = [{ kind: 'doctor' as const, id: 'dr-wright', lane: 0, from: '2027-03-01T10:55:00.000Z', to: '2027-03-01T11:45:00.000Z' }];
    await expect(repository.insertAppointment(next, { claims: buffered })).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
    await expect(
      repository.insertHold({ ...next, id: 'h-next', status: 'held', expiresAt: '2027-02-28T12:10:00.000Z' }, { claims: buffered }),
    ).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
    expect(() =>
      db
        .prepare(
          `INSERT INTO clinic_slots_claims (owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms, live)
           SELECT 'appointment', 'raw', resource_kind, resource_id, lane, from_ms + 60000, to_ms + 60000, 1 FROM clinic_slots_claims WHERE owner_id = 'a-0001'`,
        )
        .run(),
    ).toThrow(/overlapping live claim/);
    // Free time is free.
    await repository.insertAppointment(booking('free', '2027-03-01T11:05:00.000Z', '2027-03-01T11:35:00.000Z'));
    expect(await repository.getAppointment('clash')).toBeUndefined();
    expect((await repository.getAppointment('free'))?.status).toBe('booked');
  });

  it('leaves exactly the schema a new file gets', async () => {
    const { file } = await roundOneFile();
    const upgraded = closing(new Database(file));
    createSqliteRepository(upgraded);
    const fresh = closing(new Database(tempFile('fresh.db')));
    createSqliteRepository(fresh);
    const schema = describeSqliteSchema(upgraded);
    expect(schema).toStrictEqual(describeSqliteSchema(fresh));
    expect(schema.migrations).toEqual(SQLITE_MIGRATIONS.map(({ version, name }) => ({ version, name, applied_at_type: 'integer' })));
    // The round-one guard on appointments is gone: the claims hold it.
    const names = (schema.objects as { name: string }[]).map((o) => o.name);
    expect(names).not.toContain('clinic_slots_appointments_no_overlap_insert');
    expect(names).not.toContain('clinic_slots_appointments_active');
    expect(names).toContain('clinic_slots_claims_no_overlap_insert');
  });

  it.each([
    [
      'an object of its own named as one the upgrade creates',
      'CREATE TABLE clinic_slots_claims_live (note TEXT)',
    ],
    [
      'booked appointments that overlap, written after other code dropped round one’s guard',
      `DROP TRIGGER clinic_slots_appointments_no_overlap_insert;
       INSERT INTO clinic_slots_appointments (id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, created_ms, updated_ms)
       SELECT 'a-clash', doctor_id, location_id, start_ms + 60000, end_ms, 'patient/x', 'booked', created_ms, updated_ms
       FROM clinic_slots_appointments WHERE id = 'a-0001';`,
    ],
  ])('fails midway, with STORAGE_FAILED, on a file holding %s, and leaves the file as it was', async (_case, tamper) => {
    const { file, data } = await roundOneFile();
    const before = closing(new Database(file));
    before.exec(tamper);
    const schema = describeSqliteSchema(before);
    const rows = roundOneRows(before);
    before.close();

    const db = closing(new Database(file));
    const failure = failureOf(() => createSqliteRepository(db));
    expect(failure.code).toBe('STORAGE_FAILED');
    expect(db.inTransaction).toBe(false);
    expect(describeSqliteSchema(db)).toStrictEqual(schema);
    expect(roundOneRows(db)).toStrictEqual(rows);
    db.close();

    // Reopened, it is still round one's file: undo the tampering and the upgrade goes through.
    const again = closing(new Database(file));
    expect(describeSqliteSchema(again)).toStrictEqual(schema);
    again.exec("DROP TABLE IF EXISTS clinic_slots_claims_live; DELETE FROM clinic_slots_appointments WHERE id = 'a-clash'");
    await expectRoundOneDataIntact(createSqliteRepository(again), data);
  });
});
