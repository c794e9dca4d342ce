import { z } from 'zod';

/**
 * The schema the adapter uses when none is given: `clinic_slots`.
 *
 * @example
 * ```ts
 * import { DEFAULT_POSTGRES_SCHEMA } from 'clinic-slots/postgres';
 * DEFAULT_POSTGRES_SCHEMA; // 'clinic_slots'
 * ```
 */
export const DEFAULT_POSTGRES_SCHEMA = 'clinic_slots';

/**
 * Whether a name is, or reads as, one of PostgreSQL's own schemas: `information_schema`, or any
 * name starting with `pg_` (`pg_catalog`, `pg_toast`, `pg_temp`, which means the session's
 * temporary schema; PostgreSQL reserves the prefix). In any case: the adapter quotes names, so
 * `"PG_CATALOG"` would be a schema of its own, but one that reads as the catalog.
 */
function isSystemSchema(name: string): boolean {
  const folded = name.toLowerCase();
  return folded === 'information_schema' || folded.startsWith('pg_');
}

/**
 * A schema name: a letter or `_`, then letters, digits or `_`, 63 characters at most (the
 * PostgreSQL limit), and not a system schema (`information_schema`, `pg_*`, in any case). It is
 * always quoted in SQL, so case is kept (`Clinic` and `clinic` differ).
 *
 * @internal
 */
export const SchemaNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a schema name is 1-63 letters, digits or _, not starting with a digit')
  .refine((name) => !isSystemSchema(name), 'information_schema and names starting with pg_ are PostgreSQL system schemas');

/**
 * The schema name as a quoted SQL identifier. Only names {@link SchemaNameSchema} accepts reach
 * here, so there is nothing to escape.
 *
 * @internal
 */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}
