import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import type { SchedulingRepository } from 'clinic-slots';

/** The real server's URL when the tests against it should run (CI sets it). */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL || undefined;

/** Why a test against the real server did not run, for its name. */
export const NO_SERVER = 'skipped: TEST_POSTGRES_URL is not set';

let counter = 0;

/** A schema name no other test (in this or another process) uses. */
export function freshSchemaName(prefix = 't'): string {
  counter += 1;
  return `cs_${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** A new in-process PostgreSQL with the btree_gist extension loaded. */
export async function createPglite(): Promise<PGlite> {
  const db = new PGlite({ extensions: { btree_gist } });
  await db.waitReady;
  return db;
}

/** A pool on the real server; the caller ends it. */
export function createPool(max = 4): pg.Pool {
  if (POSTGRES_URL === undefined) throw new Error('TEST_POSTGRES_URL is not set');
  return new pg.Pool({ connectionString: POSTGRES_URL, max });
}

/** Options that make retries immediate, so no test ever waits on a timer. */
export const NO_WAIT = { retryDelayMs: 0 } as const;

/** A migrated, empty schema on `client`, a repository on it, and how to drop it again. */
export async function freshRepository(
  client: pg.Pool | PGlite,
  prefix = 't',
): Promise<{ schema: string; repository: SchedulingRepository; drop: () => Promise<void> }> {
  const schema = freshSchemaName(prefix);
  await migratePostgres(client, { schema });
  return {
    schema,
    repository: createPostgresRepository(client, { schema, ...NO_WAIT }),
    drop: async () => {
      await run(client, `DROP SCHEMA "${schema}" CASCADE`);
    },
  };
}

/**
 * A database a test file runs against: PGlite always, the real server when TEST_POSTGRES_URL is
 * set. `open()` gives a client for the whole file; `close()` releases it.
 */
export interface TestDatabase {
  readonly name: string;
  /** Empty when the database is available; otherwise why the tests on it are skipped. */
  readonly skipReason: string;
  readonly open: () => Promise<pg.Pool | PGlite>;
  readonly close: (client: pg.Pool | PGlite) => Promise<void>;
}

/** The databases every adapter test runs on. */
export const TEST_DATABASES: readonly TestDatabase[] = [
  {
    name: 'PGlite',
    skipReason: '',
    open: createPglite,
    close: async (client) => {
      await (client as PGlite).close();
    },
  },
  {
    name: 'PostgreSQL server',
    skipReason: POSTGRES_URL === undefined ? NO_SERVER : '',
    open: async () => createPool(8),
    close: async (client) => {
      await (client as pg.Pool).end();
    },
  },
];

/** Runs one statement on either kind of test client and returns its rows. */
export async function run(client: pg.Pool | PGlite, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await (client as { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> }).query(text, values);
  return result.rows as Record<string, unknown>[];
}
