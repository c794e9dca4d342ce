import { SchedulingError } from '../../domain/errors.js';
import { refusals } from '../../domain/refusals.js';
import type { Appointment } from '../../schemas/appointment.js';
import type { Doctor } from '../../schemas/doctor.js';
import type { Hold } from '../../schemas/hold.js';
import type { Claim, StoredClaim } from '../../domain/claims.js';
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
import { claimsOf } from '../shared/claims.js';
import { decodeCursor } from '../shared/cursor.js';
import { errorCode } from '../shared/driver.js';
import { doctorCursorId, doctorPage, rowLimit, toPage } from '../shared/page.js';
import {
  checkDoctorVersion,
  checkStatusChange,
} from '../shared/refusals.js';
import { asStored, asStoredHold } from '../shared/rows.js';
import { isSqliteDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-database.js';
import { isClaimOverlap, storageFailed, toSchedulingError } from './sqlite-errors.js';
import { LATEST_SQLITE_VERSION, migrateSqlite, readSqliteSchemaVersion } from './sqlite-migrations.js';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  SqliteRepositoryOptionsSchema,
  type SqliteRepositoryOptions,
} from './sqlite-repository-options.js';
import {
  appointmentParams,
  claimParams,
  doctorParams,
  holdParams,
  toAppointment,
  toDoctor,
  toHold,
  toInstant,
  toMs,
  toStoredClaim,
  type AppointmentRow,
  type ClaimRow,
  type DoctorRow,
  type HoldRow,
} from './sqlite-rows.js';
import { SQL, listAppointmentsParams, listAppointmentsSql, type AppointmentListShape } from './sqlite-statements.js';
import { inTransaction, type TransactionControl } from './sqlite-transaction.js';

const capabilities: RepositoryCapabilities = Object.freeze({ concurrentWriters: 'cross-process' });

type Statements = { readonly [K in keyof typeof SQL]: SqliteStatement };

/** Who takes a claim. */
type Owner = Pick<StoredClaim, 'ownerKind' | 'ownerId'>;

/**
 * A {@link SchedulingRepository} stored in SQLite through better-sqlite3 (version 12, an
 * optional peer dependency): the embedded default. One file holds a hospital, and any number of
 * processes may share it.
 *
 * On creation it sets the connection's pragmas (`journal_mode = WAL`, `busy_timeout`,
 * `synchronous`) and, unless `migrate: false`, applies missing migrations (see
 * {@link migrateSqlite}). Then:
 *
 * - every write runs in a `BEGIN IMMEDIATE` transaction, which takes SQLite's single write lock
 *   before reading anything, so a check and the change it guards are one atomic step across
 *   every connection and process (`capabilities.concurrentWriters: 'cross-process'`). A writer
 *   that cannot get the lock within the busy timeout fails with `STORAGE_FAILED` and changes
 *   nothing;
 * - every claim of a write is a row of `clinic_slots_claims`, and the database itself refuses a
 *   live claim that overlaps another on its lane: a trigger, whose check is one range search of
 *   a partial index of live claims by resource and start, so even rows written by other code
 *   cannot make two live claims overlap. A write inserts its rows and lets the trigger judge
 *   each claim; only when one is refused does it look for `held` holds expired at the write's
 *   instant in the way, mark them `expired` (which releases their claims) and try once more, all
 *   in the same transaction. Triggers also release the claims of an appointment leaving
 *   `booked` and of a hold leaving `held`, whoever changes its status. Code of your own that
 *   inserts an appointment or a hold must insert its claims too: a row without claims holds no
 *   time (since schema version 2; round one's triggers on appointments are gone);
 * - instants are stored as UTC epoch milliseconds, text verbatim, through bound parameters only;
 * - beyond the port's contract, a status change the lifecycle does not allow (see
 *   `APPOINTMENT_TRANSITIONS`) is refused with `NOT_ACTIVE`, and a cursor it did not make with
 *   `VALIDATION_FAILED`.
 *
 * better-sqlite3 is synchronous: each call runs to completion (waiting for the lock, if it
 * must) before the returned promise settles. Do not call the repository while the connection is
 * inside a transaction of your own (`STORAGE_FAILED`).
 *
 * @param db - a better-sqlite3 `Database` (see {@link SqliteDatabase}); the caller opens and
 *   closes it
 * @param options - pragmas and migration; see {@link SqliteRepositoryOptions}
 * @returns the repository
 * @throws SchedulingError `VALIDATION_FAILED` when `db` or `options` is not valid;
 *   `STORAGE_FAILED` when the pragmas or migrations cannot be applied, or (with
 *   `migrate: false`) the schema is not current
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createScheduler } from 'clinic-slots';
 * import { createSqliteRepository } from 'clinic-slots/sqlite';
 *
 * const db = new Database(':memory:'); // or a file: new Database('clinic.db')
 * const repository = createSqliteRepository(db, { busyTimeoutMs: 5000, synchronous: 'FULL' });
 * const scheduler = createScheduler({ repository });
 * ```
 */
export function createSqliteRepository(db: SqliteDatabase, options: SqliteRepositoryOptions = {}): SchedulingRepository {
  if (!isSqliteDatabase(db)) {
    throw new SchedulingError('VALIDATION_FAILED', 'invalid database: expected a better-sqlite3 Database (prepare, exec, pragma)');
  }
  const settings = parseInput(SqliteRepositoryOptionsSchema, options, 'SQLite repository options');
  const busyTimeoutMs = settings.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    enableWal(db, busyTimeoutMs);
    db.pragma(`synchronous = ${settings.synchronous ?? 'FULL'}`);
  } catch (cause) {
    throw storageFailed('could not set the pragmas of the SQLite connection', cause);
  }
  if (settings.migrate ?? true) {
    migrateSqlite(db);
  } else {
    let version: number;
    try {
      version = readSqliteSchemaVersion(db);
    } catch (cause) {
      throw storageFailed('could not read the schema version', cause);
    }
    if (version !== LATEST_SQLITE_VERSION) {
      throw new SchedulingError(
        'STORAGE_FAILED',
        `the database is at schema version ${version}, not ${LATEST_SQLITE_VERSION}: run migrateSqlite first`,
      );
    }
  }
  let statements: Statements;
  try {
    statements = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Statements;
  } catch (cause) {
    throw storageFailed('could not prepare the statements', cause);
  }
  return new SqliteRepository(db, statements);
}

/**
 * Puts the database in WAL mode. SQLite refuses that switch at once, without waiting in the busy
 * handler, while another connection holds the write lock of a file still in rollback-journal
 * mode: several processes starting together on a new file, one of them migrating. So on
 * `SQLITE_BUSY` it waits for that writer as every write does, by taking and releasing the write
 * lock (`BEGIN IMMEDIATE` waits up to the busy timeout), and tries again until the busy timeout
 * has passed.
 */
function enableWal(db: SqliteDatabase, busyTimeoutMs: number): void {
  const deadline = performance.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!errorCode(error)?.startsWith('SQLITE_BUSY') || performance.now() >= deadline) throw error;
    }
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  }
}

/** The repository behind {@link createSqliteRepository}. */
class SqliteRepository implements SchedulingRepository {
  readonly capabilities = capabilities;
  private readonly listStatements = new Map<string, SqliteStatement>();
  /** `BEGIN IMMEDIATE`, `COMMIT` and `ROLLBACK`, prepared once. */
  private readonly control: TransactionControl = {
    begin: () => this.sql.begin.run(),
    commit: () => this.sql.commit.run(),
    rollback: () => this.sql.rollback.run(),
  };

  constructor(
    private readonly db: SqliteDatabase,
    private readonly sql: Statements,
  ) {}

  async createDoctor(doctor: Doctor): Promise<void> {
    this.write('could not create the doctor', () => {
      this.sql.insertDoctor.run(doctorParams(doctor));
    });
  }

  async getDoctor(id: string): Promise<Doctor | undefined> {
    return this.readOne('could not read the doctor', this.sql.getDoctor, id, toDoctor);
  }

  async listDoctors(query: DoctorListQuery): Promise<Page<Doctor>> {
    const after = doctorCursorId(query.cursor);
    return this.read('could not list the doctors', () => {
      const rows = (after === undefined
        ? this.sql.listDoctors.all(rowLimit(query.limit))
        : this.sql.listDoctorsAfter.all(after, rowLimit(query.limit))) as DoctorRow[];
      return doctorPage(rows, query.limit, toDoctor);
    });
  }

  async updateDoctor(doctor: Doctor, expectedVersion: number, options: DoctorUpdateOptions = {}): Promise<void> {
    const removed = options.removedLocation;
    this.write('could not update the doctor', () => {
      this.checkDoctor(doctor.id, expectedVersion);
      if (
        removed !== undefined &&
        this.sql.activeAtLocationAfter.get({ doctor_id: doctor.id, location_id: removed.id, after: toMs(removed.activeAfter) }) !== undefined
      ) {
        throw refusals.hasAppointments(doctor.id, removed.id);
      }
      this.sql.updateDoctor.run(doctorParams(doctor));
    });
  }

  async deleteDoctor(id: string, options: { activeAfter: string; expectedVersion?: number }): Promise<void> {
    this.write('could not delete the doctor', () => {
      this.checkDoctor(id, options.expectedVersion);
      if (this.sql.activeAfter.get({ doctor_id: id, after: toMs(options.activeAfter) }) !== undefined) {
        throw refusals.hasAppointments(id);
      }
      this.sql.deleteDoctor.run(id);
    });
  }

  async insertAppointment(appointment: Appointment, options: InsertOptions = {}): Promise<Appointment> {
    // Everything that needs no lock is done before taking it, so that other writers wait less.
    const row = appointmentParams(appointment);
    const claims = claimsOf(appointment, options.claims);
    const earlier = this.write('could not insert the appointment', () => this.insertOwner('appointment', row, claims, options.doctorVersion));
    return earlier === undefined ? asStored(appointment) : toAppointment(earlier as AppointmentRow);
  }

  async getAppointment(id: string): Promise<Appointment | undefined> {
    return this.readOne('could not read the appointment', this.sql.getAppointment, id, toAppointment);
  }

  async listAppointments(query: AppointmentListQuery): Promise<Page<Appointment>> {
    // The cursor holds the start as epoch milliseconds, as the rows do.
    const key = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['integer', 'string']);
    const cursor = key === undefined ? undefined : { startMs: key[0], id: key[1] };
    const shape: AppointmentListShape = {
      from: query.from !== undefined,
      to: query.to !== undefined,
      cursor: cursor !== undefined,
      statuses: query.statuses?.length ?? 0,
    };
    return this.read('could not list the appointments', () => {
      const params = listAppointmentsParams({
        doctorId: query.doctorId,
        ...(query.from === undefined ? {} : { fromMs: toMs(query.from) }),
        ...(query.to === undefined ? {} : { toMs: toMs(query.to) }),
        ...(query.statuses === undefined ? {} : { statuses: query.statuses }),
        ...(cursor === undefined ? {} : { cursor }),
        limit: rowLimit(query.limit),
      });
      const rows = this.listStatement(shape).all(...params) as AppointmentRow[];
      return toPage(rows, query.limit, toAppointment, (appointment) => [toMs(appointment.start), appointment.id]);
    });
  }

  async findAppointmentByIdempotencyKey(key: string): Promise<Appointment | undefined> {
    return this.readOne('could not read the appointment', this.sql.byIdempotencyKey, key, toAppointment);
  }

  async changeAppointmentStatus(change: StatusChange): Promise<Appointment> {
    return this.write('could not change the appointment', () => {
      this.checkChangeable(change.id, change.expectedStatus, change.status);
      const row = this.sql.changeStatus.get({
        id: change.id,
        status: change.status,
        updated_ms: toMs(change.at),
        cancellation_reason: change.cancellationReason ?? null,
      }) as AppointmentRow;
      return toAppointment(row);
    });
  }

  async rescheduleAppointment(reschedule: Reschedule): Promise<{ cancelled: Appointment; booked: Appointment }> {
    return this.write('could not reschedule the appointment', () => {
      const { replacement } = reschedule;
      this.checkChangeable(reschedule.fromId, 'booked', 'cancelled');
      this.checkDoctor(replacement.doctorId, reschedule.doctorVersion);
      if (replacement.idempotencyKey !== undefined && this.sql.byIdempotencyKey.get(replacement.idempotencyKey) !== undefined) {
        throw refusals.alreadyExists('idempotency-key', replacement.idempotencyKey);
      }
      // Cancel first, which releases the old appointment's claims, so that its time is free for
      // the replacement; a refusal below rolls the cancellation back with everything else.
      const cancelled = this.sql.cancelForReschedule.get({
        id: reschedule.fromId,
        updated_ms: toMs(reschedule.at),
        rescheduled_to: replacement.id,
      }) as AppointmentRow;
      const booked = appointmentParams(replacement);
      this.insertRow('appointment', booked);
      this.take(claimsOf(replacement, reschedule.claims), { ownerKind: 'appointment', ownerId: booked.id }, booked.created_ms);
      return { cancelled: toAppointment(cancelled), booked: asStored(replacement) };
    });
  }

  async listClaims(query: ClaimQuery): Promise<StoredClaim[]> {
    return this.read('could not list the claims', () => {
      const rows = this.sql.listClaims.all({
        resource_kind: query.kind,
        resource_id: query.id,
        from_ms: toMs(query.from),
        to_ms: toMs(query.to),
        at_ms: toMs(query.at),
      }) as ClaimRow[];
      return rows.map(toStoredClaim);
    });
  }

  async insertHold(hold: Hold, options: HoldInsertOptions = {}): Promise<Hold> {
    const row = holdParams(hold);
    const claims = claimsOf(hold, options.claims);
    const earlier = this.write('could not insert the hold', () => this.insertOwner('hold', row, claims, options.doctorVersion));
    return earlier === undefined ? asStoredHold(hold) : toHold(earlier as HoldRow);
  }

  async getHold(id: string): Promise<Hold | undefined> {
    return this.readOne('could not read the hold', this.sql.getHold, id, toHold);
  }

  async findHoldByIdempotencyKey(key: string): Promise<Hold | undefined> {
    return this.readOne('could not read the hold', this.sql.holdByIdempotencyKey, key, toHold);
  }

  async changeHold(change: HoldChange): Promise<Hold> {
    const atMs = toMs(change.at);
    return this.write('could not change the hold', () => {
      checkLiveHold(change.id, this.sql.getHold.get(change.id) as HoldRow | undefined, atMs);
      const row =
        change.expiresAt === undefined
          ? this.sql.endHold.get({ id: change.id, status: 'released', updated_ms: atMs, appointment_id: null })
          : this.sql.renewHold.get({ id: change.id, expires_ms: toMs(change.expiresAt), updated_ms: atMs });
      return toHold(row as HoldRow);
    });
  }

  async confirmHold(confirmation: HoldConfirmation): Promise<{ hold: Hold; appointment: Appointment }> {
    const { appointment, holdId } = confirmation;
    const row = appointmentParams(appointment);
    const claims = claimsOf(appointment, confirmation.claims);
    const atMs = toMs(confirmation.at);
    return this.write('could not confirm the hold', () => {
      const hold = this.sql.getHold.get(holdId) as HoldRow | undefined;
      if (hold?.status === 'confirmed' && hold.appointment_id !== null && row.idempotency_key !== null) {
        // A retried confirmation gives what the first one made, and changes nothing.
        const made = this.sql.getAppointment.get(hold.appointment_id) as AppointmentRow | undefined;
        if (made !== undefined && made.idempotency_key === row.idempotency_key) return { hold: toHold(hold), appointment: toAppointment(made) };
      }
      checkLiveHold(holdId, hold, atMs);
      if (row.idempotency_key !== null && this.sql.byIdempotencyKey.get(row.idempotency_key) !== undefined) {
        throw refusals.alreadyExists('idempotency-key', row.idempotency_key);
      }
      this.insertRow('appointment', row);
      // Confirming releases the hold's claims (the hold trigger), so the appointment's may take their place.
      const confirmed = this.sql.endHold.get({ id: holdId, status: 'confirmed', updated_ms: atMs, appointment_id: row.id }) as HoldRow;
      this.take(claims, { ownerKind: 'appointment', ownerId: row.id }, atMs);
      return { hold: toHold(confirmed), appointment: asStored(appointment) };
    });
  }

  /**
   * The insert of an appointment or a hold (`kind`), inside the write: its doctor must exist (at
   * `doctorVersion`, when given); an earlier row with its idempotency key is returned, and
   * nothing stored; else the row and its claims are inserted, judged at its `created_ms`.
   */
  private insertOwner(
    kind: StoredClaim['ownerKind'],
    row: AppointmentRow | HoldRow,
    claims: readonly Claim[],
    doctorVersion: number | undefined,
  ): AppointmentRow | HoldRow | undefined {
    this.checkDoctor(row.doctor_id, doctorVersion);
    if (row.idempotency_key !== null) {
      const found = (kind === 'hold' ? this.sql.holdByIdempotencyKey : this.sql.byIdempotencyKey).get(row.idempotency_key);
      if (found !== undefined) return found as AppointmentRow | HoldRow;
    }
    this.insertRow(kind, row);
    this.take(claims, { ownerKind: kind, ownerId: row.id }, row.created_ms);
    return undefined;
  }

  /** Inserts the row of an appointment or a hold; a taken id (the primary key) is `CONFLICT` (`already-exists`). */
  private insertRow(kind: StoredClaim['ownerKind'], row: AppointmentRow | HoldRow): void {
    try {
      (kind === 'hold' ? this.sql.insertHold : this.sql.insertAppointment).run(row);
    } catch (error) {
      if (errorCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw refusals.alreadyExists(kind, row.id);
      throw error;
    }
  }

  /**
   * Takes `claims` for `owner`, all or none (a refusal throws, and the transaction rolls back).
   * The claim trigger judges each one; when it refuses one, the `held` holds expired at `atMs`
   * in its way are retired (which releases their claims) and it is tried once more. A claim
   * still refused is `SLOT_TAKEN` or `PATIENT_BUSY`.
   */
  private take(claims: readonly Claim[], owner: Owner, atMs: number | bigint): void {
    for (const claim of claims) {
      const row = claimParams(claim, owner);
      if (this.tryClaim(row)) continue;
      if (this.sql.retireHolds.run({ ...row, at_ms: atMs }).changes > 0 && this.tryClaim(row)) continue;
      throw refusals.claimTaken(claim);
    }
  }

  /** Inserts a live claim; false when the trigger refuses it for overlapping a live claim. */
  private tryClaim(row: ClaimRow): boolean {
    try {
      this.sql.insertClaim.run(row);
      return true;
    } catch (error) {
      if (isClaimOverlap(error)) return false;
      throw error;
    }
  }

  /** Throws `DOCTOR_NOT_FOUND`, or `CONFLICT` when `expectedVersion` is given and stale. */
  private checkDoctor(id: string, expectedVersion: number | undefined): void {
    const row = this.sql.doctorVersion.get(id) as { version: number | bigint } | undefined;
    checkDoctorVersion(id, row === undefined ? undefined : Number(row.version), expectedVersion);
  }

  /** Throws `APPOINTMENT_NOT_FOUND`, or `NOT_ACTIVE` when not in `expectedStatus` or unable to become `status`. */
  private checkChangeable(id: string, expectedStatus: Appointment['status'], status: Appointment['status']): void {
    const row = this.sql.appointmentStatus.get(id) as { status: Appointment['status'] } | undefined;
    checkStatusChange(id, row?.status, expectedStatus, status);
  }

  private listStatement(shape: AppointmentListShape): SqliteStatement {
    const key = `${Number(shape.from)}${Number(shape.to)}${Number(shape.cursor)}${shape.statuses}`;
    let statement = this.listStatements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(listAppointmentsSql(shape));
      this.listStatements.set(key, statement);
    }
    return statement;
  }

  /** The row `statement` reads for `key`, as `map` makes it, or `undefined` when there is none. */
  private readOne<R, T>(what: string, statement: SqliteStatement, key: string, map: (row: R) => T): T | undefined {
    return this.read(what, () => {
      const row = statement.get(key) as R | undefined;
      return row === undefined ? undefined : map(row);
    });
  }

  /** Runs `body` as one statement-level read; driver errors become `STORAGE_FAILED`. */
  private read<T>(what: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw toSchedulingError(error, what);
    }
  }

  /**
   * Runs `body` in a `BEGIN IMMEDIATE` transaction: commits when it returns, rolls back when it
   * throws (a refusal or a driver error), so a failed write changes nothing.
   */
  private write<T>(what: string, body: () => T): T {
    return inTransaction(
      this.db,
      this.control,
      body,
      (cause) => storageFailed(what, cause),
      (error) => toSchedulingError(error, what),
    );
  }
}

/**
 * Throws unless the hold `row` (read for `id`) is live at `atMs`: `HOLD_NOT_FOUND` when there is
 * none, `NOT_ACTIVE` when it is no longer `held`, `HOLD_EXPIRED` when its expiry is not after then.
 */
function checkLiveHold(id: string, row: HoldRow | undefined, atMs: number): void {
  if (row === undefined) throw refusals.holdNotFound(id);
  if (row.status !== 'held') throw refusals.holdNotActive(id, row.status as Hold['status']);
  if (Number(row.expires_ms) <= atMs) throw refusals.holdExpired(id, toInstant(row.expires_ms));
}
