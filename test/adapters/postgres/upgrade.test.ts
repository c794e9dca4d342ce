// Round one's PostgreSQL schema, with round one's data written into it, upgrades in place to the
// current schema: every doctor, appointment, status, link and idempotency key kept, one doctor
// claim per booked appointment over its raw time, round one's overlap guard replaced by the
// claims guard. A failed upgrade leaves the round-one schema as it was.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresRepository, migratePostgres, postgresMigrations } from 'clinic-slots/postgres';
import {
  createRoundOnePostgres,
  describePostgresSchema,
  expectRoundOneDataIntact,
  writeRoundOneData,
} from '../../fixtures/round-one/index.js';
import { NO_WAIT, TEST_DATABASES, freshSchemaName, run } from './support/databases.js';

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(`upgrading round one’s PostgreSQL schema on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`, () => {
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
      const schema = freshSchemaName('up');
      schemas.push(schema);
      return schema;
    };

    it('keeps every doctor, appointment, status, link and idempotency key, and builds what a new schema has', async () => {
      const [schema, fresh] = [schemaName(), schemaName()];
      await createRoundOnePostgres(client, schema);
      const data = await writeRoundOneData({ postgres: client, schema });
      expect(await migratePostgres(client, { schema })).toEqual({ applied: postgresMigrations().map((m) => m.version).filter((v) => v > 1) });
      const repository = createPostgresRepository(client, { schema, ...NO_WAIT });
      await expectRoundOneDataIntact(repository, data);
      await migratePostgres(client, { schema: fresh });
      expect(await describePostgresSchema(client, schema)).toStrictEqual(await describePostgresSchema(client, fresh));
    });

    it('claims each booked appointment’s raw time for its doctor, and nothing else', async () => {
      const schema = schemaName();
      await createRoundOnePostgres(client, schema);
      const data = await writeRoundOneData({ postgres: client, schema });
      await migratePostgres(client, { schema });
      const repository = createPostgresRepository(client, { schema, ...NO_WAIT });
      const everything = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', at: '2027-01-01T00:00:00.000Z' };
      const doctorIds = [...new Set(data.appointments.map((a) => a.doctorId))];
      const claims = (await Promise.all(doctorIds.map((id) => repository.listClaims({ kind: 'doctor', id, ...everything })))).flat();
      const expected = data.appointments
        .filter((a) => a.status === 'booked')
        .map((a) => ({ kind: 'doctor', id: a.doctorId, lane: 0, from: a.start, to: a.end, ownerId: a.id, ownerKind: 'appointment' }));
      expect(claims).toEqual(expect.arrayContaining(expected));
      expect(claims).toHaveLength(expected.length);
      // Including a-squeeze-1/2 (back to back, their buffers overlapping), a-0008 (at a removed location), a-gone-2 (a deleted doctor's).
      expect(claims.map((c) => c.ownerId)).toEqual(expect.arrayContaining(['a-squeeze-1', 'a-squeeze-2', 'a-0008', 'a-gone-2']));
    });

    it('refuses a new booking over an upgraded one, by the claims, and takes one over a cancelled one', async () => {
      const schema = schemaName();
      await createRoundOnePostgres(client, schema);
      await writeRoundOneData({ postgres: client, schema });
      await migratePostgres(client, { schema });
      const repository = createPostgresRepository(client, { schema, ...NO_WAIT });
      const booking = (id: string, start: string, end: string) => ({
        id, doctorId: 'dr-wright', locationId: 'park-st', start, end, patientRef: 'patient/new', status: 'booked' as const,
        createdAt: '2027-02-28T10:00:00.000Z', updatedAt: '2027-02-28T10:00:00.000Z',
      });
      // a-0001 is booked 09:00-09:30; a-0002 (09:30-10:00) was cancelled.
      await expect(repository.insertAppointment(booking('n1', '2027-03-01T09:15:00.000Z', '2027-03-01T09:45:00.000Z'))).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
      await expect(repository.insertAppointment(booking('n1', '2027-03-01T09:15:00.000Z', '2027-03-01T09:45:00.000Z'), { doctorVersion: 3 })).rejects.toMatchObject({
        code: 'SLOT_TAKEN',
      });
      const free = booking('n2', '2027-03-01T09:30:00.000Z', '2027-03-01T10:00:00.000Z');
      expect(await repository.insertAppointment(free, { doctorVersion: 3 })).toStrictEqual(free);
      // Cancelling an upgraded appointment frees its time: its backfilled claim is released.
      await repository.changeAppointmentStatus({ id: 'a-0001', expectedStatus: 'booked', status: 'cancelled', at: '2027-02-28T11:00:00.000Z' });
      const over = booking('n3', '2027-03-01T09:00:00.000Z', '2027-03-01T09:30:00.000Z');
      expect(await repository.insertAppointment(over)).toStrictEqual(over);
      // Round one's guard is gone: the claims guard is the only one (outside SQL may now write a
      // booked row over another, but not a live claim).
      const constraints = (await describePostgresSchema(client, schema)).constraints as Array<{ name: string }>;
      expect(constraints.map((c) => c.name)).toContain('claims_no_overlap');
      expect(constraints.map((c) => c.name)).not.toContain('appointments_no_overlap');
    });

    it('leaves the round-one schema and its data as they were when the upgrade fails midway', async () => {
      const schema = schemaName();
      await createRoundOnePostgres(client, schema);
      const data = await writeRoundOneData({ postgres: client, schema });
      // An object of the host's where the upgrade creates one: the upgrade fails after its first steps.
      await run(client, `CREATE TABLE "${schema}".claims (note text)`);
      const before = await describePostgresSchema(client, schema);
      await expect(migratePostgres(client, { schema })).rejects.toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED' });
      expect(await describePostgresSchema(client, schema)).toStrictEqual(before);
      await expectRoundOneDataIntact(createPostgresRepository(client, { schema, ...NO_WAIT }), data);
      // With the object out of the way, the same upgrade goes through.
      await run(client, `DROP TABLE "${schema}".claims`);
      expect(await migratePostgres(client, { schema })).toEqual({ applied: postgresMigrations().map((m) => m.version).filter((v) => v > 1) });
      await expectRoundOneDataIntact(createPostgresRepository(client, { schema, ...NO_WAIT }), data);
    });
  });
}
