// What the book-postgres benchmarks book, and how: the doctors, the slots, and the ways of storing
// a booking that they compare (through the scheduler and the adapter; through the adapter alone;
// a raw INSERT of the same rows; a hold through the scheduler, then its confirmation).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createScheduler, fixedClock, type Doctor, type Scheduler } from 'clinic-slots';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';

/** The benchmark's fixed "now"; every slot lies after it. */
const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const SLOT_MS = 30 * 60_000;
const CREATED = new Date(NOW).toISOString();

/** A doctor open every day, all day, with 30-minute slots. */
function benchDoctor(id: string): Doctor {
  const allDay = [{ start: '00:00', end: '24:00' }];
  return {
    id, name: `Doctor ${id}`, timeZone: 'UTC', locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay },
    overrides: [], rules: { slotLength: 'PT30M' }, version: 1, createdAt: CREATED, updatedAt: CREATED,
  };
}

/** The shape of a run. */
export interface BookPlanOptions {
  /** The server; default TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test. */
  readonly url?: string;
  /** Connections, and bookings in flight: default 16. */
  readonly connections?: number;
  /** Bookings per phase: default 2,000. */
  readonly bookings?: number;
  /** Doctors the bookings are spread over, round-robin: default 64. */
  readonly doctors?: number;
}

/**
 * A benchmark bench: a fresh schema with its doctors, a pool, and two ways to book the next
 * `bookings` free slots (each phase takes slots no phase took before, so nothing is refused).
 */
export interface BookBench {
  readonly bookings: number;
  /**
   * The CPU time the server's backends of this bench's pool have used so far, µs (read from
   * `/proc`: only for a server on this machine; 0 for backends it cannot read), for diagnosis.
   */
  serverCpuUs(): Promise<number>;
  /** Books through `createScheduler(...).book()` on the PostgreSQL adapter; resolves to the count stored. */
  viaScheduler(): Promise<number>;
  /** Books through `insertAppointment` on the adapter directly (no scheduler): for diagnosis. */
  viaRepository(): Promise<number>;
  /**
   * The raw driver's insert of the rows a booking writes, the appointment and its doctor claim
   * (the claims' exclusion constraint judging it), in one transaction: one prepared statement
   * (`WITH written AS (INSERT INTO appointments ...) INSERT INTO claims ...`), the cheapest
   * atomic write of those rows; resolves to the count of appointments stored.
   */
  raw(): Promise<number>;
  /**
   * `scheduler.hold()` of each slot, then `scheduler.confirmHold()` of that hold; resolves to the
   * count of appointments stored (after checking that as many holds were confirmed).
   */
  viaHoldConfirm(): Promise<number>;
  close(): Promise<void>;
}

/** Runs `count` tasks, `lanes` at a time. */
async function inLanes(count: number, lanes: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export async function openBookBench(options: BookPlanOptions = {}): Promise<BookBench> {
  const url = options.url ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const connections = options.connections ?? 16;
  const bookings = options.bookings ?? 2000;
  const doctorCount = options.doctors ?? 64;
  const schema = `bench_book_${process.pid}_${Date.now().toString(36)}`;
  // The application name tells this pool's backends from others' (serverCpuUs).
  const pool = new pg.Pool({ connectionString: url, max: connections, application_name: schema });
  await migratePostgres(pool, { schema });
  const repository = createPostgresRepository(pool, { schema });
  const doctors = Array.from({ length: doctorCount }, (_, d) => `dr-${d}`);
  for (const id of doctors) await repository.createDoctor(benchDoctor(id));
  // Every connection open before anything is timed.
  const warm = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of warm) client.release();

  const scheduler: Scheduler = createScheduler({ repository, clock: fixedClock(new Date(NOW)) });
  const perDoctor = Math.ceil(bookings / doctorCount);
  let phase = 0;
  const slot = (base: number, i: number) => ({
    doctorId: doctors[i % doctorCount]!,
    start: NOW + 24 * 3600_000 + (base + Math.floor(i / doctorCount)) * SLOT_MS,
  });
  // The rows the adapter writes for a booking (schema version 2): the appointment, and one live
  // doctor claim over its time (the bench doctors have no buffers) owned by it.
  const rawInsert = {
    name: `bench_raw_book_${schema}`,
    text: `WITH written AS (
  INSERT INTO "${schema}".appointments
    (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at, cancellation_reason, idempotency_key, rescheduled_from, rescheduled_to)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  RETURNING id, doctor_id, starts_at, ends_at
)
INSERT INTO "${schema}".claims (resource_kind, resource_id, lane, starts_at, ends_at, owner_kind, owner_id, live)
SELECT 'doctor', doctor_id, 0, starts_at, ends_at, 'appointment', id, true FROM written`,
  };
  const countBooked = `SELECT count(*)::int AS n FROM "${schema}".appointments WHERE status = 'booked'`;
  const countConfirmed = `SELECT count(*)::int AS n FROM "${schema}".holds WHERE status = 'confirmed' AND appointment_id IS NOT NULL`;
  const count = async (sql: string) => ((await pool.query(sql)).rows[0] as { n: number }).n;

  const ticksUs = 1_000_000 / 100; // USER_HZ
  const backendCpuUs = (pid: number): number => {
    try {
      // The fields after the command name (which ends with the last ')'): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * ticksUs;
    } catch {
      return 0;
    }
  };

  return {
    bookings,
    async serverCpuUs() {
      const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [schema]);
      return (rows as Array<{ pid: number }>).reduce((sum, row) => sum + backendCpuUs(row.pid), 0);
    },
    async viaScheduler() {
      const base = perDoctor * phase++;
      let stored = 0;
      await inLanes(bookings, connections, async (i) => {
        const { doctorId, start } = slot(base, i);
        await scheduler.book({ doctorId, locationId: 'loc-1', start: new Date(start).toISOString(), patientRef: `patient/${i}` });
        stored += 1;
      });
      return stored;
    },
    async viaRepository() {
      const base = perDoctor * phase++;
      let stored = 0;
      await inLanes(bookings, connections, async (i) => {
        const { doctorId, start } = slot(base, i);
        await repository.insertAppointment(
          {
            id: globalThis.crypto.randomUUID(), doctorId, locationId: 'loc-1',
            start: new Date(start).toISOString(), end: new Date(start + SLOT_MS).toISOString(),
            patientRef: `patient/${i}`, status: 'booked', createdAt: CREATED, updatedAt: CREATED,
          },
          { doctorVersion: 1 },
        );
        stored += 1;
      });
      return stored;
    },
    async raw() {
      const base = perDoctor * phase++;
      let stored = 0;
      await inLanes(bookings, connections, async (i) => {
        const { doctorId, start } = slot(base, i);
        // The same kind of id as the scheduler makes (a random UUID), so both write the same indexes alike.
        const values = [globalThis.crypto.randomUUID(), doctorId, 'loc-1', new Date(start).toISOString(), new Date(start + SLOT_MS).toISOString(), `patient/${i}`, 'booked', CREATED, CREATED, null, null, null, null];
        // rowCount: the claims inserted, one per appointment.
        const result = await pool.query({ ...rawInsert, values });
        stored += result.rowCount ?? 0;
      });
      return stored;
    },
    async viaHoldConfirm() {
      const base = perDoctor * phase++;
      const booked = await count(countBooked);
      const confirmed = await count(countConfirmed);
      await inLanes(bookings, connections, async (i) => {
        const { doctorId, start } = slot(base, i);
        const hold = await scheduler.hold({ doctorId, locationId: 'loc-1', start: new Date(start).toISOString() });
        await scheduler.confirmHold(hold.id, { patientRef: `patient/${i}` });
      });
      const stored = (await count(countBooked)) - booked;
      const held = (await count(countConfirmed)) - confirmed;
      if (held !== stored) throw new Error(`hold-confirm: ${held} holds confirmed, ${stored} appointments booked`);
      return stored;
    },
    async close() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
