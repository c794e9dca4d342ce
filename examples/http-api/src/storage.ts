import type { SchedulingRepository } from 'clinic-slots';

/**
 * Where the app keeps its data: a SQLite file (the default), memory (lost on exit), or
 * PostgreSQL. The drivers are imported only for the storage chosen.
 */
export type StorageOptions =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/** An open store: the repository, a description for people, and how to close it. */
export interface OpenStorage {
  readonly repository: SchedulingRepository;
  /** Such as `SQLite file ./clinic-slots.db`; never shows a password. */
  readonly description: string;
  /** Closes the database: checkpoints and closes the SQLite file, or ends the pg pool. */
  close(): Promise<void>;
}

/** Opens the store and brings its schema up to date (the migrations run on every start). */
export async function openStorage(options: StorageOptions): Promise<OpenStorage> {
  switch (options.kind) {
    case 'memory': {
      const { createMemoryRepository } = await import('clinic-slots');
      return { repository: createMemoryRepository(), description: 'memory (lost on exit)', close: async () => {} };
    }
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3');
      const { createSqliteRepository, migrateSqlite } = await import('clinic-slots/sqlite');
      const db = new Database(options.path);
      try {
        // Wait for another process's write lock rather than fail, then migrate.
        db.pragma('busy_timeout = 5000');
        db.pragma('journal_mode = WAL');
        migrateSqlite(db);
        const repository = createSqliteRepository(db, { migrate: false, busyTimeoutMs: 5000 });
        return {
          repository,
          description: `SQLite file ${options.path}`,
          close: async () => {
            if (!db.open) return;
            // Fold the write-ahead log back into the main file, so that the file alone is the data.
            db.pragma('wal_checkpoint(TRUNCATE)');
            db.close();
          },
        };
      } catch (error) {
        db.close();
        throw error;
      }
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      const { createPostgresRepository, migratePostgres } = await import('clinic-slots/postgres');
      const pool = new pg.Pool({ connectionString: options.url, max: 10 });
      const schema = options.schema === undefined ? {} : { schema: options.schema };
      try {
        await migratePostgres(pool, schema);
        return {
          repository: createPostgresRepository(pool, schema),
          description: `PostgreSQL ${redact(options.url)}`,
          close: () => pool.end(),
        };
      } catch (error) {
        await pool.end();
        throw error;
      }
    }
  }
}

/** A connection URL without its password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the DATABASE_URL)';
  }
}
