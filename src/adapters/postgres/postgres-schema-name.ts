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
 * A schema name: a letter or `_`, then letters, digits or `_`, 63 characters at most (the
 * PostgreSQL limit). It is always quoted in SQL, so case is kept (`Clinic` and `clinic` differ).
 *
 * @internal
 */
export const SchemaNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a schema name is 1-63 letters, digits or _, not starting with a digit');

/**
 * The schema name as a quoted SQL identifier. Only names {@link SchemaNameSchema} accepts reach
 * here, so there is nothing to escape.
 *
 * @internal
 */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}
