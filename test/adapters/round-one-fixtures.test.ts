import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppointmentSchema, DoctorSchema } from 'clinic-slots';
import { SQLITE_MIGRATIONS, createSqliteRepository, migrateSqlite } from 'clinic-slots/sqlite';
import { createPostgresRepository, migratePostgres, postgresMigrations } from 'clinic-slots/postgres';
import {
  createRoundOnePostgres,
  createRoundOneSqlite,
  describePostgresSchema,
  describeSqliteSchema,
  expectRoundOneDataIntact,
  ROUND_ONE_SQLITE_SQL,
  roundOneData,
  writeRoundOneData,
} from '../fixtures/round-one/index.js';
import { NO_WAIT, TEST_DATABASES, freshSchemaName, run } from './postgres/support/databases.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A file path in a fresh temporary directory, removed after the test. */
function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-round-one-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** A connection closed after the test. */
function closing(db: Database.Database): Database.Database {
  cleanups.push(() => db.close());
  return db;
}

describe('round one data set', () => {
  const { doctors, appointments } = roundOneData();
  const byId = new Map(appointments.map((a) => [a.id, a]));

  it('is valid domain data for today’s schemas', () => {
    for (const doctor of doctors) expect(DoctorSchema.safeParse(doctor).error?.issues, doctor.id).toBeUndefined();
    for (const appointment of appointments) expect(AppointmentSchema.safeParse(appointment).error?.issues, appointment.id).toBeUndefined();
  });

  it('has every status, cancellation reasons, unique idempotency keys, several locations and Unicode text', () => {
    expect(new Set(appointments.map((a) => a.status))).toEqual(new Set(['booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error']));
    expect(appointments.some((a) => a.status === 'cancelled' && a.cancellationReason !== undefined)).toBe(true);
    const keys = appointments.flatMap((a) => (a.idempotencyKey === undefined ? [] : [a.idempotencyKey]));
    expect(keys.length).toBeGreaterThanOrEqual(5);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Math.max(...doctors.map((d) => d.locations.length))).toBeGreaterThanOrEqual(3);
    expect(doctors.some((d) => d.overrides.length > 0 && d.rules.bufferBefore !== undefined && d.rules.bufferAfter !== undefined)).toBe(true);
    const nonAscii = /[^\x20-\x7e]/;
    expect(doctors.some((d) => nonAscii.test(d.name) && d.locations.some((l) => nonAscii.test(l.address)))).toBe(true);
    expect(appointments.some((a) => nonAscii.test(a.patientRef))).toBe(true);
    expect(keys.some((k) => nonAscii.test(k))).toBe(true);
    expect(appointments.some((a) => a.cancellationReason !== undefined && nonAscii.test(a.cancellationReason))).toBe(true);
  });

  it('links every reschedule both ways: the old one cancelled and pointing at its replacement, which points back', () => {
    const moved = appointments.filter((a) => a.rescheduledTo !== undefined);
    expect(moved.length).toBeGreaterThanOrEqual(2);
    for (const old of moved) {
      expect(old.status, old.id).toBe('cancelled');
      expect(byId.get(old.rescheduledTo!)?.rescheduledFrom, old.id).toBe(old.id);
    }
    for (const replacement of appointments.filter((a) => a.rescheduledFrom !== undefined)) {
      expect(byId.get(replacement.rescheduledFrom!)?.rescheduledTo, replacement.id).toBe(replacement.id);
    }
  });

  it('keeps the states round one reached that a stricter schema must still hold, as its documentation says', () => {
    const wright = doctors.find((d) => d.id === 'dr-wright')!;
    const [first, second] = [byId.get('a-squeeze-1')!, byId.get('a-squeeze-2')!];
    expect([first.status, second.status]).toEqual(['booked', 'booked']);
    // Back to back, so the raw times do not overlap, but the buffers (15 after, 5 before) do.
    expect(first.end).toBe(second.start);
    expect([wright.rules.bufferAfter, wright.rules.bufferBefore]).toEqual(['PT15M', 'PT5M']);
    const removed = appointments.filter((a) => a.doctorId === 'dr-wright' && !wright.locations.some((l) => l.id === a.locationId));
    expect(removed.map((a) => [a.id, a.status])).toEqual([['a-0007', 'fulfilled'], ['a-0008', 'booked']]);
    expect(doctors.some((d) => d.id === 'dr-gone')).toBe(false);
    expect(appointments.filter((a) => a.doctorId === 'dr-gone').map((a) => a.status)).toEqual(['fulfilled', 'booked']);
  });

  it('lists doctors in code-unit order of id and appointments by doctor, start, then id', () => {
    const ids = doctors.map((d) => d.id);
    expect(ids).toEqual(['Dr.NG', 'dr-osterberg', 'dr-wright']);
    const keys = appointments.map((a) => [a.doctorId, a.start, a.id].join('|'));
    expect(keys).toEqual([...keys].sort());
  });

  it('is a fresh copy on every call', () => {
    const copy = roundOneData();
    (copy.doctors[0]!.locations as { id: string }[])[0]!.id = 'changed';
    expect(roundOneData().doctors[0]!.locations[0]!.id).toBe('L1');
  });
});

describe('round one SQLite fixture', () => {
  it('builds what today’s migration 1 builds: its SQL verbatim, the bookkeeping at version 1, the bounds row, WAL', () => {
    // Today's migrations go further (version 2 and on): the upgrade tests (test/adapters/sqlite/upgrade.test.ts)
    // check that a round-one file upgraded has exactly the schema of a new file.
    expect(ROUND_ONE_SQLITE_SQL).toContain(SQLITE_MIGRATIONS[0]!.sql.trim());
    const fixture = closing(createRoundOneSqlite(tempFile('round-one.db')));
    const fixtureSchema = describeSqliteSchema(fixture);
    expect(fixtureSchema.migrations).toEqual([{ version: 1, name: SQLITE_MIGRATIONS[0]!.name, applied_at_type: 'integer' }]);
    expect(fixtureSchema.pragmas).toEqual({ userVersion: 0, applicationId: 0 });
    expect((fixtureSchema.objects as { name: string }[]).map((o) => o.name).filter((n) => !n.startsWith('sqlite_'))).toEqual([
      'clinic_slots_appointments_active',
      'clinic_slots_appointments_by_doctor',
      'clinic_slots_appointments_idempotency_key',
      'clinic_slots_appointments',
      'clinic_slots_bounds',
      'clinic_slots_doctors',
      'clinic_slots_migrations',
      'clinic_slots_appointments_bounds_insert',
      'clinic_slots_appointments_bounds_update',
      'clinic_slots_appointments_no_overlap_insert',
      'clinic_slots_appointments_no_overlap_update',
    ]);
    expect(fixture.prepare('SELECT * FROM clinic_slots_bounds').all()).toStrictEqual([{ id: 1, max_duration_ms: 0 }]);
    expect(fixture.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('records the migration time in epoch milliseconds, as migrateSqlite does', () => {
    const before = Date.now();
    const fixture = closing(createRoundOneSqlite(':memory:'));
    const { applied_at_ms: at } = fixture.prepare('SELECT applied_at_ms FROM clinic_slots_migrations').get() as { applied_at_ms: number };
    // SQLite's clock and Date.now() may round differently within a millisecond.
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('is a database today’s migrateSqlite finds at version 1', () => {
    const fixture = closing(createRoundOneSqlite(':memory:'));
    const latest = SQLITE_MIGRATIONS.at(-1)!.version;
    expect(migrateSqlite(fixture)).toEqual({ from: 1, to: latest, applied: SQLITE_MIGRATIONS.map((m) => m.version).filter((v) => v > 1) });
  });

  it('holds round one’s guard: an overlapping booked row written with plain SQL is refused', async () => {
    const fixture = closing(createRoundOneSqlite(':memory:'));
    await writeRoundOneData({ sqlite: fixture });
    const overlapping = fixture.prepare(
      `INSERT INTO clinic_slots_appointments (id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, created_ms, updated_ms)
       SELECT 'a-clash', doctor_id, location_id, start_ms + 60000, end_ms, 'patient/x', 'booked', created_ms, updated_ms
       FROM clinic_slots_appointments WHERE id = 'a-0001'`,
    );
    expect(() => overlapping.run()).toThrow(/overlapping active appointment/);
  });

  it('reads back every doctor and appointment through today’s createSqliteRepository (which upgrades it), on a file reopened', async () => {
    const file = tempFile('round-one.db');
    const writer = createRoundOneSqlite(file);
    const data = await writeRoundOneData({ sqlite: writer });
    writer.close();
    const db = closing(new Database(file));
    await expectRoundOneDataIntact(createSqliteRepository(db), data);
  });

  it.each([
    ['a status changed', "UPDATE clinic_slots_appointments SET status = 'fulfilled' WHERE id = 'a-0001'"],
    ['a cancellation reason lost', "UPDATE clinic_slots_appointments SET cancellation_reason = NULL WHERE id = 'a-0002'"],
    ['a reschedule link lost', "UPDATE clinic_slots_appointments SET rescheduled_to = NULL WHERE id = 'a-r1'"],
    ['an idempotency key changed', "UPDATE clinic_slots_appointments SET idempotency_key = 'idem-other' WHERE id = 'a-0006'"],
    ['an instant off by a millisecond', "UPDATE clinic_slots_appointments SET end_ms = end_ms + 1 WHERE id = 'a-0003'"],
    ['a doctor’s buffer changed', "UPDATE clinic_slots_doctors SET rules = json_set(rules, '$.bufferAfter', 'PT10M') WHERE id = 'dr-wright'"],
    ['an appointment of a deleted doctor lost', "DELETE FROM clinic_slots_appointments WHERE id = 'a-gone-2'"],
    [
      'an extra doctor',
      `INSERT INTO clinic_slots_doctors SELECT 'dr-extra', version, name, time_zone, locations, schedule, overrides, rules, created_ms, updated_ms
       FROM clinic_slots_doctors WHERE id = 'Dr.NG'`,
    ],
    [
      'an extra appointment',
      `INSERT INTO clinic_slots_appointments (id, doctor_id, location_id, start_ms, end_ms, patient_ref, status, created_ms, updated_ms)
       VALUES ('a-extra', 'dr-osterberg', 'main', 1900000000000, 1900000060000, 'patient/x', 'cancelled', 1, 1)`,
    ],
  ])('expectRoundOneDataIntact fails when %s', async (_what, change) => {
    const db = closing(createRoundOneSqlite(':memory:'));
    const data = await writeRoundOneData({ sqlite: db });
    db.exec(change);
    await expect(expectRoundOneDataIntact(createSqliteRepository(db), data)).rejects.toThrow();
  });
});

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(
    `round one PostgreSQL fixture on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`,
    () => {
      let client: pg.Pool | PGlite;
      const schemas: string[] = [];
      beforeAll(async () => {
        client = await database.open();
      });
      afterAll(async () => {
        for (const schema of schemas) await run(client, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await database.close(client);
      });
      const schemaName = () => {
        const schema = freshSchemaName('r1');
        schemas.push(schema);
        return schema;
      };

      it('builds the schema today’s migration 1 builds: tables, columns, constraints, indexes, triggers, functions, bookkeeping', async () => {
        const [fixture, migrated] = [schemaName(), schemaName()];
        await createRoundOnePostgres(client, fixture);
        // migratePostgres's bookkeeping, then migration 1 alone (later versions upgrade it; see
        // test/adapters/postgres/upgrade.test.ts).
        const [first] = postgresMigrations({ schema: migrated });
        await run(client, `CREATE SCHEMA "${migrated}"`);
        await run(client, `CREATE TABLE "${migrated}".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const statement of first!.statements) await run(client, statement);
        await run(client, `INSERT INTO "${migrated}".schema_migrations (version, name) VALUES ($1, $2)`, [first!.version, first!.name]);
        const fixtureSchema = await describePostgresSchema(client, fixture);
        expect(fixtureSchema).toStrictEqual(await describePostgresSchema(client, migrated));
        expect(fixtureSchema.migrations).toEqual([{ version: 1, name: 'doctors and appointments, with the no-overlap exclusion constraint' }]);
        expect(fixtureSchema.tables.length).toBe(3);
        expect(fixtureSchema.constraints.length).toBeGreaterThanOrEqual(6);
      });

      it('records the migration time, as migratePostgres does', async () => {
        const schema = schemaName();
        const [{ now }] = (await run(client, 'SELECT now() AS now')) as [{ now: Date }];
        await createRoundOnePostgres(client, schema);
        const rows = await run(client, `SELECT applied_at >= $1::timestamptz AS recent FROM "${schema}".schema_migrations`, [now]);
        expect(rows).toEqual([{ recent: true }]);
      });

      it('is a schema today’s migratePostgres finds at version 1', async () => {
        const schema = schemaName();
        await createRoundOnePostgres(client, schema);
        expect(await migratePostgres(client, { schema })).toEqual({
          applied: postgresMigrations().map((m) => m.version).filter((v) => v > 1),
        });
      });

      it('holds round one’s guard: an overlapping booked row written with plain SQL is refused', async () => {
        const schema = schemaName();
        await createRoundOnePostgres(client, schema);
        await writeRoundOneData({ postgres: client, schema });
        await expect(
          run(
            client,
            `INSERT INTO "${schema}".appointments (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at)
             SELECT 'a-clash', doctor_id, location_id, starts_at + interval '1 minute', ends_at, 'patient/x', 'booked', created_at, updated_at
             FROM "${schema}".appointments WHERE id = 'a-0001'`,
          ),
        ).rejects.toThrow(/appointments_no_overlap/);
      });

      it('reads back every doctor and appointment through today’s createPostgresRepository', async () => {
        const schema = schemaName();
        await createRoundOnePostgres(client, schema);
        const data = await writeRoundOneData({ postgres: client, schema });
        await migratePostgres(client, { schema });
        await expectRoundOneDataIntact(createPostgresRepository(client, { schema, ...NO_WAIT }), data);
      });

      it('expectRoundOneDataIntact fails when a doctor’s JSON or an appointment’s status differs', async () => {
        const schema = schemaName();
        await createRoundOnePostgres(client, schema);
        const data = await writeRoundOneData({ postgres: client, schema });
        const repository = createPostgresRepository(client, { schema, ...NO_WAIT });
        await run(client, `UPDATE "${schema}".doctors SET locations = locations || '[{"id": "x", "address": "x"}]'::jsonb WHERE id = 'dr-osterberg'`);
        await expect(expectRoundOneDataIntact(repository, data)).rejects.toThrow(/getDoctor\(dr-osterberg\)/);
        await run(client, `UPDATE "${schema}".doctors SET locations = locations - 2 WHERE id = 'dr-osterberg'`);
        await expectRoundOneDataIntact(repository, data);
        await run(client, `UPDATE "${schema}".appointments SET status = 'noshow' WHERE id = 'a-0006'`);
        await expect(expectRoundOneDataIntact(repository, data)).rejects.toThrow(/a-0006/);
      });
    },
  );
}
