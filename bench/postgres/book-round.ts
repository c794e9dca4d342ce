// The book-postgres benchmark: bookings through the scheduler and the PostgreSQL adapter, against
// raw `INSERT`s into the same table (same exclusion constraint) over the same number of
// connections, in the same run. Each booking takes a free slot of its own (no contention): the
// figure is the cost of the adapter's path, not of refusals.
import pg from 'pg';
import { createScheduler, fixedClock, type Doctor } from 'clinic-slots';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';

/** The benchmark's fixed "now"; every slot lies after it. */
const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const SLOT_MS = 30 * 60_000;

/** A doctor open every day, all day, with 30-minute slots. */
function benchDoctor(id: string): Doctor {
  const allDay = [{ start: '00:00', end: '24:00' }];
  const created = new Date(NOW).toISOString();
  return {
    id, name: `Doctor ${id}`, timeZone: 'UTC', locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay },
    overrides: [], rules: { slotLength: 'PT30M' }, version: 1, createdAt: created, updatedAt: created,
  };
}

export interface BookPostgresOptions {
  /** The server; default TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test. */
  readonly url?: string;
  /** Connections (and operations in flight): default 16. */
  readonly connections?: number;
  /** Bookings per measured phase: default 8,000. */
  readonly bookings?: number;
  /** Doctors the bookings are spread over: default 64. */
  readonly doctors?: number;
  /** Measured rounds of (raw, adapter); the best of each counts. Default 3. */
  readonly rounds?: number;
}

export interface BookPostgresResult {
  readonly workload: 'book-postgres';
  readonly ms: number;
  readonly perSecond: number;
  readonly rawPerSecond: number;
  readonly ratio: number;
}

/** Runs `count` tasks with `lanes` of them in flight; returns the elapsed milliseconds. */
async function timed(count: number, lanes: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - started;
}

export async function runBookPostgres(options: BookPostgresOptions = {}): Promise<BookPostgresResult> {
  const url = options.url ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const connections = options.connections ?? 16;
  const bookings = options.bookings ?? 8000;
  const doctors = options.doctors ?? 64;
  const rounds = options.rounds ?? 3;
  const schema = `bench_book_${process.pid}_${Date.now().toString(36)}`;
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await migratePostgres(pool, { schema });
    const repository = createPostgresRepository(pool, { schema });
    const ids = Array.from({ length: doctors }, (_, d) => `dr-${d}`);
    for (const id of ids) await repository.createDoctor(benchDoctor(id));
    // Open every connection before measuring.
    const warm = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    for (const client of warm) client.release();

    let id = 0;
    // Each phase takes the next `bookings` slots, spread round-robin over the doctors.
    let slot = 0;
    const slotOf = (i: number, base: number) => ({
      doctorId: ids[i % doctors]!,
      start: new Date(NOW + 24 * 3600_000 + (base + Math.floor(i / doctors)) * SLOT_MS).toISOString(),
    });
    const rawInsert = `INSERT INTO "${schema}".appointments
  (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at, cancellation_reason, idempotency_key, rescheduled_from, rescheduled_to)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;
    const created = new Date(NOW).toISOString();

    const raw = async () => {
      const base = slot;
      slot += Math.ceil(bookings / doctors);
      return timed(bookings, connections, (i) => {
        const { doctorId, start } = slotOf(i, base);
        const end = new Date(Date.parse(start) + SLOT_MS).toISOString();
        return pool.query(rawInsert, [`raw-${id++}`, doctorId, 'loc-1', start, end, `patient/${i}`, 'booked', created, created, null, null, null, null]);
      });
    };
    const scheduler = createScheduler({ repository, clock: fixedClock(new Date(NOW)) });
    const adapter = async () => {
      const base = slot;
      slot += Math.ceil(bookings / doctors);
      return timed(bookings, connections, (i) => {
        const { doctorId, start } = slotOf(i, base);
        return scheduler.book({ doctorId, locationId: 'loc-1', start, patientRef: `patient/${i}` });
      });
    };

    // One short round of each to warm up (JIT, plans, doctor cache), then the measured rounds.
    await raw();
    await adapter();
    let bestRaw = Infinity;
    let bestAdapter = Infinity;
    for (let r = 0; r < rounds; r++) {
      bestRaw = Math.min(bestRaw, await raw());
      bestAdapter = Math.min(bestAdapter, await adapter());
    }
    const perSecond = (bookings / bestAdapter) * 1000;
    const rawPerSecond = (bookings / bestRaw) * 1000;
    return {
      workload: 'book-postgres',
      ms: Math.round(bestAdapter),
      perSecond: Math.round(perSecond),
      rawPerSecond: Math.round(rawPerSecond),
      ratio: Math.round((perSecond / rawPerSecond) * 1000) / 1000,
    };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
