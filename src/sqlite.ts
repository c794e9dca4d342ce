/**
 * The SQLite adapter: a `SchedulingRepository` in one SQLite file through better-sqlite3
 * (an optional peer dependency: `npm install better-sqlite3`), with its migrations.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createSqliteRepository } from 'clinic-slots/sqlite';
 * const repository = createSqliteRepository(new Database('clinic.db'));
 * ```
 *
 * @packageDocumentation
 */

export { createSqliteRepository } from './adapters/sqlite/sqlite-repository.js';
export type { SqliteRepositoryOptions } from './adapters/sqlite/sqlite-repository-options.js';
export type { SqliteDatabase, SqliteStatement } from './adapters/sqlite/sqlite-database.js';
export {
  SQLITE_MIGRATIONS,
  migrateSqlite,
  type SqliteMigration,
  type SqliteMigrationResult,
} from './adapters/sqlite/sqlite-migrations.js';
