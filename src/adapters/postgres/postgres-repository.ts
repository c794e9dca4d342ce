import { type Appointment } from '../../schemas/appointment.js';
import { refusals } from '../../domain/refusals.js';
import { canTransition, type AppointmentStatus } from '../../domain/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import { parseInput } from '../../schemas/parse.js';
import type {
  AppointmentListQuery,
  DoctorListQuery,
  InsertOptions,
  Page,
  RepositoryCapabilities,
  Reschedule,
  SchedulingRepository,
  StatusChange,
} from '../../ports/repository.js';
import { invalidCursor } from '../shared/cursor.js';
import { appointmentCursorKey, appointmentPage, doctorCursorId, doctorPage, rowLimit } from '../shared/page.js';
import {
  checkDoctorVersion,
  statusChangeRefused,
} from '../shared/refusals.js';
import { asStored } from '../shared/rows.js';
import { checkClient, isPool, type PostgresClient } from './postgres-client.js';
import { toConnection, type Executor } from './postgres-connection.js';
import { preparing } from './postgres-prepared.js';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  PostgresRepositoryOptionsSchema,
  type PostgresRepositoryOptions,
} from './postgres-repository-options.js';
import { runWithRetries, type RetryPolicy } from './postgres-retry.js';
import { appointmentValues, doctorValues, rowToAppointment, rowToDoctor } from './postgres-rows.js';
import { DEFAULT_POSTGRES_SCHEMA, quoteIdentifier } from './postgres-schema-name.js';
import { listAppointmentsStatement, statements } from './postgres-statements.js';
import { checkAppointmentText, checkDoctorText, checkText } from './postgres-text.js';

const capabilities: RepositoryCapabilities = Object.freeze({ concurrentWriters: 'cross-process' });

/** How often an insert that met a conflict nobody holds any more (a cancelled blocker) is tried again. */
const MAX_INSERT_ATTEMPTS = 5;

/**
 * A {@link SchedulingRepository} on PostgreSQL (13 or later) or on PGlite. The no-overlap rule is
 * an exclusion constraint of the database, so it holds across any number of processes and
 * connections (`capabilities.concurrentWriters` is `'cross-process'`).
 *
 * Give it a `pg` `Pool` (recommended: transactions run in parallel on borrowed clients), a single
 * `pg` `Client`, or a PGlite database (created with the `btree_gist` extension). On a single
 * connection the adapter runs its operations one after the other, so do not run your own
 * transactions on that connection at the same time. Run {@link migratePostgres} once before,
 * with the same `schema`.
 *
 * How it works: a booking is one statement (`INSERT ... ON CONFLICT DO NOTHING`, guarded by a
 * `FOR KEY SHARE` lock on the doctor's row); when nothing was inserted, a second look finds out
 * why (`DOCTOR_NOT_FOUND`, `CONFLICT`, the earlier appointment with the same idempotency key, or
 * `SLOT_TAKEN`). Removing a doctor locks their row `FOR UPDATE` first, so it cannot miss a
 * booking made at the same moment; a reschedule is one transaction. Transactions run at READ
 * COMMITTED, whatever the server's default isolation level. Serialization failures and
 * deadlocks are retried (see {@link PostgresRepositoryOptions.maxRetries}); every other driver
 * error becomes `STORAGE_FAILED` with the driver's error as `cause`. Beyond the port's contract,
 * a status change the lifecycle does not allow is refused with `NOT_ACTIVE`, and a cursor it did
 * not make with `VALIDATION_FAILED`, and so is text holding a lone surrogate (half of a UTF-16
 * pair), which PostgreSQL cannot store verbatim.
 *
 * @param client - a `pg` pool or client, or a PGlite database; see {@link PostgresClient}
 * @param options - the schema, the retry policy and prepared statements; see
 *   {@link PostgresRepositoryOptions}
 * @returns the repository
 * @throws SchedulingError `VALIDATION_FAILED` when `options` is invalid or `client` has no
 *   `query` method
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createScheduler } from 'clinic-slots';
 * import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
 *
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * await migratePostgres(pool);
 * const scheduler = createScheduler({ repository: createPostgresRepository(pool) });
 * ```
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
 * import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
 *
 * const db = new PGlite({ extensions: { btree_gist } });
 * await migratePostgres(db);
 * const repository = createPostgresRepository(db);
 * await repository.getDoctor('dr-wright'); // undefined
 * ```
 */
export function createPostgresRepository(
  client: PostgresClient,
  options: PostgresRepositoryOptions = {},
): SchedulingRepository {
  const parsed = parseInput(PostgresRepositoryOptionsSchema, options, 'PostgreSQL repository options');
  checkClient(client, 'createPostgresRepository');
  const policy: RetryPolicy = {
    maxRetries: parsed.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryDelayMs: parsed.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  };
  const connection = toConnection(client);
  const sql = statements(quoteIdentifier(parsed.schema ?? DEFAULT_POSTGRES_SCHEMA));
  const wrap = (parsed.preparedStatements ?? isPool(client)) ? preparing(Object.values(sql)) : (executor: Executor) => executor;

  const statement = <T>(what: string, body: (executor: Executor) => Promise<T>) =>
    runWithRetries(policy, what, () => connection.statement((executor) => body(wrap(executor))));
  const transaction = <T>(what: string, body: (executor: Executor) => Promise<T>) =>
    runWithRetries(policy, what, () => connection.transaction((executor) => body(wrap(executor))));

  const first = async (executor: Executor, text: string, values: unknown[]): Promise<Record<string, unknown> | undefined> =>
    (await executor.query(text, values)).rows[0] as Record<string, unknown> | undefined;

  /** Runs the guarded insert statement once; true when the row went in. */
  const tryInsert = async (executor: Executor, appointment: Appointment, doctorVersion: number | undefined): Promise<boolean> =>
    (await executor.query(sql.insertAppointment, [...appointmentValues(appointment), doctorVersion ?? null])).rows.length > 0;

  /** After an insert that stored nothing: `DOCTOR_NOT_FOUND`, or `CONFLICT` for a stale version. */
  const checkDoctor = async (executor: Executor, appointment: Appointment, expected: number | undefined): Promise<void> => {
    const row = await first(executor, sql.doctorVersion, [appointment.doctorId]);
    checkDoctorVersion(appointment.doctorId, row === undefined ? undefined : Number(row.version), expected);
  };

  /** After a conflict: `SLOT_TAKEN` if an active appointment overlaps, `CONFLICT` if the id is taken. */
  const explainConflict = async (executor: Executor, appointment: Appointment): Promise<void> => {
    const row = await first(executor, sql.explainConflict, [appointment.doctorId, appointment.start, appointment.end, appointment.id]);
    if (row?.overlaps === true) throw refusals.start('SLOT_TAKEN', appointment.doctorId, appointment.start);
    if (row?.id_taken === true) throw refusals.alreadyExists('appointment', appointment.id);
  };

  /** The first row `text` reads, as `map` makes it, or `undefined` when there is none. */
  const one = async <T>(executor: Executor, text: string, values: unknown[], map: (row: unknown) => T): Promise<T | undefined> => {
    const row = await first(executor, text, values);
    return row === undefined ? undefined : map(row);
  };

  const findByKey = (executor: Executor, key: string) => one(executor, sql.appointmentByKey, [key], rowToAppointment);

  /**
   * Inserts `appointment` and returns it as stored; when nothing went in, finds out why, as things
   * are now: `DOCTOR_NOT_FOUND` or `CONFLICT` (see `checkDoctor`), an earlier appointment with the
   * same idempotency key (given to `onEarlier`, whose answer is returned), or `explainConflict`'s
   * refusal. Every answer is true at the moment it is read; if none is (the appointment in the
   * way was cancelled since), it tries again, up to {@link MAX_INSERT_ATTEMPTS} times.
   */
  const insertOrExplain = async (
    executor: Executor,
    appointment: Appointment,
    doctorVersion: number | undefined,
    onEarlier: (earlier: Appointment, key: string) => Appointment,
  ): Promise<Appointment> => {
    for (let attempt = 1; ; attempt++) {
      if (await tryInsert(executor, appointment, doctorVersion)) return asStored(appointment);
      await checkDoctor(executor, appointment, doctorVersion);
      if (appointment.idempotencyKey !== undefined) {
        const earlier = await findByKey(executor, appointment.idempotencyKey);
        if (earlier !== undefined) return onEarlier(earlier, appointment.idempotencyKey);
      }
      await explainConflict(executor, appointment);
      if (attempt === MAX_INSERT_ATTEMPTS) throw refusals.start('SLOT_TAKEN', appointment.doctorId, appointment.start);
    }
  };

  /** After a change that changed nothing: `APPOINTMENT_NOT_FOUND` when there is no such appointment, else `NOT_ACTIVE`. */
  const refuseChange = async (executor: Executor, id: string, expected: AppointmentStatus, wanted: AppointmentStatus): Promise<never> => {
    const row = await first(executor, sql.appointmentStatus, [id]);
    throw statusChangeRefused(id, row?.status as AppointmentStatus | undefined, expected, wanted);
  };

  return Object.freeze({
    capabilities,

    createDoctor: async (doctor: Doctor) => {
      checkDoctorText(doctor);
      return statement('createDoctor', async (db) => {
        const row = await first(db, sql.createDoctor, doctorValues(doctor));
        if (row === undefined) throw refusals.alreadyExists('doctor', doctor.id);
      });
    },

    getDoctor: (id: string) => statement('getDoctor', (db) => one(db, sql.doctorById, [id], rowToDoctor)),

    listDoctors: async (query: DoctorListQuery) => {
      const after = doctorCursorId(query.cursor);
      if (after !== undefined) checkCursorId(after);
      return statement('listDoctors', async (db): Promise<Page<Doctor>> => {
        const { rows } =
          after === undefined
            ? await db.query(sql.listDoctors, [rowLimit(query.limit)])
            : await db.query(sql.listDoctorsAfter, [after, rowLimit(query.limit)]);
        return doctorPage(rows, query.limit, rowToDoctor);
      });
    },

    updateDoctor: async (doctor: Doctor, expectedVersion: number) => {
      checkDoctorText(doctor);
      return statement('updateDoctor', async (db) => {
        const row = await first(db, sql.updateDoctor, [...doctorValues(doctor), expectedVersion]);
        if (row !== undefined) return;
        const current = await first(db, sql.doctorVersion, [doctor.id]);
        throw current === undefined ? refusals.doctorNotFound(doctor.id) : refusals.staleVersion(doctor.id, { current: Number(current.version), expected: expectedVersion });
      });
    },

    deleteDoctor: (id: string, deleteOptions: { activeAfter: string; expectedVersion?: number }) =>
      transaction('deleteDoctor', async (tx) => {
        // The row lock waits for every booking that holds the doctor's row (FOR KEY SHARE), and
        // keeps new ones out, so the check below sees all of them.
        const row = await first(tx, sql.lockDoctor, [id]);
        checkDoctorVersion(id, row === undefined ? undefined : Number(row.version), deleteOptions.expectedVersion);
        const busy = await first(tx, sql.activeAfter, [id, deleteOptions.activeAfter]);
        if (busy?.busy === true) {
          throw refusals.hasAppointments(id);
        }
        await tx.query(sql.deleteDoctor, [id]);
      }),

    insertAppointment: async (appointment: Appointment, insertOptions: InsertOptions = {}) => {
      checkAppointmentText(appointment);
      // The same key again returns the appointment it made.
      return statement('insertAppointment', (db) => insertOrExplain(db, appointment, insertOptions.doctorVersion, (earlier) => earlier));
    },

    getAppointment: (id: string) => statement('getAppointment', (db) => one(db, sql.appointmentById, [id], rowToAppointment)),

    listAppointments: async (query: AppointmentListQuery) => {
      const cursor = appointmentCursorKey(query.cursor);
      if (cursor !== undefined) checkCursorKey(cursor);
      const { text, values } = listAppointmentsStatement(sql.listAppointmentsHead, {
        doctorId: query.doctorId,
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.statuses === undefined ? {} : { statuses: query.statuses }),
        ...(cursor === undefined ? {} : { cursor }),
        limit: rowLimit(query.limit),
      });
      return statement('listAppointments', async (db): Promise<Page<Appointment>> => {
        const { rows } = await db.query(text, values);
        return appointmentPage(rows, query.limit, rowToAppointment);
      });
    },

    findAppointmentByIdempotencyKey: (key: string) => statement('findAppointmentByIdempotencyKey', (db) => findByKey(db, key)),

    changeAppointmentStatus: async (change: StatusChange) => {
      checkText(change.cancellationReason, 'cancellationReason');
      return statement('changeAppointmentStatus', async (db) => {
        if (!canTransition(change.expectedStatus, change.status)) {
          return refuseChange(db, change.id, change.expectedStatus, change.status);
        }
        const row = await first(db, sql.changeStatus, [
          change.id,
          change.expectedStatus,
          change.status,
          change.at,
          change.cancellationReason ?? null,
        ]);
        if (row === undefined) return refuseChange(db, change.id, change.expectedStatus, change.status);
        return rowToAppointment(row);
      });
    },

    rescheduleAppointment: async (reschedule: Reschedule) => {
      checkAppointmentText(reschedule.replacement);
      return transaction('rescheduleAppointment', async (tx) => {
        const { replacement } = reschedule;
        const old = await first(tx, sql.cancelForReschedule, [reschedule.fromId, reschedule.at, replacement.id]);
        if (old === undefined) return refuseChange(tx, reschedule.fromId, 'booked', 'cancelled');
        // A replacement's key must be new: the same key again is refused, not answered.
        const booked = await insertOrExplain(tx, replacement, reschedule.doctorVersion, (_earlier, key) => {
          throw refusals.alreadyExists('idempotency-key', key);
        });
        return { cancelled: rowToAppointment(old), booked };
      });
    },
  } satisfies SchedulingRepository);
}

/** Refuses the id of a cursor that PostgreSQL text could not hold (a NUL), so no cursor reaches the database as an error. */
function checkCursorId(id: string): void {
  if (id.includes('\u0000')) throw invalidCursor();
}

/**
 * Refuses a cursor whose start is not exactly the form the adapter writes
 * (`2030-01-07T09:00:00.000Z`, years 0001 to 9999), so that PostgreSQL neither rejects it nor
 * reads it in the session's time zone; and its id as {@link checkCursorId} does.
 */
function checkCursorKey(key: { start: string; id: string }): void {
  const ms = Date.parse(key.start);
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== key.start || !/^\d{4}-/.test(key.start) || key.start.startsWith('0000')) {
    throw invalidCursor();
  }
  checkCursorId(key.id);
}
