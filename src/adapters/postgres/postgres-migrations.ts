import { parseInput } from '../../schemas/parse.js';
import { z } from 'zod';
import { schemaTooNew, storageFailed } from '../shared/refusals.js';
import { checkClient, type PostgresClient } from './postgres-client.js';
import { toConnection } from './postgres-connection.js';
import { runWithRetries } from './postgres-retry.js';
import { DEFAULT_POSTGRES_SCHEMA, SchemaNameSchema, quoteIdentifier } from './postgres-schema-name.js';

/**
 * One step of the adapter's database schema: a version (1, 2, ...), a name, and the SQL
 * statements that take a schema from the previous version to this one.
 *
 * @example
 * ```ts
 * import { postgresMigrations, type PostgresMigration } from 'clinic-slots/postgres';
 * const first: PostgresMigration | undefined = postgresMigrations()[0];
 * first?.version; // 1
 * ```
 */
export interface PostgresMigration {
  /** The version this step brings the schema to. Versions start at 1 and grow by 1. */
  readonly version: number;
  /** What the step does, for people. */
  readonly name: string;
  /** The statements, in order; none of them takes parameters. */
  readonly statements: readonly string[];
}

/**
 * Options of {@link migratePostgres} and {@link postgresMigrations}.
 *
 * @example
 * ```ts
 * import type { PostgresMigrationOptions } from 'clinic-slots/postgres';
 * const options: PostgresMigrationOptions = { schema: 'scheduling' };
 * ```
 */
export interface PostgresMigrationOptions {
  /**
   * The PostgreSQL schema that holds the tables (default {@link DEFAULT_POSTGRES_SCHEMA}):
   * 1 to 63 letters, digits or `_`, not starting with a digit. Always quoted, so case counts.
   */
  readonly schema?: string;
}

const MigrationOptionsSchema = z.strictObject({ schema: SchemaNameSchema.optional() });

/**
 * The advisory lock every migration takes for the length of its transaction, so that migrations
 * from several processes run one after the other. One key for all schemas: the extension they
 * share is created under it too.
 */
const MIGRATION_LOCK_KEY = '7236117398125215572';

const STATUSES = "'booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'";

// Written out, not read from the domain: a migration, once released, never changes.
const HOLD_STATUSES = "'held', 'released', 'confirmed', 'expired'";
const CLAIM_KINDS = "'doctor', 'patient'";

function migrationsFor(schema: string): PostgresMigration[] {
  const s = quoteIdentifier(schema);
  return [
    {
      version: 1,
      name: 'doctors and appointments, with the no-overlap exclusion constraint',
      statements: [
        `CREATE TABLE ${s}.doctors (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  locations jsonb NOT NULL,
  schedule jsonb NOT NULL,
  overrides jsonb NOT NULL,
  rules jsonb NOT NULL,
  version bigint NOT NULL CHECK (version >= 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
)`,
        `CREATE TABLE ${s}.appointments (
  id text COLLATE "C" PRIMARY KEY,
  doctor_id text COLLATE "C" NOT NULL,
  location_id text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  patient_ref text NOT NULL,
  status text NOT NULL CONSTRAINT appointments_status_check CHECK (status IN (${STATUSES})),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  cancellation_reason text,
  idempotency_key text,
  rescheduled_from text,
  rescheduled_to text,
  CONSTRAINT appointments_range_check CHECK (starts_at < ends_at),
  CONSTRAINT appointments_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    doctor_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status = 'booked')
)`,
        `CREATE INDEX appointments_doctor_start_idx ON ${s}.appointments (doctor_id, starts_at, id)`,
      ],
    },
    {
      version: 2,
      name: 'holds and claims: the claims exclusion constraint holds every booking rule',
      statements: [
        `CREATE TABLE ${s}.holds (
  id text COLLATE "C" PRIMARY KEY,
  doctor_id text COLLATE "C" NOT NULL,
  location_id text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  patient_ref text,
  status text NOT NULL CONSTRAINT holds_status_check CHECK (status IN (${HOLD_STATUSES})),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  idempotency_key text,
  appointment_id text,
  CONSTRAINT holds_range_check CHECK (starts_at < ends_at),
  CONSTRAINT holds_idempotency_key_key UNIQUE (idempotency_key)
)`,
        // A doctor's holds by start: what a location's removal or the doctor's deletion looks at.
        `CREATE INDEX holds_doctor_start ON ${s}.holds (doctor_id, starts_at)`,
        // One row per claim. `live` is true while the owner holds it: a booked appointment, or a
        // held hold (whose expiry a write checks against its own instant, as no constraint can).
        `CREATE TABLE ${s}.claims (
  resource_kind text NOT NULL CONSTRAINT claims_resource_kind_check CHECK (resource_kind IN (${CLAIM_KINDS})),
  resource_id text COLLATE "C" NOT NULL,
  lane integer NOT NULL CONSTRAINT claims_lane_check CHECK (lane >= 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  owner_kind text NOT NULL CONSTRAINT claims_owner_kind_check CHECK (owner_kind IN ('appointment', 'hold')),
  owner_id text COLLATE "C" NOT NULL,
  live boolean NOT NULL,
  CONSTRAINT claims_range_check CHECK (starts_at < ends_at)
)`,
        // Round one held exactly this for booked appointments: their doctor over their raw time.
        `INSERT INTO ${s}.claims (resource_kind, resource_id, lane, starts_at, ends_at, owner_kind, owner_id, live)
SELECT 'doctor', doctor_id, 0, starts_at, ends_at, 'appointment', id, true FROM ${s}.appointments WHERE status = 'booked'`,
        // Built after the backfill: one index build instead of one insertion per row.
        `ALTER TABLE ${s}.claims ADD CONSTRAINT claims_no_overlap EXCLUDE USING gist (
  resource_id WITH =,
  resource_kind WITH =,
  lane WITH =,
  tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (live)`,
        `CREATE INDEX claims_owner_idx ON ${s}.claims (owner_id, owner_kind) WHERE (live)`,
        // Superseded by the claims guard: one guard, and one index less to write per booking.
        `ALTER TABLE ${s}.appointments DROP CONSTRAINT appointments_no_overlap`,
      ],
    },
  ];
}

/**
 * The adapter's migrations for a schema, in order, for hosts that run migrations with their own
 * tool. {@link migratePostgres} runs exactly these, and also creates the `btree_gist` extension,
 * the schema and a `schema_migrations` table that records the versions applied.
 *
 * @param options - the schema name; see {@link PostgresMigrationOptions}
 * @returns the migrations, oldest first
 * @throws SchedulingError `VALIDATION_FAILED` when the schema name is not valid
 *
 * @example
 * ```ts
 * import { postgresMigrations } from 'clinic-slots/postgres';
 * for (const migration of postgresMigrations({ schema: 'scheduling' })) {
 *   console.log(migration.version, migration.name, migration.statements.length);
 * }
 * ```
 */
export function postgresMigrations(options: PostgresMigrationOptions = {}): readonly PostgresMigration[] {
  const parsed = parseInput(MigrationOptionsSchema, options, 'PostgreSQL migration options');
  return migrationsFor(parsed.schema ?? DEFAULT_POSTGRES_SCHEMA);
}

/**
 * Brings the database up to the adapter's current schema: creates the `btree_gist` extension
 * (once per database) and the schema if they are missing, then applies the migrations not yet
 * recorded in `<schema>.schema_migrations`, all in one transaction. A schema written by an older
 * version of the library is upgraded in place, its data kept (version 2 gives each booked
 * appointment the claim of its doctor over its time); if any step fails, the transaction leaves the
 * schema as it was. Running it again is a no-op;
 * running it from several processes at once is safe (the transaction takes an advisory lock
 * first, so the others wait and then find nothing to do). Call it once at start-up, before
 * {@link createPostgresRepository}.
 *
 * @param client - a `pg` pool or client, or a PGlite database created with the `btree_gist`
 *   extension
 * @param options - the schema name; see {@link PostgresMigrationOptions}
 * @returns the versions this call applied (empty when the schema was up to date)
 * @throws SchedulingError `VALIDATION_FAILED` for a bad schema name; `STORAGE_FAILED` when the
 *   database refuses (no privilege to create the extension, `btree_gist` not installed, ...) or
 *   the schema is already at a newer version than this code knows; nothing is changed then
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres } from 'clinic-slots/postgres';
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * const { applied } = await migratePostgres(pool, { schema: 'clinic_slots' });
 * console.log(applied); // [1, 2] the first time, [] afterwards
 * ```
 */
export async function migratePostgres(
  client: PostgresClient,
  options: PostgresMigrationOptions = {},
): Promise<{ applied: number[] }> {
  const parsed = parseInput(MigrationOptionsSchema, options, 'PostgreSQL migration options');
  checkClient(client, 'migratePostgres');
  const schema = parsed.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const s = quoteIdentifier(schema);
  const connection = toConnection(client);
  return runWithRetries({ maxRetries: 3, retryDelayMs: 0 }, 'migratePostgres', () =>
    connection.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      try {
        await tx.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
      } catch (cause) {
        throw storageFailed('migratePostgres', 'the btree_gist extension could not be created (on PGlite, pass extensions: { btree_gist })', cause);
      }
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`,
      );
      const { rows } = await tx.query(`SELECT version FROM ${s}.schema_migrations`);
      const done = new Set(rows.map((row) => Number((row as { version: unknown }).version)));
      const migrations = migrationsFor(schema);
      const newest = Math.max(0, ...done);
      if (newest > migrations.length) throw schemaTooNew(`migratePostgres: schema ${schema}`, newest, migrations.length);
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        for (const statement of migration.statements) await tx.query(statement);
        await tx.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        applied.push(migration.version);
      }
      return { applied };
    }),
  );
}
