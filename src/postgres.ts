/**
 * The PostgreSQL adapter: a repository whose no-overlap rule is an exclusion constraint of the
 * database, for `pg` (node-postgres) pools and clients and for PGlite. Neither driver is imported
 * here: pass in the client you made.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * await migratePostgres(pool);
 * const repository = createPostgresRepository(pool);
 * ```
 *
 * @packageDocumentation
 */

export { createPostgresRepository } from './adapters/postgres/postgres-repository.js';
export type { PostgresRepositoryOptions } from './adapters/postgres/postgres-repository-options.js';

export {
  migratePostgres,
  postgresMigrations,
  type PostgresMigration,
  type PostgresMigrationOptions,
} from './adapters/postgres/postgres-migrations.js';

export { DEFAULT_POSTGRES_SCHEMA } from './adapters/postgres/postgres-schema-name.js';

export type {
  PostgresClient,
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryable,
} from './adapters/postgres/postgres-client.js';
