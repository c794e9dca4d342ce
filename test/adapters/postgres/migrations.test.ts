import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DEFAULT_POSTGRES_SCHEMA, createPostgresRepository, migratePostgres, postgresMigrations } from 'clinic-slots/postgres';
import { aDoctor, anAppointment } from './support/builders.js';
import { NO_SERVER, NO_WAIT, POSTGRES_URL, TEST_DATABASES, createPglite, freshSchemaName, run } from './support/databases.js';

describe('postgresMigrations', () => {
  it('lists versions 1, 2, ... in order, for the schema asked for, quoted', () => {
    const migrations = postgresMigrations({ schema: 'Scheduling' });
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]!.statements.join('\n')).toContain('"Scheduling".appointments');
    expect(postgresMigrations()[0]!.statements.join('\n')).toContain(`"${DEFAULT_POSTGRES_SCHEMA}".appointments`);
  });

  it('refuses a schema name that is not a plain identifier with VALIDATION_FAILED', () => {
    for (const schema of ['', 'a b', 'x";drop schema public;--', '9lives', 'ß']) {
      expect(() => postgresMigrations({ schema }), schema).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  it('refuses the system schemas, in any case, with VALIDATION_FAILED, and takes names that only resemble them', () => {
    for (const schema of SYSTEM_SCHEMAS) {
      expect(() => postgresMigrations({ schema }), schema).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    for (const schema of ['pg', 'pgx', 'my_pg_schema', 'information', 'information_schema_copy', 'public']) {
      expect(postgresMigrations({ schema }).length, schema).toBeGreaterThan(0);
    }
  });
});

/** PostgreSQL's own schemas (and names reading as one): the adapter must never write there. */
const SYSTEM_SCHEMAS = ['information_schema', 'pg_catalog', 'pg_toast', 'pg_temp', 'pg_temp_1', 'pg_anything', 'PG_CATALOG', 'Information_Schema', 'Pg_Toast'];

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(`migratePostgres on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`, () => {
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
      const schema = freshSchemaName('m');
      schemas.push(schema);
      return schema;
    };

    it('applies every migration once; running it again is a no-op that keeps the data', async () => {
      const schema = schemaName();
      expect(await migratePostgres(client, { schema })).toEqual({ applied: postgresMigrations().map((m) => m.version) });
      const repository = createPostgresRepository(client, { schema, ...NO_WAIT });
      await repository.createDoctor(aDoctor('dr-1'));
      expect(await migratePostgres(client, { schema })).toEqual({ applied: [] });
      expect(await repository.getDoctor('dr-1')).toEqual(aDoctor('dr-1'));
      const rows = await run(client, `SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => Number(r.version))).toEqual(postgresMigrations().map((m) => m.version));
    });

    it('refuses a schema at a newer version than it knows with STORAGE_FAILED, changing nothing', async () => {
      const schema = schemaName();
      await migratePostgres(client, { schema });
      const future = postgresMigrations().length + 1;
      await run(client, `INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, 'from the future')`, [future]);
      await expect(migratePostgres(client, { schema })).rejects.toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED' });
      const rows = await run(client, `SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => Number(r.version))).toEqual([...postgresMigrations().map((m) => m.version), future]);
    });

    it('is safe when started several times at once: exactly one call applies the migrations', async () => {
      const schema = schemaName();
      const results = await Promise.all(Array.from({ length: 6 }, () => migratePostgres(client, { schema })));
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    });

    it('leaves the no-overlap rule to the database: an overlapping live claim is refused even by raw SQL', async () => {
      const schema = schemaName();
      await migratePostgres(client, { schema });
      const claim = (owner: string, start: string, end: string, live = true) =>
        run(
          client,
          `INSERT INTO "${schema}".claims (resource_kind, resource_id, lane, starts_at, ends_at, owner_kind, owner_id, live)
           VALUES ('doctor', 'dr-1', 0, $1, $2, 'appointment', $3, $4)`,
          [start, end, owner, live],
        );
      await claim('a', '2031-01-01T09:00:00Z', '2031-01-01T09:30:00Z');
      await claim('back-to-back', '2031-01-01T09:30:00Z', '2031-01-01T10:00:00Z');
      await claim('released', '2031-01-01T09:10:00Z', '2031-01-01T09:20:00Z', false);
      await expect(claim('overlap', '2031-01-01T09:29:59.999Z', '2031-01-01T09:45:00Z')).rejects.toMatchObject({ code: '23P01' });
      await expect(claim('empty', '2031-01-01T11:00:00Z', '2031-01-01T11:00:00Z')).rejects.toMatchObject({ code: '23514' });
      await expect(claim('backwards', '2031-01-01T12:00:00Z', '2031-01-01T11:00:00Z')).rejects.toMatchObject({ code: '23514' });
      const appointment = (id: string, start: string, end: string) =>
        run(
          client,
          `INSERT INTO "${schema}".appointments (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at)
           VALUES ($1, 'dr-1', 'x', $2, $3, 'p', 'booked', now(), now())`,
          [id, start, end],
        );
      await expect(appointment('empty', '2031-01-01T11:00:00Z', '2031-01-01T11:00:00Z')).rejects.toMatchObject({ code: '23514' });
      const hold = (id: string, status: string) =>
        run(
          client,
          `INSERT INTO "${schema}".holds (id, doctor_id, location_id, starts_at, ends_at, status, expires_at, created_at, updated_at)
           VALUES ($1, 'dr-1', 'x', '2031-01-01T09:00:00Z', '2031-01-01T09:30:00Z', $2, now(), now(), now())`,
          [id, status],
        );
      await hold('h1', 'held');
      await expect(hold('h2', 'pending')).rejects.toMatchObject({ code: '23514' });
    });

    it('refuses to migrate or open a system schema with VALIDATION_FAILED, and creates nothing there', async () => {
      // Only what system-like schemas hold: other test files may create schemas of their own meanwhile.
      // Sessions' own temporary schemas (pg_temp_3, pg_toast_temp_3) come and go with connections.
      const where = (c: string) => `(lower(${c}) = 'information_schema' OR lower(${c}) LIKE 'pg\\_%') AND ${c} NOT LIKE 'pg\\_%temp\\_%'`;
      const tables = () => run(client, `SELECT schemaname, tablename FROM pg_tables WHERE ${where('schemaname')} ORDER BY 1, 2`);
      const namespaces = () => run(client, `SELECT nspname FROM pg_namespace WHERE ${where('nspname')} ORDER BY 1`);
      const [tablesBefore, namespacesBefore] = [await tables(), await namespaces()];
      expect(tablesBefore.length).toBeGreaterThan(0);
      for (const schema of SYSTEM_SCHEMAS) {
        await expect(migratePostgres(client, { schema }), schema).rejects.toMatchObject({ name: 'SchedulingError', code: 'VALIDATION_FAILED' });
        expect(() => createPostgresRepository(client, { schema }), schema).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
      }
      expect(await tables()).toEqual(tablesBefore);
      expect(await namespaces()).toEqual(namespacesBefore);
    });

    it('keeps schemas apart: the same ids live in two schemas independently', async () => {
      const [one, two] = [schemaName(), schemaName()];
      await migratePostgres(client, { schema: one });
      await migratePostgres(client, { schema: two });
      const first = createPostgresRepository(client, { schema: one, ...NO_WAIT });
      const second = createPostgresRepository(client, { schema: two, ...NO_WAIT });
      await first.createDoctor(aDoctor('dr-1'));
      await second.createDoctor(aDoctor('dr-1', { name: 'Other' }));
      await first.insertAppointment(anAppointment('a1', 'dr-1', 0, 30));
      await second.insertAppointment(anAppointment('a1', 'dr-1', 0, 30));
      expect((await first.getDoctor('dr-1'))?.name).toBe('Jane Wright');
      expect((await second.getDoctor('dr-1'))?.name).toBe('Other');
    });
  });
}

describe('migratePostgres without btree_gist', () => {
  it('fails with STORAGE_FAILED when the extension cannot be created, and creates nothing', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const bare = new PGlite();
    try {
      await expect(migratePostgres(bare, { schema: 'nothing_here' })).rejects.toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED' });
      const { rows } = await bare.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'nothing_here'`);
      expect(rows).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe.skipIf(POSTGRES_URL === undefined)(`migratePostgres from several connections at once${POSTGRES_URL === undefined ? ` (${NO_SERVER})` : ''}`, () => {
  it('lets exactly one of eight separate connections apply the migrations, the others wait and find them done', async () => {
    const schema = freshSchemaName('mc');
    const clients = Array.from({ length: 8 }, () => new pg.Client({ connectionString: POSTGRES_URL }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const results = await Promise.all(clients.map((c) => migratePostgres(c, { schema })));
      expect(results.filter((r) => r.applied.length > 0)).toEqual([{ applied: postgresMigrations().map((m) => m.version) }]);
      expect(results.filter((r) => r.applied.length === 0)).toHaveLength(7);
    } finally {
      await clients[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

describe.skipIf(POSTGRES_URL === undefined)(`PostgreSQL adapter across reconnects${POSTGRES_URL === undefined ? ` (${NO_SERVER})` : ''}`, () => {
  it('keeps everything acknowledged through one pool when read through a new one', async () => {
    const schema = freshSchemaName('rc');
    const before = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    const acknowledged = [];
    try {
      await migratePostgres(before, { schema });
      const writer = createPostgresRepository(before, { schema, ...NO_WAIT });
      await writer.createDoctor(aDoctor('dr-1'));
      const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => writer.insertAppointment(anAppointment(`a${i}`, 'dr-1', i * 15, i * 15 + 30))));
      for (const r of results) {
        if (r.status === 'fulfilled') acknowledged.push(r.value);
        else expect(r.reason).toMatchObject({ code: 'SLOT_TAKEN' });
      }
      await writer.changeAppointmentStatus({ id: acknowledged[0]!.id, expectedStatus: 'booked', status: 'cancelled', at: acknowledged[0]!.start });
      acknowledged[0] = { ...acknowledged[0]!, status: 'cancelled' as const, updatedAt: acknowledged[0]!.start };
    } finally {
      await before.end();
    }
    const after = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
    try {
      // Each appointment overlaps only its neighbours, so at least every third one wins.
      expect(acknowledged.length).toBeGreaterThanOrEqual(14);
      const reader = createPostgresRepository(after, { schema, ...NO_WAIT });
      expect(await reader.getDoctor('dr-1')).toEqual(aDoctor('dr-1'));
      for (const appointment of acknowledged) expect(await reader.getAppointment(appointment.id)).toEqual(appointment);
    } finally {
      await after.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await after.end();
    }
  });
});
