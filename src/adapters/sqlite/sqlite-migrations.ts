import { SchedulingError } from '../../domain/errors.js';
import { schemaTooNew } from '../shared/refusals.js';
import { isSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import { storageFailed } from './sqlite-errors.js';
import { immediateControl, inTransaction } from './sqlite-transaction.js';

/**
 * One step of the SQLite schema: a version (1, 2, 3, ... with no gaps), a name, and the SQL that
 * takes the schema from the previous version to this one.
 *
 * @example
 * ```ts
 * import { SQLITE_MIGRATIONS, type SqliteMigration } from 'clinic-slots/sqlite';
 * const latest: SqliteMigration | undefined = SQLITE_MIGRATIONS.at(-1);
 * ```
 */
export interface SqliteMigration {
  /** The schema version this step produces. */
  readonly version: number;
  /** What the step does, in a few words. */
  readonly name: string;
  /** The statements of the step; they run inside the migration's transaction. */
  readonly sql: string;
}

/**
 * What {@link migrateSqlite} did: the schema version found, the version left, and the versions
 * applied (empty when the schema was already current).
 *
 * @example
 * ```ts
 * import type { SqliteMigrationResult } from 'clinic-slots/sqlite';
 * const changed = (result: SqliteMigrationResult) => result.applied.length > 0;
 * ```
 */
export interface SqliteMigrationResult {
  /** The schema version before (0 for a database the adapter has never seen). */
  readonly from: number;
  /** The schema version after: the latest of {@link SQLITE_MIGRATIONS}. */
  readonly to: number;
  /** The versions applied by this call, in order. */
  readonly applied: readonly number[];
}

/** The table that records which migrations ran. @internal */
export const MIGRATIONS_TABLE = 'clinic_slots_migrations';

const STATUSES = "'booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'";

/**
 * The overlap test of the triggers: an active appointment of the doctor of `NEW` overlapping
 * `[NEW.start_ms, NEW.end_ms)`. The lower bound on `start_ms` (nothing lasts longer than
 * `max_duration_ms`) keeps it a short range scan of the active index.
 */
const OVERLAPS_NEW = `
  SELECT 1 FROM clinic_slots_appointments AS other
  WHERE other.doctor_id = NEW.doctor_id AND other.status = 'booked'
    AND other.start_ms < NEW.end_ms
    AND other.start_ms > NEW.start_ms - IFNULL((SELECT max_duration_ms FROM clinic_slots_bounds WHERE id = 1), 1000000000000000)
    AND other.end_ms > NEW.start_ms
    AND other.id <> NEW.id`;

const HOLD_STATUSES = "'held', 'released', 'confirmed', 'expired'";

/**
 * The longest claim ever stored, or a bound larger than any span of instants when the bounds row
 * is missing (claim searches stay correct, only slower).
 *
 * @internal
 */
export const MAX_CLAIM = 'IFNULL((SELECT max_claim_ms FROM clinic_slots_bounds WHERE id = 1), 1000000000000000)';

/**
 * The overlap test of the claims: a live claim on the lane of a claim whose columns `column`
 * names (`NEW.resource_kind` in a trigger, `@resource_kind` in a statement) overlapping its `[from_ms, to_ms)`.
 * Nothing lasts longer than the longest claim stored, so only claims starting in
 * `(from_ms - longest, to_ms)` can overlap: a range search of the partial index of live claims
 * by resource and start, which covers it.
 *
 * @internal
 */
export function liveClaimOverlapping(column: (name: string) => string): string {
  return `SELECT 1 FROM clinic_slots_claims AS other
  WHERE other.resource_kind = ${column('resource_kind')} AND other.resource_id = ${column('resource_id')} AND other.live = 1
    AND other.from_ms < ${column('to_ms')}
    AND other.from_ms > ${column('from_ms')} - ${MAX_CLAIM}
    AND other.to_ms > ${column('from_ms')}
    AND other.lane = ${column('lane')}`;
}

/**
 * The triggers that keep the claims of the owners in `clinic_slots_<table>` in step with them:
 * an owner leaving its `active` status releases its claims (`live = 0`), one coming back to it
 * takes them again (which the claim trigger checks), a deleted one takes its claims along.
 */
function ownerTriggers(table: 'appointments' | 'holds', ownerKind: 'appointment' | 'hold', active: string): string {
  const ofNew = `owner_kind = '${ownerKind}' AND owner_id = NEW.id`;
  return `CREATE TRIGGER clinic_slots_${table}_release
AFTER UPDATE OF status ON clinic_slots_${table}
WHEN OLD.status = '${active}' AND NEW.status <> '${active}'
BEGIN
  UPDATE clinic_slots_claims SET live = 0 WHERE ${ofNew} AND live = 1;
END;

CREATE TRIGGER clinic_slots_${table}_retake
AFTER UPDATE OF status ON clinic_slots_${table}
WHEN OLD.status <> '${active}' AND NEW.status = '${active}'
BEGIN
  UPDATE clinic_slots_claims SET live = 1 WHERE ${ofNew} AND live = 0;
END;

CREATE TRIGGER clinic_slots_${table}_delete_claims
AFTER DELETE ON clinic_slots_${table}
BEGIN
  DELETE FROM clinic_slots_claims WHERE owner_kind = '${ownerKind}' AND owner_id = OLD.id;
END;
`;
}

/** The message the claim triggers abort with when a live claim would overlap another. @internal */
export const CLAIM_OVERLAP_MESSAGE = 'clinic_slots: overlapping live claim';

/** The message of the trigger that refuses to move a claim. @internal */
export const CLAIM_IMMUTABLE_MESSAGE = 'clinic_slots: a claim cannot be moved; release it (live = 0) and insert another';

/**
 * The migrations of the SQLite schema, oldest first; {@link migrateSqlite} applies those a
 * database lacks. Tables are `STRICT` and prefixed `clinic_slots_`, so they can share a file with
 * the host's own tables. Instants are stored as UTC epoch milliseconds (`INTEGER`); a doctor's
 * locations, schedule, overrides and rules as JSON text.
 *
 * Version 1 creates:
 * - `clinic_slots_doctors` (one row per doctor, with its `version`);
 * - `clinic_slots_appointments`, with a unique index on `idempotency_key`, an index by doctor
 *   and start for listing, and a partial index of `booked` appointments by doctor and start for
 *   the overlap check;
 * - `clinic_slots_bounds`, which keeps the longest appointment duration so that overlap checks
 *   scan only a short range of that index;
 * - triggers that abort any insert or update (even outside this library) that would leave two
 *   overlapping `booked` appointments of one doctor.
 *
 * Version 2 moves the guard to claims (see `Claim`):
 * - `clinic_slots_claims`, one row per claim: its owner (`owner_kind` `'appointment'` or
 *   `'hold'`, `owner_id`), its resource lane (`kind`, `resource_id`, `lane`), `from_ms`, `to_ms`,
 *   and `live` (1 while its owner is `booked` or `held`), with a partial index of live claims by
 *   resource and start;
 * - triggers that abort any insert of a live claim, or any update making a claim live, that
 *   would overlap a live claim on the same lane (even outside this library); a claim's lane and
 *   times cannot be updated (release it and insert another);
 * - triggers that keep `live` in step with the owner: an appointment leaving `booked`, or a hold
 *   leaving `held`, releases its claims (and one coming back takes them again, checked); a
 *   deleted owner's claims are deleted;
 * - `clinic_slots_holds`, with a unique index on `idempotency_key` (their own namespace);
 * - `clinic_slots_bounds.max_claim_ms`, the longest claim, which bounds the claim searches;
 * - one doctor claim per `booked` appointment over its time, as round one guarded it;
 * - and drops version 1's overlap triggers and its index of `booked` appointments, which the
 *   claims supersede.
 *
 * @example
 * ```ts
 * import { SQLITE_MIGRATIONS } from 'clinic-slots/sqlite';
 * SQLITE_MIGRATIONS.map((m) => m.version); // [1, 2]
 * ```
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = Object.freeze([
  Object.freeze({
    version: 1,
    name: 'doctors, appointments, overlap guard',
    sql: `
CREATE TABLE clinic_slots_doctors (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 1),
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  locations TEXT NOT NULL CHECK (json_valid(locations)),
  schedule TEXT NOT NULL CHECK (json_valid(schedule)),
  overrides TEXT NOT NULL CHECK (json_valid(overrides)),
  rules TEXT NOT NULL CHECK (json_valid(rules)),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE clinic_slots_appointments (
  id TEXT PRIMARY KEY,
  doctor_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  patient_ref TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN (${STATUSES})),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  cancellation_reason TEXT,
  idempotency_key TEXT,
  rescheduled_from TEXT,
  rescheduled_to TEXT,
  CHECK (end_ms > start_ms)
) STRICT;

CREATE UNIQUE INDEX clinic_slots_appointments_idempotency_key
  ON clinic_slots_appointments (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX clinic_slots_appointments_by_doctor
  ON clinic_slots_appointments (doctor_id, start_ms, id);
CREATE INDEX clinic_slots_appointments_active
  ON clinic_slots_appointments (doctor_id, start_ms, end_ms) WHERE status = 'booked';

CREATE TABLE clinic_slots_bounds (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  max_duration_ms INTEGER NOT NULL
) STRICT;
INSERT INTO clinic_slots_bounds (id, max_duration_ms) VALUES (1, 0);

CREATE TRIGGER clinic_slots_appointments_bounds_insert
AFTER INSERT ON clinic_slots_appointments
BEGIN
  UPDATE clinic_slots_bounds SET max_duration_ms = NEW.end_ms - NEW.start_ms
  WHERE id = 1 AND max_duration_ms < NEW.end_ms - NEW.start_ms;
END;

CREATE TRIGGER clinic_slots_appointments_bounds_update
AFTER UPDATE OF start_ms, end_ms ON clinic_slots_appointments
BEGIN
  UPDATE clinic_slots_bounds SET max_duration_ms = NEW.end_ms - NEW.start_ms
  WHERE id = 1 AND max_duration_ms < NEW.end_ms - NEW.start_ms;
END;

CREATE TRIGGER clinic_slots_appointments_no_overlap_insert
BEFORE INSERT ON clinic_slots_appointments
WHEN NEW.status = 'booked'
BEGIN
  SELECT RAISE(ABORT, 'clinic_slots: overlapping active appointment') WHERE EXISTS (${OVERLAPS_NEW});
END;

CREATE TRIGGER clinic_slots_appointments_no_overlap_update
BEFORE UPDATE OF doctor_id, start_ms, end_ms, status ON clinic_slots_appointments
WHEN NEW.status = 'booked'
BEGIN
  SELECT RAISE(ABORT, 'clinic_slots: overlapping active appointment') WHERE EXISTS (${OVERLAPS_NEW});
END;
`,
  }),
  Object.freeze({
    version: 2,
    name: 'holds and claims: one guard for every rule',
    sql: `
DROP TRIGGER IF EXISTS clinic_slots_appointments_no_overlap_insert;
DROP TRIGGER IF EXISTS clinic_slots_appointments_no_overlap_update;
DROP INDEX IF EXISTS clinic_slots_appointments_active;

ALTER TABLE clinic_slots_bounds ADD COLUMN max_claim_ms INTEGER NOT NULL DEFAULT 0;

CREATE TABLE clinic_slots_holds (
  id TEXT PRIMARY KEY,
  doctor_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  patient_ref TEXT,
  status TEXT NOT NULL CHECK (status IN (${HOLD_STATUSES})),
  expires_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  idempotency_key TEXT,
  appointment_id TEXT,
  CHECK (end_ms > start_ms)
) STRICT;

CREATE UNIQUE INDEX clinic_slots_holds_idempotency_key
  ON clinic_slots_holds (idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE INDEX clinic_slots_holds_doctor_start ON clinic_slots_holds (doctor_id, start_ms);

CREATE TABLE clinic_slots_claims (
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('appointment', 'hold')),
  owner_id TEXT NOT NULL,
  resource_kind TEXT NOT NULL CHECK (resource_kind IN ('doctor', 'patient')),
  resource_id TEXT NOT NULL,
  lane INTEGER NOT NULL CHECK (lane >= 0),
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  live INTEGER NOT NULL CHECK (live IN (0, 1)),
  CHECK (to_ms > from_ms),
  PRIMARY KEY (owner_kind, owner_id, resource_kind, resource_id, lane, from_ms)
) STRICT, WITHOUT ROWID;

CREATE INDEX clinic_slots_claims_live
  ON clinic_slots_claims (resource_kind, resource_id, from_ms, to_ms, lane) WHERE live = 1;

CREATE TRIGGER clinic_slots_claims_bounds
AFTER INSERT ON clinic_slots_claims
BEGIN
  UPDATE clinic_slots_bounds SET max_claim_ms = NEW.to_ms - NEW.from_ms
  WHERE id = 1 AND max_claim_ms < NEW.to_ms - NEW.from_ms;
END;

CREATE TRIGGER clinic_slots_claims_no_overlap_insert
BEFORE INSERT ON clinic_slots_claims
WHEN NEW.live = 1
BEGIN
  SELECT RAISE(ABORT, '${CLAIM_OVERLAP_MESSAGE}') WHERE EXISTS (${liveClaimOverlapping((c) => `NEW.${c}`)});
END;

CREATE TRIGGER clinic_slots_claims_no_overlap_update
BEFORE UPDATE OF live ON clinic_slots_claims
WHEN NEW.live = 1 AND OLD.live = 0
BEGIN
  SELECT RAISE(ABORT, '${CLAIM_OVERLAP_MESSAGE}') WHERE EXISTS (${liveClaimOverlapping((c) => `NEW.${c}`)});
END;

CREATE TRIGGER clinic_slots_claims_immutable
BEFORE UPDATE OF owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms ON clinic_slots_claims
BEGIN
  SELECT RAISE(ABORT, '${CLAIM_IMMUTABLE_MESSAGE}');
END;

${ownerTriggers('appointments', 'appointment', 'booked')}
${ownerTriggers('holds', 'hold', 'held')}
INSERT INTO clinic_slots_claims (owner_kind, owner_id, resource_kind, resource_id, lane, from_ms, to_ms, live)
SELECT 'appointment', id, 'doctor', doctor_id, 0, start_ms, end_ms, 1
FROM clinic_slots_appointments WHERE status = 'booked'
ORDER BY doctor_id, start_ms;
`,
  }),
]);

/** The latest schema version this code knows. @internal */
export const LATEST_SQLITE_VERSION = SQLITE_MIGRATIONS.at(-1)!.version;

/**
 * The schema version recorded in `db` (0 when the adapter's tables are absent).
 *
 * @internal
 */
export function readSqliteSchemaVersion(db: SqliteDatabase): number {
  const table = db.prepare("SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
  if (table === undefined) return 0;
  const row = db.prepare(`SELECT MAX(version) AS version FROM ${MIGRATIONS_TABLE}`).get() as { version: number | bigint | null };
  return row.version === null ? 0 : Number(row.version);
}

/**
 * Brings the schema of `db` up to date: applies, in order, the {@link SQLITE_MIGRATIONS} it has
 * not had yet, and records each in the table `clinic_slots_migrations`. Idempotent: running it
 * again changes nothing. Safe to run from several processes at once: it takes the write lock
 * (`BEGIN IMMEDIATE`) before reading the current version, so one process migrates and the others
 * find the work done. All steps of one call are one transaction: they all apply or none does.
 *
 * Set a busy timeout on the connection first (`createSqliteRepository` does, and migrates for
 * you by default), or concurrent callers fail at once instead of waiting their turn.
 *
 * @param db - a better-sqlite3 connection (see {@link SqliteDatabase}), not inside a transaction
 * @returns the versions before and after, and those applied
 * @throws SchedulingError `STORAGE_FAILED` when the database cannot be migrated (locked beyond
 *   the busy timeout, read-only, or already at a newer version than this code knows); nothing
 *   is changed then
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { migrateSqlite } from 'clinic-slots/sqlite';
 * const db = new Database(':memory:');
 * migrateSqlite(db); // { from: 0, to: 2, applied: [1, 2] }
 * migrateSqlite(db); // { from: 2, to: 2, applied: [] }
 * ```
 */
export function migrateSqlite(db: SqliteDatabase): SqliteMigrationResult {
  if (!isSqliteDatabase(db)) {
    throw new SchedulingError('VALIDATION_FAILED', 'migrateSqlite: expected a better-sqlite3 Database (prepare, exec, pragma)');
  }
  return inTransaction(
    db,
    immediateControl(db),
    () => migrate(db),
    (cause) => storageFailed('could not take the write lock to migrate', cause),
    (error) => (error instanceof SchedulingError ? error : storageFailed('the migration failed', error)),
  );
}

/** The migration itself, inside the write lock. */
function migrate(db: SqliteDatabase): SqliteMigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at_ms INTEGER NOT NULL
    ) STRICT`);
  const from = readSqliteSchemaVersion(db);
  if (from > LATEST_SQLITE_VERSION) throw schemaTooNew('the database', from, LATEST_SQLITE_VERSION);
  const record = db.prepare(
    `INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at_ms) VALUES (?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))`,
  );
  const applied: number[] = [];
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= from) continue;
    db.exec(migration.sql);
    record.run(migration.version, migration.name);
    applied.push(migration.version);
  }
  return Object.freeze({ from, to: LATEST_SQLITE_VERSION, applied: Object.freeze(applied) });
}
