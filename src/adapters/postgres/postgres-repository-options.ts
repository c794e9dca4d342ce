import { z } from 'zod';
import { SchemaNameSchema } from './postgres-schema-name.js';

/**
 * Options of {@link createPostgresRepository}.
 *
 * @example
 * ```ts
 * import type { PostgresRepositoryOptions } from 'clinic-slots/postgres';
 * const options: PostgresRepositoryOptions = { schema: 'scheduling', maxRetries: 5, retryDelayMs: 10 };
 * ```
 */
export interface PostgresRepositoryOptions {
  /**
   * The PostgreSQL schema that holds the tables (default `clinic_slots`), as given to
   * {@link migratePostgres}: 1 to 63 letters, digits or `_`, not starting with a digit, and not a
   * system schema (`information_schema`, `pg_*`, in any case).
   */
  readonly schema?: string;
  /**
   * How many times an operation is run again after a serialization failure (SQLSTATE 40001) or a
   * deadlock (40P01) before it fails with `STORAGE_FAILED`: 0 to 20, default 5.
   */
  readonly maxRetries?: number;
  /**
   * Whether to run the adapter's fixed statements as named prepared statements, so that the
   * server parses and plans each once per connection: node-postgres's `{ name, text, values }`
   * form, which `pg.Pool` and `pg.Client` accept. Default: `true` for a pool, `false` for a
   * single connection (PGlite does not take names). Turn it off behind a connection pooler that
   * does not keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  readonly preparedStatements?: boolean;
  /**
   * The wait before the first retry, in milliseconds; it doubles for each further retry (no
   * jitter). 0 to 10,000, default 10; 0 retries at once.
   */
  readonly retryDelayMs?: number;
}

/** The schema of {@link PostgresRepositoryOptions}. @internal */
export const PostgresRepositoryOptionsSchema = z.strictObject({
  schema: SchemaNameSchema.optional(),
  maxRetries: z.number().int().min(0).max(20).optional(),
  retryDelayMs: z.number().int().min(0).max(10_000).optional(),
  preparedStatements: z.boolean().optional(),
});

/** The default of {@link PostgresRepositoryOptions.maxRetries}. @internal */
export const DEFAULT_MAX_RETRIES = 5;

/** The default of {@link PostgresRepositoryOptions.retryDelayMs}. @internal */
export const DEFAULT_RETRY_DELAY_MS = 10;
