import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { describeRepositoryConformance, type RepositoryFixture } from 'clinic-slots/testing';
import { NO_SERVER, NO_WAIT, POSTGRES_URL, freshSchemaName } from './support/databases.js';

// The conformance kit on the PostgreSQL server (the PGlite run is conformance.test.ts): one pool
// for the file, a fresh schema per repository; `connect()` opens another pool, as another process
// would.
if (POSTGRES_URL === undefined) {
  it.skip(`postgres (server): the whole conformance kit (${NO_SERVER})`, () => {});
} else {
  const url = POSTGRES_URL;
  let shared: pg.Pool | undefined;
  afterAll(async () => {
    await shared?.end();
  });
  describeRepositoryConformance({
    name: 'postgres (server)',
    create: async (): Promise<RepositoryFixture> => {
      shared ??= new pg.Pool({ connectionString: url, max: 8 });
      const pool = shared;
      const schema = freshSchemaName('k');
      await migratePostgres(pool, { schema });
      const others: pg.Pool[] = [];
      return {
        repository: createPostgresRepository(pool, { schema, ...NO_WAIT }),
        connect: () => {
          const other = new pg.Pool({ connectionString: url, max: 4 });
          others.push(other);
          return createPostgresRepository(other, { schema, ...NO_WAIT });
        },
        teardown: async () => {
          await Promise.all(others.map((other) => other.end()));
          await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
        },
      };
    },
    test: { describe, it },
  });
}
