import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { describeRepositoryConformance, type RepositoryFixture } from 'clinic-slots/testing';
import { NO_SERVER, POSTGRES_URL, freshSchemaName } from './support/databases.js';

// The conformance kit on the PostgreSQL server (the PGlite run is conformance.test.ts): one pool
// for the file, a fresh schema per repository; `connect()` opens another pool, as another process
// would. The repositories keep the adapter's default retry policy (backoff from 10 ms): racing
// writers on a loaded machine can deadlock, and retries at once (`NO_WAIT`) can meet the same
// deadlock again until they run out, which is no refusal of the port's.
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
        repository: createPostgresRepository(pool, { schema }),
        connect: () => {
          const other = new pg.Pool({ connectionString: url, max: 4 });
          others.push(other);
          return createPostgresRepository(other, { schema });
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
