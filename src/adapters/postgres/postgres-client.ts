import { SchedulingError } from '../../domain/errors.js';
import { hasMethods } from '../shared/driver.js';

/**
 * The part of a PostgreSQL driver this adapter uses, declared locally so that the package never
 * imports `pg` or PGlite. A `pg` `Client`, a pooled client and PGlite all fit.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import type { PostgresQueryable } from 'clinic-slots/postgres';
 * const client: PostgresQueryable = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * ```
 */
export interface PostgresQueryable {
  /**
   * Runs one SQL statement with `$1`, `$2`, ... bound to `values`, and resolves to its rows. The
   * adapter only ever sends parameterised statements; it reads only `rows`.
   */
  query(text: string, values?: unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
}

/**
 * A client borrowed from a {@link PostgresPool}: it runs one transaction, then goes back with
 * `release()` (given an error, the pool discards the connection instead).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import type { PostgresPoolClient } from 'clinic-slots/postgres';
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * const client: PostgresPoolClient = await pool.connect();
 * client.release();
 * ```
 */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Gives the connection back to the pool; with an error (or `true`), the pool closes it. */
  release(error?: Error | boolean): void;
}

/**
 * A connection pool, such as `pg.Pool`: single statements go through `query`, and each
 * transaction borrows a client with `connect()`. The adapter tells a pool from a single client by
 * `connect` together with the numeric `idleCount` that `pg.Pool` has.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import type { PostgresPool } from 'clinic-slots/postgres';
 * const pool: PostgresPool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 16 });
 * ```
 */
export interface PostgresPool extends PostgresQueryable {
  /** Borrows a client for one transaction. */
  connect(): Promise<PostgresPoolClient>;
  /** How many idle connections the pool holds (`pg.Pool` has it; it marks the object as a pool). */
  readonly idleCount: number;
}

/**
 * What {@link createPostgresRepository} and {@link migratePostgres} accept: a pool (transactions
 * run on borrowed clients, in parallel) or one connection, such as a `pg.Client` or a PGlite
 * database (every operation of the adapter then runs one after the other on it).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
 * import type { PostgresClient } from 'clinic-slots/postgres';
 * const client: PostgresClient = new PGlite({ extensions: { btree_gist } });
 * ```
 */
export type PostgresClient = PostgresPool | PostgresQueryable;

/**
 * Tells whether `client` is a pool (it has `connect()` and a numeric `idleCount`, like `pg.Pool`).
 *
 * @internal
 */
export function isPool(client: PostgresClient): client is PostgresPool {
  const candidate = client as Partial<PostgresPool>;
  return typeof candidate.connect === 'function' && typeof candidate.idleCount === 'number';
}


/**
 * Refuses, with `VALIDATION_FAILED`, a `client` that has no `query()` method: what
 * `createPostgresRepository` and `migratePostgres` check first.
 *
 * @internal
 */
export function checkClient(client: unknown, caller: string): asserts client is PostgresClient {
  if (!hasMethods(client, ['query'])) throw new SchedulingError('VALIDATION_FAILED', `${caller} needs a client with a query() method`);
}
