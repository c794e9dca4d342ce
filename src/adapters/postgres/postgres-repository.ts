import { type Appointment } from '../../schemas/appointment.js';
import { refusals } from '../../domain/refusals.js';
import { canTransition, type AppointmentStatus } from '../../domain/appointment.js';
import type { Claim, StoredClaim } from '../../domain/claims.js';
import { isLiveHold, type HoldStatus } from '../../domain/hold.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import { parseInput } from '../../schemas/parse.js';
import type {
  AppointmentListQuery,
  ClaimQuery,
  DoctorListQuery,
  DoctorUpdateOptions,
  HoldChange,
  HoldConfirmation,
  HoldInsertOptions,
  InsertOptions,
  Page,
  RepositoryCapabilities,
  Reschedule,
  SchedulingRepository,
  StatusChange,
} from '../../ports/repository.js';
import { claimsOf, firstCollidingWithEarlier, inLockOrder } from '../shared/claims.js';
import { invalidCursor } from '../shared/cursor.js';
import { appointmentCursorKey, appointmentPage, doctorCursorId, doctorPage, rowLimit } from '../shared/page.js';
import { checkDoctorVersion, statusChangeRefused, storageFailed } from '../shared/refusals.js';
import { asStored, asStoredHold } from '../shared/rows.js';
import { checkClient, isPool, type PostgresClient } from './postgres-client.js';
import { toConnection, type Executor } from './postgres-connection.js';
import { isRace, sqlState } from './postgres-errors.js';
import { preparing } from './postgres-prepared.js';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  PostgresRepositoryOptionsSchema,
  type PostgresRepositoryOptions,
} from './postgres-repository-options.js';
import { runWithRetries, type RetryPolicy } from './postgres-retry.js';
import { appointmentValues, claimValues, doctorValues, holdValues, rowToAppointment, rowToClaim, rowToDoctor, rowToHold } from './postgres-rows.js';
import { DEFAULT_POSTGRES_SCHEMA, quoteIdentifier } from './postgres-schema-name.js';
import { MAX_LISTED_CLAIMS, claimedStatements, claimsForm, listAppointmentsStatement, statements } from './postgres-statements.js';
import { checkAppointmentText, checkClaimsText, checkDoctorText, checkHoldText, checkText } from './postgres-text.js';

const capabilities: RepositoryCapabilities = Object.freeze({ concurrentWriters: 'cross-process' });

/**
 * How often a write runs again when its one statement met a row committed after it started (the
 * constraints refused it, or a row it had to lock had changed), before it fails with
 * `STORAGE_FAILED`. Each time, the statement sees the rows that got in its way, so the second run
 * answers nearly always; only another write committing in between each run makes it go on, so
 * the bound is set well above the number of writers that can race on one doctor (14 concurrent
 * inserts on a loaded machine exhausted 5).
 */
const MAX_WRITE_ATTEMPTS = 20;

/** What a write's statement gives when nothing it read explains why it did not write: run it again. */
const AGAIN = Symbol('again');
type Again = typeof AGAIN;

/**
 * A row held by a JSON column of a statement's answer (`to_jsonb(row)::text`: text, whatever the
 * driver's type parsers), as `map` makes it; `undefined` for `NULL`.
 */
const jsonRow = <T>(text: unknown, map: (row: unknown) => T): T | undefined => (typeof text === 'string' ? map(JSON.parse(text)) : undefined);

/** The version a statement read, or `undefined` when the doctor was not there. */
const versionOf = (text: unknown): number | undefined => (text === null || text === undefined ? undefined : Number(text));

/**
 * A {@link SchedulingRepository} on PostgreSQL (13 or later) or on PGlite. The claims rule (no two
 * live claims on one resource lane overlap) is an exclusion constraint of the database, so it
 * holds across any number of processes and connections (`capabilities.concurrentWriters` is
 * `'cross-process'`), and against rows written by outside SQL.
 *
 * Give it a `pg` `Pool` (recommended: transactions run in parallel on borrowed clients), a single
 * `pg` `Client`, or a PGlite database (created with the `btree_gist` extension). On a single
 * connection the adapter runs its operations one after the other, so do not run your own
 * transactions on that connection at the same time. Run {@link migratePostgres} once before,
 * with the same `schema`.
 *
 * How it works: every write is one statement, which judges and writes at once. A booking reads
 * what is in its way (the live claims its claims overlap, an earlier appointment with its
 * idempotency key, a taken id), and only when nothing is, locks the doctor's row `FOR KEY SHARE`
 * at the version judged, retires the expired holds in the way (marked `expired`, their claims no
 * longer live) and inserts the appointment and its claims; otherwise it answers with what
 * refused it (`DOCTOR_NOT_FOUND`, `CONFLICT`, the earlier appointment, `SLOT_TAKEN`,
 * `PATIENT_BUSY`). A write that commits meanwhile is caught by the constraints, which fail the
 * statement as a whole; it is then run again. Holds, reschedules, confirmations, status changes
 * and hold changes work the same way, each in one statement. Removing a location, or a doctor,
 * locks the doctor's row `FOR UPDATE` first, so it cannot miss a booking made at the same moment.
 * Transactions run at READ COMMITTED, whatever the server's default isolation level.
 * Serialization failures and deadlocks are retried (see {@link PostgresRepositoryOptions.maxRetries});
 * every other driver error becomes `STORAGE_FAILED` with the driver's error as `cause`. Beyond
 * the port's contract, a status change the lifecycle does not allow is refused with
 * `NOT_ACTIVE`, and a cursor it did not make with `VALIDATION_FAILED`, and so is text holding a
 * lone surrogate (half of a UTF-16 pair), which PostgreSQL cannot store verbatim.
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
  const parsedOptions = parseInput(PostgresRepositoryOptionsSchema, options, 'PostgreSQL repository options');
  checkClient(client, 'createPostgresRepository');
  const policy: RetryPolicy = {
    maxRetries: parsedOptions.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryDelayMs: parsedOptions.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  };
  const connection = toConnection(client);
  const schema = quoteIdentifier(parsedOptions.schema ?? DEFAULT_POSTGRES_SCHEMA);
  const sql = statements(schema);
  /**
   * The claimed writes' statements, by the form of their claims (see `claimsForm`: index 0 for
   * arrays, n for n listed), each as the usual statement and the one that also retires expired holds.
   */
  const claimed = Array.from({ length: MAX_LISTED_CLAIMS + 1 }, (_, listed) => ({
    usual: claimedStatements(schema, listed, false),
    retiring: claimedStatements(schema, listed, true),
  }));
  const texts = [...Object.values(sql), ...claimed.flatMap((form) => [...Object.values(form.usual), ...Object.values(form.retiring)])];
  const wrap = (parsedOptions.preparedStatements ?? isPool(client)) ? preparing(texts) : (executor: Executor) => executor;
  type ClaimedName = keyof ReturnType<typeof claimedStatements>;
  /** The statements of write `name` for these claims, and the claims as the statements' last values. */
  const claimedFor = (name: ClaimedName, claims: readonly Claim[]) => {
    const form = claimed[claimsForm(claims.length)]!;
    return { text: form.usual[name], retiring: form.retiring[name], values: claimValues(claims, claimsForm(claims.length) > 0) };
  };

  const statement = <T>(what: string, body: (executor: Executor) => Promise<T>) =>
    runWithRetries(policy, what, () => connection.statement((executor) => body(wrap(executor))));
  const transaction = <T>(what: string, body: (executor: Executor) => Promise<T>) =>
    runWithRetries(policy, what, () => connection.transaction((executor) => body(wrap(executor))));

  const first = async (executor: Executor, text: string, values: unknown[]): Promise<Record<string, unknown> | undefined> =>
    (await executor.query(text, values)).rows[0] as Record<string, unknown> | undefined;

  /** The first row `text` reads, as `map` makes it, or `undefined` when there is none. */
  const one = async <T>(executor: Executor, text: string, values: unknown[], map: (row: unknown) => T): Promise<T | undefined> => {
    const row = await first(executor, text, values);
    return row === undefined ? undefined : map(row);
  };

  /** Reads the one row of statement `text`: the details of a refusal, after the write's statement. */
  const read = (text: string, values: unknown[]) => connection.statement(async (executor) => (await first(wrap(executor), text, values))!);

  /**
   * Runs a write's one statement (`statements.text` with `values`) and gives its answer row to
   * `answer`, which returns the result, throws the refusal (reading its details with `read`
   * where the answer does not hold them), or says {@link AGAIN}; then, or after the constraints
   * refused a row committed since the statement started (`isRace`), runs it again, at most
   * {@link MAX_WRITE_ATTEMPTS} times. When the answer says that nothing but expired holds was in
   * the way (`expired_met`), the next run is of `statements.retiring`, which retires them. With
   * `claims` given, a write whose claims collide with one another is refused for the first that
   * does (the statement cannot store it).
   */
  const write = <T>(
    what: string,
    statements: { readonly text: string; readonly retiring?: string },
    values: unknown[],
    answer: (row: Record<string, unknown>, refuseClaim: (blocked: unknown) => Error) => T | Again | Promise<T | Again>,
    claims: readonly Claim[] = [],
  ): Promise<T> => {
    const clash = firstCollidingWithEarlier(claims);
    /** The refusal of the claim at `ord` (from 1), or of the first that collides with its own write's, whichever comes first. */
    const refuseClaim = (blocked: unknown): Error => {
      const index = Math.min(Number(blocked) - 1, clash ?? Number.POSITIVE_INFINITY);
      return refusals.claimTaken(claims[index]!);
    };
    return runWithRetries(policy, what, async () => {
      let text = statements.text;
      for (let attempt = 1; ; attempt++) {
        let row: Record<string, unknown> | undefined;
        try {
          row = await connection.statement((executor) => first(wrap(executor), text, values));
        } catch (error) {
          if (clash !== undefined && sqlState(error) === '23P01') throw refusals.claimTaken(claims[clash]!);
          if (!isRace(error) || attempt === MAX_WRITE_ATTEMPTS) throw error;
          continue;
        }
        const outcome = await answer(row!, refuseClaim);
        if (outcome !== AGAIN) return outcome;
        if (row!.expired_met === true && statements.retiring !== undefined) text = statements.retiring;
        if (attempt === MAX_WRITE_ATTEMPTS) throw storageFailed(what, `what was in the way kept changing, ${attempt} attempts`);
      }
    });
  };

  /**
   * The answer to a new appointment's or hold's statement that did not store it, in the port's
   * order of checks: its doctor (missing, or at another version than `expected`), then an
   * earlier one with its key (returned), a taken id, a claim in the way; AGAIN when none of them
   * holds any more. `explain` reads the doctor's version and the earlier one as they are now.
   */
  const refuseNew = async <T>(
    row: Record<string, unknown>,
    doctorId: string,
    expected: number | undefined,
    explain: () => Promise<Record<string, unknown>>,
    toEarlier: (row: unknown) => T,
    idTaken: () => Error,
    refuseClaim: (blocked: unknown) => Error,
  ): Promise<T | Again> => {
    if (row.doctor_locked !== true || row.earlier_found === true) {
      const details = await explain();
      checkDoctorVersion(doctorId, versionOf(details.doctor_version), expected);
      const earlier = jsonRow(details.earlier, toEarlier);
      if (earlier !== undefined) return earlier;
      if (row.doctor_locked !== true) return AGAIN;
    }
    if (row.id_taken === true) throw idTaken();
    if (typeof row.blocked === 'number') throw refuseClaim(row.blocked);
    return AGAIN;
  };

  const findByKey = (executor: Executor, key: string) => one(executor, sql.appointmentByKey, [key], rowToAppointment);

  /** After a change that changed nothing: `APPOINTMENT_NOT_FOUND` when there is no such appointment, else `NOT_ACTIVE`. */
  const refuseChange = async (executor: Executor, id: string, expected: AppointmentStatus, wanted: AppointmentStatus): Promise<never> => {
    const row = await first(executor, sql.appointmentStatus, [id]);
    throw statusChangeRefused(id, row?.status as AppointmentStatus | undefined, expected, wanted);
  };

  /** The refusal of a change of `previous` (the hold as it was) at `at`, or AGAIN when it was live then (it changed since). */
  const holdRefusal = (id: string, previous: Hold | undefined, at: string): Again => {
    if (previous === undefined) throw refusals.holdNotFound(id);
    if (previous.status !== 'held') throw refusals.holdNotActive(id, previous.status);
    if (!isLiveHold(previous, at)) throw refusals.holdExpired(id, previous.expiresAt);
    return AGAIN;
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

    updateDoctor: async (doctor: Doctor, expectedVersion: number, updateOptions: DoctorUpdateOptions = {}) => {
      checkDoctorText(doctor);
      const removed = updateOptions.removedLocation;
      if (removed !== undefined) {
        return transaction('updateDoctor', async (tx) => {
          // The row lock waits for every booking that holds the doctor's row (FOR KEY SHARE), and
          // keeps new ones out, so the next statement sees every booking at the location.
          const locked = await first(tx, sql.lockDoctor, [doctor.id]);
          checkDoctorVersion(doctor.id, versionOf(locked?.version), expectedVersion);
          const row = await first(tx, sql.updateDoctorRemovingLocation, [...doctorValues(doctor), expectedVersion, removed.id, removed.activeAfter]);
          if (row?.busy === true) throw refusals.hasAppointments(doctor.id, removed.id);
        });
      }
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
      checkClaimsText(insertOptions.claims);
      const claims = inLockOrder(claimsOf(appointment, insertOptions.claims));
      const { doctorVersion } = insertOptions;
      const form = claimedFor('insertAppointment', claims);
      return write(
        'insertAppointment',
        form,
        [...appointmentValues(appointment), doctorVersion ?? null, ...form.values],
        (row, refuseClaim) => {
          if (row.stored === 1) return asStored(appointment);
          // The same key again returns the appointment it made.
          return refuseNew(
            row, appointment.doctorId, doctorVersion,
            () => read(sql.explainAppointment, [appointment.doctorId, appointment.idempotencyKey ?? null]),
            rowToAppointment, () => refusals.alreadyExists('appointment', appointment.id), refuseClaim,
          );
        },
        claims,
      );
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
      if (!canTransition(change.expectedStatus, change.status)) {
        return statement('changeAppointmentStatus', (db) => refuseChange(db, change.id, change.expectedStatus, change.status));
      }
      const values = [change.id, change.expectedStatus, change.status, change.at, change.cancellationReason ?? null];
      return write('changeAppointmentStatus', { text: sql.changeStatus }, values, (row) => {
        const changed = jsonRow(row.changed, rowToAppointment);
        if (changed !== undefined) return changed;
        const previous = (row.previous_status ?? undefined) as AppointmentStatus | undefined;
        // Still in the expected status as the statement began: it changed since; look again.
        if (previous === change.expectedStatus) return AGAIN;
        throw statusChangeRefused(change.id, previous, change.expectedStatus, change.status);
      });
    },

    rescheduleAppointment: async (reschedule: Reschedule) => {
      const { replacement } = reschedule;
      checkAppointmentText(replacement);
      checkClaimsText(reschedule.claims);
      const claims = inLockOrder(claimsOf(replacement, reschedule.claims));
      const form = claimedFor('rescheduleAppointment', claims);
      return write(
        'rescheduleAppointment',
        form,
        [...appointmentValues(replacement), reschedule.doctorVersion ?? null, reschedule.fromId, reschedule.at, ...form.values],
        async (row, refuseClaim) => {
          const cancelled = jsonRow(row.cancelled, rowToAppointment);
          if (cancelled !== undefined) return { cancelled, booked: asStored(replacement) };
          const details = await read(sql.explainReschedule, [reschedule.fromId, replacement.doctorId, replacement.idempotencyKey ?? null, replacement.id]);
          const previous = (details.previous_status ?? undefined) as AppointmentStatus | undefined;
          if (previous !== 'booked') throw statusChangeRefused(reschedule.fromId, previous, 'booked', 'cancelled');
          checkDoctorVersion(replacement.doctorId, versionOf(details.doctor_version), reschedule.doctorVersion);
          // A replacement's key must be new: the same key again is refused, not answered.
          if (details.key_taken === true) throw refusals.alreadyExists('idempotency-key', replacement.idempotencyKey!);
          if (details.id_taken === true) throw refusals.alreadyExists('appointment', replacement.id);
          if (typeof row.blocked === 'number') throw refuseClaim(row.blocked);
          return AGAIN;
        },
        claims,
      );
    },

    listClaims: (query: ClaimQuery) =>
      statement('listClaims', async (db): Promise<StoredClaim[]> => {
        const { rows } = await db.query(sql.listClaims, [query.kind, query.id, query.from, query.to, query.at]);
        return rows.map(rowToClaim);
      }),

    insertHold: async (hold: Hold, holdOptions: HoldInsertOptions = {}) => {
      checkHoldText(hold);
      checkClaimsText(holdOptions.claims);
      const claims = inLockOrder(claimsOf(hold, holdOptions.claims));
      const { doctorVersion } = holdOptions;
      const form = claimedFor('insertHold', claims);
      return write(
        'insertHold',
        form,
        [...holdValues(hold), doctorVersion ?? null, ...form.values],
        (row, refuseClaim) => {
          if (row.stored === 1) return asStoredHold(hold);
          return refuseNew(
            row, hold.doctorId, doctorVersion,
            () => read(sql.explainHold, [hold.doctorId, hold.idempotencyKey ?? null]),
            rowToHold, () => refusals.alreadyExists('hold', hold.id), refuseClaim,
          );
        },
        claims,
      );
    },

    getHold: (id: string) => statement('getHold', (db) => one(db, sql.holdById, [id], rowToHold)),

    findHoldByIdempotencyKey: (key: string) => statement('findHoldByIdempotencyKey', (db) => one(db, sql.holdByKey, [key], rowToHold)),

    changeHold: (change: HoldChange) =>
      write('changeHold', { text: sql.changeHold }, [change.id, change.at, change.expiresAt ?? null], (row) => {
        const changed = jsonRow(row.changed, rowToHold);
        return changed ?? holdRefusal(change.id, jsonRow(row.previous, rowToHold), change.at);
      }),

    confirmHold: async (confirmation: HoldConfirmation) => {
      const { appointment, at, holdId } = confirmation;
      checkAppointmentText(appointment);
      checkClaimsText(confirmation.claims);
      const claims = inLockOrder(claimsOf(appointment, confirmation.claims));
      const form = claimedFor('confirmHold', claims);
      return write(
        'confirmHold',
        form,
        [...appointmentValues(appointment), holdId, at, ...form.values],
        async (row, refuseClaim) => {
          const confirmed = jsonRow(row.confirmed, rowToHold);
          if (confirmed !== undefined) return { hold: confirmed, appointment: asStored(appointment) };
          const key = appointment.idempotencyKey;
          const details = await read(sql.explainConfirmation, [holdId, key ?? null, appointment.id]);
          const previous = jsonRow(details.previous, rowToHold);
          const made = jsonRow(details.made, rowToAppointment);
          // A retried confirmation: this hold made an appointment with this key already.
          if (previous?.status === ('confirmed' satisfies HoldStatus) && made !== undefined && key !== undefined && made.idempotencyKey === key) {
            return { hold: previous, appointment: made };
          }
          // Throws unless the hold is live (then something else kept the confirmation out).
          holdRefusal(holdId, previous, at);
          if (details.key_taken === true) throw refusals.alreadyExists('idempotency-key', key!);
          if (details.id_taken === true) throw refusals.alreadyExists('appointment', appointment.id);
          if (typeof row.blocked === 'number') throw refuseClaim(row.blocked);
          return AGAIN;
        },
        claims,
      );
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
