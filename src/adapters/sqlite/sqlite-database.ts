/**
 * One prepared statement, as the SQLite adapter uses it: the subset of a better-sqlite3
 * `Statement` it needs. Parameters are bound positionally (`?`) or by name (`@name`, from one
 * object).
 *
 * @example
 * ```ts
 * import type { SqliteStatement } from 'clinic-slots/sqlite';
 * const count = (statement: SqliteStatement) => statement.all().length;
 * ```
 */
export interface SqliteStatement {
  /** Runs a statement that returns no rows; `changes` is how many rows it changed. */
  run(...params: unknown[]): { readonly changes: number };
  /** The first row (an object keyed by column name), or `undefined`. */
  get(...params: unknown[]): unknown;
  /** Every row. */
  all(...params: unknown[]): unknown[];
}

/**
 * The connection the SQLite adapter accepts: the subset of a better-sqlite3 (version 12)
 * `Database` it uses, so that `clinic-slots` does not depend on the driver. Pass a
 * `new Database(file)` from `better-sqlite3`; any object with these members works.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import type { SqliteDatabase } from 'clinic-slots/sqlite';
 * const db: SqliteDatabase = new Database(':memory:');
 * ```
 */
export interface SqliteDatabase {
  /** Compiles one SQL statement. */
  prepare(source: string): SqliteStatement;
  /** Runs one or more SQL statements that return no rows. */
  exec(source: string): unknown;
  /** Reads or sets a pragma; with `{ simple: true }`, returns the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Whether a transaction is open on this connection. */
  readonly inTransaction: boolean;
}

/**
 * Whether a value has the members of a {@link SqliteDatabase}. False, never an exception, for a
 * value whose getters throw.
 *
 * @internal
 */
export function isSqliteDatabase(db: unknown): db is SqliteDatabase {
  try {
    if (typeof db !== 'object' || db === null) return false;
    const candidate = db as Record<string, unknown>;
    return typeof candidate.prepare === 'function' && typeof candidate.exec === 'function' && typeof candidate.pragma === 'function';
  } catch {
    return false;
  }
}
