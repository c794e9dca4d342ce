import type { SchedulingError } from '../../domain/errors.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** How a transaction is begun, committed and rolled back: prepared statements, or `exec`. @internal */
export interface TransactionControl {
  begin(): void;
  commit(): void;
  rollback(): void;
}

/** The control of a `BEGIN IMMEDIATE` transaction through `db.exec`. @internal */
export function immediateControl(db: SqliteDatabase): TransactionControl {
  return {
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollback: () => db.exec('ROLLBACK'),
  };
}

/**
 * Runs `body` in a transaction of `db`: commits when it returns; when anything throws (a refusal,
 * a driver error, the commit itself), rolls back if the transaction is still open, so a failed
 * write changes nothing. A failure to begin becomes `failedToBegin(cause)`, any later one
 * `failed(error)`.
 *
 * @internal
 */
export function inTransaction<T>(
  db: SqliteDatabase,
  control: TransactionControl,
  body: () => T,
  failedToBegin: (cause: unknown) => SchedulingError,
  failed: (error: unknown) => SchedulingError,
): T {
  try {
    control.begin();
  } catch (cause) {
    throw failedToBegin(cause);
  }
  try {
    const result = body();
    control.commit();
    return result;
  } catch (error) {
    if (db.inTransaction) {
      try {
        control.rollback();
      } catch {
        // SQLite rolled back already (or the connection is gone); the error below says why.
      }
    }
    throw failed(error);
  }
}
