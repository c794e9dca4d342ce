import type { AppointmentStatus } from '../../domain/appointment.js';
import { APPOINTMENT_ROW_COLUMNS, DOCTOR_ROW_COLUMNS, HOLD_ROW_COLUMNS } from './postgres-rows.js';

/**
 * A `timestamptz` column read back as the ISO form the library uses everywhere
 * (`2027-01-04T09:00:00.000Z`), whatever type parsers the driver has configured.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The select list of a doctor: every column as text, so the driver's own parsing never matters.
 *
 * @internal
 */
export const DOCTOR_COLUMNS = [
  'id',
  'name',
  'time_zone',
  'locations::text AS locations',
  'schedule::text AS schedule',
  'overrides::text AS overrides',
  'rules::text AS rules',
  'version::text AS version',
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
].join(', ');

/**
 * The select list of an appointment, instants as ISO strings.
 *
 * @internal
 */
export const APPOINTMENT_COLUMNS = [
  'id',
  'doctor_id',
  'location_id',
  `${iso('starts_at')} AS starts_at`,
  `${iso('ends_at')} AS ends_at`,
  'patient_ref',
  'status',
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
  'cancellation_reason',
  'idempotency_key',
  'rescheduled_from',
  'rescheduled_to',
].join(', ');

/**
 * The select list of a hold, instants as ISO strings.
 *
 * @internal
 */
export const HOLD_COLUMNS = [
  'id',
  'doctor_id',
  'location_id',
  `${iso('starts_at')} AS starts_at`,
  `${iso('ends_at')} AS ends_at`,
  'patient_ref',
  'status',
  `${iso('expires_at')} AS expires_at`,
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
  'idempotency_key',
  'appointment_id',
].join(', ');

/**
 * The select list of a claim, instants as ISO strings.
 *
 * @internal
 */
export const CLAIM_COLUMNS = [
  'claim.resource_kind',
  'claim.resource_id',
  'claim.lane',
  `${iso('claim.starts_at')} AS starts_at`,
  `${iso('claim.ends_at')} AS ends_at`,
  'claim.owner_kind',
  'claim.owner_id',
].join(', ');

/** The columns of an appointment's insert, in the order of `appointmentValues`. */
const APPOINTMENT_INSERT_COLUMNS = APPOINTMENT_ROW_COLUMNS.join(', ');

/** The placeholders of an appointment's columns from `$1`, each cast to its column's type. */
const APPOINTMENT_PLACEHOLDERS =
  '$1::text, $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::text, $7::text, $8::timestamptz, $9::timestamptz, $10::text, $11::text, $12::text, $13::text';

/** The placeholders of a hold's columns from `$1`, each cast to its column's type. */
const HOLD_PLACEHOLDERS =
  '$1::text, $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::text, $7::text, $8::timestamptz, $9::timestamptz, $10::timestamptz, $11::text, $12::text';

/**
 * An update of the table `claims` releasing the live claims of the owners of `kind` whose id is
 * `= ids` (an SQL operand: a scalar subquery, or `ANY (ARRAY (...))`, so that the owner index is
 * used whatever the plan).
 */
function releaseStatement(claims: string, kind: 'appointment' | 'hold', ids: string): string {
  return `UPDATE ${claims} SET live = false WHERE live AND owner_kind = '${kind}' AND owner_id = ${ids} RETURNING 1`;
}

/**
 * The parts every claimed write (a booking, a hold, a reschedule, a confirmation) is made of, as
 * common table expressions of one statement. A claimed write judges and writes in that one
 * statement: it reads what is in the way (as committed when the statement starts), and writes
 * only when nothing is; a row committed meanwhile is caught by the constraints (the claims
 * exclusion, the unique ids and keys), which fail the whole statement, and the write is run
 * again (see the repository). The parts, with the write's claims from `$first` on (see
 * {@link claimedStatements}):
 *
 * - `wanted`: the claims, one row each, numbered by `ord` from 1;
 * - `met`: the live claims they overlap, and whether each is a `held` hold's that has expired at
 *   the write's instant `at` (which the write may retire), leaving out the claims of the owner
 *   the write replaces (`ignore`: an old appointment, a hold being confirmed);
 * - `blocked`: the first claim (`ord`) in the way of a claim that is not such an expired hold's;
 * - `clear`: the condition on the claims for the write to go ahead: nothing in the way at all;
 *   or, in the `retiring` statement, nothing but expired holds, which
 * - `expired`, `retired` (`retiring` only) mark `expired` at `at` once the write goes ahead
 *   (`gate` has a row), and release their claims. The usual statement leaves these parts out
 *   (two updates less to run on every write) and answers `expired_met` instead; the repository
 *   then runs the retiring one;
 * - `answer`: the answer's columns on the claims, `blocked` and `expired_met`;
 * - `claimed`: the claims inserted for the written owner (`written`, by `id`), only after the
 *   expired holds' claims, and `released` if there is such a part, are no longer live: the
 *   scalar subqueries make PostgreSQL run those parts first.
 */
function claimParts(tables: { claims: string; holds: string }, options: {
  first: number;
  listed: number;
  at: string;
  ignore?: { kind: 'appointment' | 'hold'; id: string };
  gate: string;
  ownerKind: 'appointment' | 'hold';
  afterReleased?: boolean;
  retiring: boolean;
}) {
  const { claims, holds } = tables;
  const p = (offset: number) => `$${options.first + offset}`;
  const ignore = options.ignore === undefined ? '' : `\n      AND NOT (claim.owner_kind = '${options.ignore.kind}' AND claim.owner_id = ${options.ignore.id})`;
  return {
    wanted: options.listed === 0
      ? `wanted AS (
  SELECT * FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::int[], ${p(3)}::timestamptz[], ${p(4)}::timestamptz[])
    WITH ORDINALITY AS wanted (resource_kind, resource_id, lane, starts_at, ends_at, ord)
)`
      : `wanted (resource_kind, resource_id, lane, starts_at, ends_at, ord) AS (VALUES ${Array.from(
          { length: options.listed },
          (_, i) => `(${p(5 * i)}::text, ${p(5 * i + 1)}::text, ${p(5 * i + 2)}::int, ${p(5 * i + 3)}::timestamptz, ${p(5 * i + 4)}::timestamptz, ${i + 1})`,
        ).join(', ')})`,
    // Per wanted claim, the lane's index (OFFSET 0 keeps the probe a nested loop: a plan cached
    // while the table was small must not scan it whole once it is not). A hold's expiry is looked
    // up only for a hold's claim.
    met: `met AS (
  SELECT wanted.ord, hit.owner_id, hit.expired
  FROM wanted CROSS JOIN LATERAL (
    SELECT claim.owner_id, (claim.owner_kind = 'hold' AND EXISTS (
      SELECT 1 FROM ${holds} AS hold WHERE hold.id = claim.owner_id AND hold.status = 'held' AND hold.expires_at <= ${options.at}
    )) AS expired
    FROM ${claims} AS claim
    WHERE claim.live AND claim.resource_id = wanted.resource_id AND claim.resource_kind = wanted.resource_kind AND claim.lane = wanted.lane
      AND tstzrange(claim.starts_at, claim.ends_at, '[)') && tstzrange(wanted.starts_at, wanted.ends_at, '[)')${ignore}
    OFFSET 0
  ) AS hit
)`,
    blocked: `blocked AS (SELECT min(ord) AS ord FROM met WHERE expired IS NOT TRUE)`,
    // Whether the write may go ahead as far as its claims go: nothing at all in the way, or, when
    // retiring, only expired holds.
    clear: options.retiring ? '(SELECT ord FROM blocked) IS NULL' : 'NOT EXISTS (SELECT 1 FROM met)',
    retire: options.retiring
      ? `expired AS (
  UPDATE ${holds} AS hold SET status = 'expired', updated_at = ${options.at}
  WHERE hold.id = ANY (ARRAY (SELECT owner_id FROM met WHERE expired)) AND hold.status = 'held' AND hold.expires_at <= ${options.at}
    AND EXISTS (SELECT 1 FROM ${options.gate})
  RETURNING hold.id
), retired AS (
  ${releaseStatement(claims, 'hold', 'ANY (ARRAY (SELECT id FROM expired))')}
),`
      : '',
    claimed: `claimed AS (
  INSERT INTO ${claims} (resource_kind, resource_id, lane, starts_at, ends_at, owner_kind, owner_id, live)
  SELECT wanted.resource_kind, wanted.resource_id, wanted.lane, wanted.starts_at, wanted.ends_at, '${options.ownerKind}', written.id, true
  FROM written, wanted${
    [options.retiring ? '(SELECT count(*) FROM retired) >= 0' : '', options.afterReleased === true ? '(SELECT count(*) FROM released) >= 0' : '']
      .filter((condition) => condition !== '')
      .map((condition, i) => `${i === 0 ? '\n  WHERE ' : ' AND '}${condition}`)
      .join('')
  }
  RETURNING 1
)`,
    // The answer's columns on the claims: the first claim in the way of a live one, and whether
    // expired holds were met (then the retiring statement runs).
    answer: '(SELECT ord::int FROM blocked) AS blocked, EXISTS (SELECT 1 FROM met WHERE expired) AS expired_met',
  };
}

/**
 * The SQL of every fixed statement, for one (quoted) schema. Values are always parameters.
 *
 * @internal
 */
export function statements(s: string) {
  const doctors = `${s}.doctors`;
  const appointments = `${s}.appointments`;
  const holds = `${s}.holds`;
  const claims = `${s}.claims`;
  const overlapsActive = (doctor: string, start: string, end: string) =>
    `doctor_id = ${doctor} AND status = 'booked' AND tstzrange(starts_at, ends_at, '[)') && tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)')`;
  const asJson = (cte: string) => `(SELECT to_jsonb(${cte})::text FROM ${cte})`;
  const asJsonOf = (query: string) => `(SELECT to_jsonb(found)::text FROM (${query}) AS found)`;
  return {
    createDoctor: `INSERT INTO ${doctors} (${DOCTOR_ROW_COLUMNS.join(', ')})
VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8::bigint, $9::timestamptz, $10::timestamptz)
ON CONFLICT (id) DO NOTHING RETURNING 1 AS created`,
    doctorById: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} WHERE id = $1`,
    doctorVersion: `SELECT version::text AS version FROM ${doctors} WHERE id = $1`,
    // Two statements rather than `$1 IS NULL OR id > $1`, so that a cached plan still seeks.
    listDoctors: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} ORDER BY id LIMIT $1`,
    listDoctorsAfter: `SELECT ${DOCTOR_COLUMNS} FROM ${doctors} WHERE id > $1 ORDER BY id LIMIT $2`,
    updateDoctor: `UPDATE ${doctors} SET name = $2, time_zone = $3, locations = $4::jsonb, schedule = $5::jsonb,
  overrides = $6::jsonb, rules = $7::jsonb, version = $8::bigint, created_at = $9::timestamptz, updated_at = $10::timestamptz
WHERE id = $1 AND version = $11::bigint RETURNING 1 AS updated`,
    // After `lockDoctor`, in the same transaction: a fresh look at the appointments and the holds
    // live then at the location (bookings and holds that held the doctor's row have committed by
    // now), and the update only if there are none.
    updateDoctorRemovingLocation: `WITH busy AS (
  SELECT EXISTS (SELECT 1 FROM ${appointments}
    WHERE doctor_id = $1 AND location_id = $12::text AND status = 'booked' AND ends_at > $13::timestamptz)
  OR EXISTS (SELECT 1 FROM ${holds}
    WHERE doctor_id = $1 AND location_id = $12::text AND status = 'held' AND expires_at > $13::timestamptz AND ends_at > $13::timestamptz) AS busy
), updated AS (
  UPDATE ${doctors} SET name = $2, time_zone = $3, locations = $4::jsonb, schedule = $5::jsonb,
    overrides = $6::jsonb, rules = $7::jsonb, version = $8::bigint, created_at = $9::timestamptz, updated_at = $10::timestamptz
  WHERE id = $1 AND version = $11::bigint AND NOT (SELECT busy FROM busy) RETURNING 1
)
SELECT (SELECT busy FROM busy) AS busy, (SELECT count(*) FROM updated)::int AS updated`,
    lockDoctor: `SELECT version::text AS version FROM ${doctors} WHERE id = $1 FOR UPDATE`,
    activeAfter: `SELECT EXISTS (SELECT 1 FROM ${appointments} WHERE ${overlapsActive('$1', '$2', 'NULL')})
  OR EXISTS (SELECT 1 FROM ${holds} WHERE doctor_id = $1 AND status = 'held' AND expires_at > $2::timestamptz AND ends_at > $2::timestamptz) AS busy`,
    deleteDoctor: `DELETE FROM ${doctors} WHERE id = $1`,

    // What a refused write's answer did not say: the doctor's version ($1) and the earlier
    // appointment or hold with the key ($2).
    explainAppointment: `SELECT (SELECT version::text FROM ${doctors} WHERE id = $1::text) AS doctor_version,
  ${asJsonOf(`SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE idempotency_key = $2::text`)} AS earlier`,
    explainHold: `SELECT (SELECT version::text FROM ${doctors} WHERE id = $1::text) AS doctor_version,
  ${asJsonOf(`SELECT ${HOLD_COLUMNS} FROM ${holds} WHERE idempotency_key = $2::text`)} AS earlier`,
    // A refused reschedule: the old appointment's status ($1), the doctor's version ($2), whether
    // the replacement's key ($3) or id ($4) is taken.
    explainReschedule: `SELECT (SELECT status FROM ${appointments} WHERE id = $1::text) AS previous_status,
  (SELECT version::text FROM ${doctors} WHERE id = $2::text) AS doctor_version,
  EXISTS (SELECT 1 FROM ${appointments} WHERE idempotency_key = $3::text) AS key_taken,
  EXISTS (SELECT 1 FROM ${appointments} WHERE id = $4::text) AS id_taken`,
    // A refused confirmation: the hold ($1) and the appointment it made, whether the
    // appointment's key ($2) or id ($3) is taken.
    explainConfirmation: `SELECT ${asJsonOf(`SELECT ${HOLD_COLUMNS} FROM ${holds} WHERE id = $1::text`)} AS previous,
  ${asJsonOf(`SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE id = (SELECT appointment_id FROM ${holds} WHERE id = $1::text)`)} AS made,
  EXISTS (SELECT 1 FROM ${appointments} WHERE idempotency_key = $2::text) AS key_taken,
  EXISTS (SELECT 1 FROM ${appointments} WHERE id = $3::text) AS id_taken`,
    appointmentById: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE id = $1`,
    appointmentByKey: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments} WHERE idempotency_key = $1`,
    appointmentStatus: `SELECT status FROM ${appointments} WHERE id = $1`,
    listAppointmentsHead: `SELECT ${APPOINTMENT_COLUMNS} FROM ${appointments}`,
    // A status change ($1 from $2 to $3 at $4, reason $5); leaving booked releases the claims.
    changeStatus: `WITH changed AS (
  UPDATE ${appointments}
  SET status = $3, updated_at = $4::timestamptz, cancellation_reason = COALESCE($5::text, cancellation_reason)
  WHERE id = $1 AND status = $2 RETURNING ${APPOINTMENT_COLUMNS}
), released AS (
  ${releaseStatement(claims, 'appointment', '(SELECT id FROM changed)')}
)
SELECT ${asJson('changed')} AS changed, (SELECT status FROM ${appointments} WHERE id = $1) AS previous_status`,

    holdById: `SELECT ${HOLD_COLUMNS} FROM ${holds} WHERE id = $1`,
    holdByKey: `SELECT ${HOLD_COLUMNS} FROM ${holds} WHERE idempotency_key = $1`,
    // A renewal to $3 or, with $3 NULL, a release (its claims released), of hold $1 live at $2.
    changeHold: `WITH changed AS (
  UPDATE ${holds}
  SET status = CASE WHEN $3::timestamptz IS NULL THEN 'released' ELSE status END,
    expires_at = COALESCE($3::timestamptz, expires_at), updated_at = $2::timestamptz
  WHERE id = $1::text AND status = 'held' AND expires_at > $2::timestamptz
  RETURNING ${HOLD_COLUMNS}
), released AS (
  ${releaseStatement(claims, 'hold', "(SELECT id FROM changed WHERE status = 'released')")}
), previous AS (SELECT ${HOLD_COLUMNS} FROM ${holds} WHERE id = $1::text)
SELECT ${asJson('changed')} AS changed, ${asJson('previous')} AS previous`,

    // The live claims of resource ($1, $2) overlapping [$3, $4): those of appointments, and of
    // holds still held and not expired at $5.
    // (The hold of a hold's claim is looked up claim by claim, by its id.)
    listClaims: `SELECT ${CLAIM_COLUMNS} FROM ${claims} AS claim
LEFT JOIN LATERAL (
  SELECT hold.status, hold.expires_at FROM ${holds} AS hold WHERE claim.owner_kind = 'hold' AND hold.id = claim.owner_id OFFSET 0
) AS hold ON true
WHERE claim.live AND claim.resource_id = $2::text AND claim.resource_kind = $1::text
  AND tstzrange(claim.starts_at, claim.ends_at, '[)') && tstzrange($3::timestamptz, $4::timestamptz, '[)')
  AND (claim.owner_kind = 'appointment' OR (hold.status = 'held' AND hold.expires_at > $5::timestamptz))
ORDER BY claim.starts_at, claim.owner_id, claim.owner_kind, claim.lane`,
  };
}

/**
 * How many claims a claimed statement lists as `VALUES` at most; a write with more (or none)
 * gives them as arrays instead. Listed, the planner knows how many there are, so a prepared
 * statement settles on one cached plan instead of planning every execution anew (it would, for
 * an array of unknown length).
 *
 * @internal
 */
export const MAX_LISTED_CLAIMS = 4;

/**
 * The form of a write's claims in its statement: how many are listed (1 to
 * {@link MAX_LISTED_CLAIMS}), or 0 for arrays.
 *
 * @internal
 */
export function claimsForm(count: number): number {
  return count >= 1 && count <= MAX_LISTED_CLAIMS ? count : 0;
}

/**
 * The claimed writes' statements for one (quoted) schema and one form of the claims (see
 * {@link claimsForm}): the claims' parameters come last, five per claim listed (kind, id, lane,
 * start, end), or five arrays. Each answers with one row: what it stored, or which check refused
 * it, from what the statement computed anyway (the details a refusal needs are read afterwards,
 * by the `explain` statements: computing them in every write would cost every write).
 * `retiring`: the statement that retires the expired holds in the way, run only after the usual
 * one answered `expired_met`.
 *
 * @internal
 */
export function claimedStatements(s: string, listed: number, retiring: boolean) {
  const doctors = `${s}.doctors`;
  const appointments = `${s}.appointments`;
  const holds = `${s}.holds`;
  const claims = `${s}.claims`;
  const tables = { claims, holds };
  // The doctor's row, locked against removal (FOR KEY SHARE: plain doctor updates go on, a
  // location's removal, which locks it FOR UPDATE, waits) and checked at the version judged.
  const lockedDoctor = (id: string, version: string) =>
    `doctor AS (SELECT version FROM ${doctors} WHERE id = ${id}::text AND (${version}::bigint IS NULL OR version = ${version}::bigint) FOR KEY SHARE)`;
  const asJson = (cte: string) => `(SELECT to_jsonb(${cte})::text FROM ${cte})`;
  // Which of a new owner's checks refused it, from the parts that made them.
  const checksOf = (earlier: string) =>
    `EXISTS (SELECT 1 FROM doctor) AS doctor_locked, EXISTS (SELECT 1 FROM ${earlier}) AS earlier_found, (SELECT taken FROM taken) AS id_taken`;

  const booking = claimParts(tables, { first: 15, listed, retiring, at: '$8::timestamptz', gate: 'go', ownerKind: 'appointment' });
  const holding = claimParts(tables, { first: 14, listed, retiring, at: '$9::timestamptz', gate: 'go', ownerKind: 'hold' });
  const rescheduling = claimParts(tables, {
    first: 17, listed, retiring, at: '$8::timestamptz', ignore: { kind: 'appointment', id: '$15::text' }, gate: 'cancelled', ownerKind: 'appointment', afterReleased: true,
  });
  const confirming = claimParts(tables, {
    first: 16, listed, retiring, at: '$15::timestamptz', ignore: { kind: 'hold', id: '$14::text' }, gate: 'confirmed', ownerKind: 'appointment', afterReleased: true,
  });

  return {
    // A booking: the appointment ($1-$13) with its claims (from $15), if its doctor is there at
    // the version judged ($14), its key and id are new and nothing live is in the way at its
    // createdAt ($8). One row always: `stored` = 1 when it went in; otherwise what refused it.
    // A booking: the appointment ($1-$13) with its claims (from $15), if its doctor is there at
    // the version judged ($14), its key and id are new and nothing live is in the way at its
    // createdAt ($8). One row always: `stored` = 1 when it went in; otherwise which check
    // refused it (the details, when a refusal needs them, are read by `explainAppointment`).
    insertAppointment: `WITH ${booking.wanted}, ${booking.met}, ${booking.blocked},
${lockedDoctor('$2', '$14')},
earlier AS (SELECT 1 FROM ${appointments} WHERE idempotency_key = $11::text),
taken AS (SELECT EXISTS (SELECT 1 FROM ${appointments} WHERE id = $1::text) AS taken),
go AS (SELECT 1 FROM doctor WHERE NOT EXISTS (SELECT 1 FROM earlier) AND NOT (SELECT taken FROM taken) AND ${booking.clear}),
${booking.retire}
written AS (INSERT INTO ${appointments} (${APPOINTMENT_INSERT_COLUMNS}) SELECT ${APPOINTMENT_PLACEHOLDERS} FROM go RETURNING id),
${booking.claimed}
SELECT (SELECT count(*) FROM written)::int AS stored, ${checksOf('earlier')}, ${booking.answer}`,


    // A hold ($1-$12) with its claims (from $14), as a booking: doctor at version $13, liveness at
    // its createdAt ($9); keys and ids of holds.
    // A hold ($1-$12) with its claims (from $14), as a booking: doctor at version $13, liveness at
    // its createdAt ($9); keys and ids of holds (details by `explainHold`).
    insertHold: `WITH ${holding.wanted}, ${holding.met}, ${holding.blocked},
${lockedDoctor('$2', '$13')},
earlier AS (SELECT 1 FROM ${holds} WHERE idempotency_key = $11::text),
taken AS (SELECT EXISTS (SELECT 1 FROM ${holds} WHERE id = $1::text) AS taken),
go AS (SELECT 1 FROM doctor WHERE NOT EXISTS (SELECT 1 FROM earlier) AND NOT (SELECT taken FROM taken) AND ${holding.clear}),
${holding.retire}
written AS (INSERT INTO ${holds} (${HOLD_ROW_COLUMNS.join(', ')}) SELECT ${HOLD_PLACEHOLDERS} FROM go RETURNING id),
${holding.claimed}
SELECT (SELECT count(*) FROM written)::int AS stored, ${checksOf('earlier')}, ${holding.answer}`,


    // A reschedule: the old appointment $15 cancelled at $16 (its claims released), and the
    // replacement ($1-$13, claims from $17, doctor version $14) booked as a booking is, with the
    // old one's claims out of the way.
    rescheduleAppointment: `WITH ${rescheduling.wanted}, ${rescheduling.met}, ${rescheduling.blocked},
${lockedDoctor('$2', '$14')},
go AS (
  SELECT 1 FROM doctor WHERE NOT EXISTS (SELECT 1 FROM ${appointments} WHERE idempotency_key = $11::text)
    AND NOT EXISTS (SELECT 1 FROM ${appointments} WHERE id = $1::text) AND ${rescheduling.clear}
),
cancelled AS (
  UPDATE ${appointments} SET status = 'cancelled', updated_at = $16::timestamptz, rescheduled_to = $1::text
  WHERE id = $15::text AND status = 'booked' AND EXISTS (SELECT 1 FROM go)
  RETURNING ${APPOINTMENT_COLUMNS}
),
released AS (${releaseStatement(claims, 'appointment', '(SELECT id FROM cancelled)')}),
${rescheduling.retire}
written AS (INSERT INTO ${appointments} (${APPOINTMENT_INSERT_COLUMNS}) SELECT ${APPOINTMENT_PLACEHOLDERS} FROM cancelled RETURNING id),
${rescheduling.claimed}
SELECT ${asJson('cancelled')} AS cancelled, ${rescheduling.answer}`,


    // A confirmation: hold $14, live at $15, becomes confirmed (its claims released), and the
    // appointment ($1-$13, claims from $16) is booked with the hold's claims out of the way. No
    // doctor check: the hold kept the time. The hold and the appointment it made, as they were,
    // tell a refusal from a retried confirmation.
    confirmHold: `WITH ${confirming.wanted}, ${confirming.met}, ${confirming.blocked},
go AS (
  SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM ${appointments} WHERE idempotency_key = $11::text)
    AND NOT EXISTS (SELECT 1 FROM ${appointments} WHERE id = $1::text) AND ${confirming.clear}
),
confirmed AS (
  UPDATE ${holds} SET status = 'confirmed', appointment_id = $1::text, updated_at = $15::timestamptz
  WHERE id = $14::text AND status = 'held' AND expires_at > $15::timestamptz AND EXISTS (SELECT 1 FROM go)
  RETURNING ${HOLD_COLUMNS}
),
released AS (${releaseStatement(claims, 'hold', '(SELECT id FROM confirmed)')}),
${confirming.retire}
written AS (INSERT INTO ${appointments} (${APPOINTMENT_INSERT_COLUMNS}) SELECT ${APPOINTMENT_PLACEHOLDERS} FROM confirmed RETURNING id),
${confirming.claimed}
SELECT ${asJson('confirmed')} AS confirmed, ${confirming.answer}`,


  };
}

/** An appointment listing as the repository asks for it; `cursor` already checked. @internal */
export interface AppointmentListFilter {
  readonly doctorId: string;
  readonly from?: string;
  readonly to?: string;
  readonly statuses?: readonly AppointmentStatus[];
  readonly cursor?: { readonly start: string; readonly id: string };
  /** How many rows to read. */
  readonly limit: number;
}

/**
 * The statement of an appointment listing: the fixed head (`statements(s).listAppointmentsHead`)
 * with a `WHERE` for the filters present, and its values.
 *
 * @internal
 */
export function listAppointmentsStatement(head: string, filter: AppointmentListFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [filter.doctorId];
  const where = ['doctor_id = $1'];
  if (filter.from !== undefined) {
    values.push(filter.from);
    where.push(`ends_at > $${values.length}::timestamptz`);
  }
  if (filter.to !== undefined) {
    values.push(filter.to);
    where.push(`starts_at < $${values.length}::timestamptz`);
  }
  if (filter.statuses !== undefined) {
    values.push([...filter.statuses]);
    where.push(`status = ANY ($${values.length}::text[])`);
  }
  if (filter.cursor !== undefined) {
    values.push(filter.cursor.start, filter.cursor.id);
    where.push(`(starts_at, id) > ($${values.length - 1}::timestamptz, $${values.length}::text)`);
  }
  values.push(filter.limit);
  return { text: `${head} WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT $${values.length}`, values };
}
