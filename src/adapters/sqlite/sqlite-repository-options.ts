import { z } from 'zod';

/**
 * Options of `createSqliteRepository`.
 *
 * - `synchronous`: `'FULL'` (the default) makes every acknowledged booking durable at once: the
 *   write-ahead log is synced to disk on each commit. `'NORMAL'` syncs only at checkpoints: in
 *   WAL mode the database can never be corrupted, and a crash of the *process* loses nothing,
 *   but a power loss or OS crash can roll back the last transactions, bookings that were already
 *   acknowledged. Pick it only if you can afford that, for faster writes. `'EXTRA'` also syncs
 *   the directory after deleting a journal (only relevant outside WAL mode).
 * - `busyTimeoutMs`: how long a write waits for the write lock that another connection or
 *   process holds before it fails with `STORAGE_FAILED` (default 5,000). The wait blocks the
 *   event loop of this process, as every better-sqlite3 call does.
 * - `migrate`: whether to apply missing migrations when the repository is created (default
 *   `true`). With `false`, the schema must already be current (run `migrateSqlite` at deploy).
 *
 * @example
 * ```ts
 * import type { SqliteRepositoryOptions } from 'clinic-slots/sqlite';
 * const options: SqliteRepositoryOptions = { busyTimeoutMs: 10_000, synchronous: 'FULL' };
 * ```
 */
export interface SqliteRepositoryOptions {
  /** Milliseconds a write waits for another writer's lock (0 to 2,147,483,647; default 5,000). */
  readonly busyTimeoutMs?: number;
  /** `PRAGMA synchronous`: `'FULL'` (default), `'NORMAL'` or `'EXTRA'`; see above for the trade-off. */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
  /** Apply missing migrations on creation (default `true`). */
  readonly migrate?: boolean;
}

/** The schema of {@link SqliteRepositoryOptions}. @internal */
export const SqliteRepositoryOptionsSchema = z.strictObject({
  busyTimeoutMs: z.number().int().min(0).max(2_147_483_647).optional(),
  synchronous: z.enum(['FULL', 'NORMAL', 'EXTRA']).optional(),
  migrate: z.boolean().optional(),
});

/** The default of {@link SqliteRepositoryOptions.busyTimeoutMs}. @internal */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
