import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresRepository, migratePostgres, postgresMigrations } from 'clinic-slots/postgres';
import { aDoctor } from './support/builders.js';
import { NO_SERVER, NO_WAIT, POSTGRES_URL, freshSchemaName } from './support/databases.js';

/** Sessions whose transactions default to REPEATABLE READ, as `ALTER DATABASE ... SET` would make them. */
const REPEATABLE_READ = '-c default_transaction_isolation=repeatable\\ read';

/** Resolves once some session waits for a lock that the session `holderPid` holds. */
async function untilSomeoneWaitsFor(observer: pg.Client, holderPid: number): Promise<void> {
  for (let polls = 0; polls < 100_000; polls++) {
    const { rows } = await observer.query<{ waiting: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid))) AS waiting',
      [holderPid],
    );
    if (rows[0]!.waiting) return;
  }
  throw new Error(`nobody ever waited for session ${holderPid}`);
}

const title = 'the PostgreSQL adapter on a server whose default isolation level is REPEATABLE READ';

describe.skipIf(POSTGRES_URL === undefined)(POSTGRES_URL === undefined ? `${title} (${NO_SERVER})` : title, () => {
  it('refuses removing a doctor whose booking committed while the removal waited for the doctor\'s row', async () => {
    const schema = freshSchemaName('iso');
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2, options: REPEATABLE_READ });
    const booking = new pg.Client({ connectionString: POSTGRES_URL });
    await booking.connect();
    try {
      await migratePostgres(pool, { schema });
      const repository = createPostgresRepository(pool, { schema, ...NO_WAIT });
      await repository.createDoctor(aDoctor('dr-1'));
      // A booking in flight, holding the doctor's row as the adapter's own bookings do.
      const bookingPid = (await booking.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await booking.query('BEGIN');
      await booking.query(`SELECT 1 FROM "${schema}".doctors WHERE id = 'dr-1' FOR KEY SHARE`);
      await booking.query(
        `INSERT INTO "${schema}".appointments (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at)
         VALUES ('a1', 'dr-1', 'park-st', '2031-03-03T09:00:00Z', '2031-03-03T09:30:00Z', 'p', 'booked', now(), now())`,
      );
      const removal = repository.deleteDoctor('dr-1', { activeAfter: '2031-01-01T00:00:00.000Z' });
      removal.catch(() => undefined);
      await untilSomeoneWaitsFor(booking, bookingPid);
      await booking.query('COMMIT');

      await expect(removal).rejects.toMatchObject({ name: 'SchedulingError', code: 'DOCTOR_HAS_APPOINTMENTS' });
      expect(await repository.getDoctor('dr-1')).toEqual(aDoctor('dr-1'));
    } finally {
      await booking.query('ROLLBACK');
      await booking.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await booking.end();
      await pool.end();
    }
  });

  it('lets exactly one of several connections apply the migrations, the others find them done', async () => {
    const schema = freshSchemaName('isom');
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: POSTGRES_URL, options: REPEATABLE_READ }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const results = await Promise.allSettled(clients.map((c) => migratePostgres(c, { schema })));
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code?: unknown }).code))).toEqual(
        expect.arrayContaining([{ applied: postgresMigrations().map((m) => m.version) }, { applied: [] }]),
      );
      expect(results.filter((r) => r.status === 'fulfilled' && r.value.applied.length === 0)).toHaveLength(clients.length - 1);
    } finally {
      await clients[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
