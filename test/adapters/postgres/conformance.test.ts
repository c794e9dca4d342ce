import type { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, it } from 'vitest';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { describeRepositoryConformance, type RepositoryFixture } from 'clinic-slots/testing';
import { NO_WAIT, createPglite, freshSchemaName, run } from './support/databases.js';

// The conformance kit on PGlite (the real server's run is conformance-server.test.ts, a file of its
// own so that the two can run side by side): one in-process database for the file (it takes
// seconds to start), a fresh schema per repository. Repositories on the same PGlite share its one
// connection, as two processes would share a server.
let pglite: Promise<PGlite> | undefined;
afterAll(async () => {
  if (pglite !== undefined) await (await pglite).close();
});

describeRepositoryConformance({
  name: 'postgres (PGlite)',
  create: async (): Promise<RepositoryFixture> => {
    pglite ??= createPglite();
    const db = await pglite;
    const schema = freshSchemaName('k');
    await migratePostgres(db, { schema });
    return {
      repository: createPostgresRepository(db, { schema, ...NO_WAIT }),
      connect: () => createPostgresRepository(db, { schema, ...NO_WAIT }),
      teardown: async () => {
        await run(db, `DROP SCHEMA "${schema}" CASCADE`);
      },
    };
  },
  test: { describe, it },
});
