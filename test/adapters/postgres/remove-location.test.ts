// Removing a location and booking there never both succeed, on the real server: the booking's
// version check holds the doctor's row (FOR KEY SHARE) until it commits, and the removal locks it
// FOR UPDATE before it looks for appointments there.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isSchedulingError, type Doctor } from 'clinic-slots';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { aDoctor, anAppointment, at } from './support/builders.js';
import { NO_SERVER, NO_WAIT, POSTGRES_URL, freshSchemaName } from './support/databases.js';

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

const twoSites = (id: string): Doctor =>
  aDoctor(id, { locations: [{ id: 'park-st', address: '1 Park St' }, { id: 'old-site', address: '2 Old Rd' }] });
const withoutOldSite = (doctor: Doctor): Doctor => ({ ...doctor, locations: [doctor.locations[0]!], version: doctor.version + 1 });

const title = 'updateDoctor removing a location, against concurrent bookings there, on the PostgreSQL server';

describe.skipIf(POSTGRES_URL === undefined)(POSTGRES_URL === undefined ? `${title} (${NO_SERVER})` : title, () => {
  /** A fresh schema, a repository on its own pool, and a raw client; all closed after `body`. */
  const withSchema = async (body: (context: { schema: string; pool: pg.Pool; raw: pg.Client }) => Promise<void>) => {
    const schema = freshSchemaName('rl');
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 12 });
    const raw = new pg.Client({ connectionString: POSTGRES_URL });
    await raw.connect();
    try {
      await migratePostgres(pool, { schema });
      await body({ schema, pool, raw });
    } finally {
      await raw.query('ROLLBACK');
      await raw.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await raw.end();
      await pool.end();
    }
  };

  it('refuses the removal when a booking there committed while the removal waited for the doctor’s row', async () => {
    await withSchema(async ({ schema, pool, raw }) => {
      const repository = createPostgresRepository(pool, { schema, ...NO_WAIT });
      await repository.createDoctor(twoSites('dr-1'));
      const pid = (await raw.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // A booking in flight, holding the doctor's row as the adapter's bookings do.
      await raw.query('BEGIN');
      await raw.query(`SELECT 1 FROM "${schema}".doctors WHERE id = 'dr-1' AND version = 1 FOR KEY SHARE`);
      await raw.query(
        `INSERT INTO "${schema}".appointments (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at)
         VALUES ('a1', 'dr-1', 'old-site', $1, $2, 'p', 'booked', now(), now())`,
        [at(60), at(90)],
      );
      const removal = repository.updateDoctor(withoutOldSite(twoSites('dr-1')), 1, { removedLocation: { id: 'old-site', activeAfter: at(0) } });
      removal.catch(() => undefined);
      await untilSomeoneWaitsFor(raw, pid);
      await raw.query('COMMIT');
      await expect(removal).rejects.toMatchObject({ code: 'DOCTOR_HAS_APPOINTMENTS', details: { locationId: 'old-site' } });
      expect(await repository.getDoctor('dr-1')).toStrictEqual(twoSites('dr-1'));
    });
  });

  it('refuses a booking judged against the old version when the removal committed while the booking waited', async () => {
    await withSchema(async ({ schema, pool, raw }) => {
      const repository = createPostgresRepository(pool, { schema, ...NO_WAIT });
      await repository.createDoctor(twoSites('dr-1'));
      const pid = (await raw.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      // A removal in flight, as the adapter's: the row locked FOR UPDATE, then the new version written.
      await raw.query('BEGIN');
      await raw.query(`SELECT 1 FROM "${schema}".doctors WHERE id = 'dr-1' FOR UPDATE`);
      await raw.query(`UPDATE "${schema}".doctors SET version = 2, locations = '[{"id":"park-st","address":"1 Park St"}]' WHERE id = 'dr-1'`);
      const booking = repository.insertAppointment(anAppointment('a1', 'dr-1', 60, 90, { locationId: 'old-site' }), { doctorVersion: 1 });
      booking.catch(() => undefined);
      await untilSomeoneWaitsFor(raw, pid);
      await raw.query('COMMIT');
      await expect(booking).rejects.toMatchObject({ code: 'CONFLICT', details: { kind: 'stale-version', currentVersion: 2 } });
      expect(await repository.getAppointment('a1')).toBeUndefined();
    });
  });

  it('never lets a removal and a booking there both succeed: 12 bookings against each removal, 20 rounds', async () => {
    await withSchema(async ({ schema, pool }) => {
      const bookings = createPostgresRepository(pool, { schema, ...NO_WAIT });
      const removals = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
      const remover = createPostgresRepository(removals, { schema, ...NO_WAIT });
      const unexpected: string[] = [];
      const outcomes = { bothSucceeded: 0, removed: 0, booked: 0 };
      try {
        // Every connection open before the first round.
        await Promise.all([...Array.from({ length: 12 }, () => bookings.getDoctor('x')), remover.getDoctor('x'), remover.getDoctor('x')]);
        for (let round = 0; round < 20; round++) {
          const doctor = twoSites(`dr-${round}`);
          await bookings.createDoctor(doctor);
          const removal = remover.updateDoctor(withoutOldSite(doctor), 1, { removedLocation: { id: 'old-site', activeAfter: at(0) } });
          // Six lanes of two bookings each; each lane first reads the doctor a few times (more in
          // later rounds), so that the removal's transaction meets bookings before, during and after it.
          const lane = async (n: number) => {
            const results: PromiseSettledResult<unknown>[] = [];
            for (let read = 0; read < round % 5; read++) await bookings.getDoctor(doctor.id);
            for (let k = 0; k < 2; k++) {
              const appointment = anAppointment(`a-${round}-${n}-${k}`, doctor.id, 60 + (n * 2 + k) * 30, 90 + (n * 2 + k) * 30, { locationId: 'old-site' });
              results.push(...(await Promise.allSettled([bookings.insertAppointment(appointment, { doctorVersion: 1 })])));
            }
            return results;
          };
          const [removed, ...lanes] = await Promise.allSettled([removal, ...Array.from({ length: 6 }, (_, n) => lane(n))]);
          const results = lanes.flatMap((l) => (l.status === 'fulfilled' ? l.value : [l]));
          const booked = results.filter((r) => r.status === 'fulfilled').length;
          for (const result of [removed!, ...results]) {
            if (result.status === 'rejected' && !isSchedulingError(result.reason, 'CONFLICT') && !isSchedulingError(result.reason, 'DOCTOR_HAS_APPOINTMENTS')) {
              unexpected.push(String(result.reason));
            }
          }
          if (removed!.status === 'fulfilled') outcomes.removed += 1;
          if (booked > 0) outcomes.booked += 1;
          if (removed!.status === 'fulfilled' && booked > 0) outcomes.bothSucceeded += 1;
          // Whatever happened, the stored state agrees: no booked appointment at a removed location.
          const stored = await bookings.getDoctor(doctor.id);
          const active = await bookings.listAppointments({ doctorId: doctor.id, statuses: ['booked'], limit: 100 });
          if (!stored!.locations.some((l) => l.id === 'old-site')) expect(active.items, `round ${round}`).toEqual([]);
          else expect(active.items.length, `round ${round}`).toBe(booked);
        }
      } finally {
        await removals.end();
      }
      expect(unexpected).toEqual([]);
      expect(outcomes.bothSucceeded).toBe(0);
      console.log(`removal against bookings, 20 rounds: ${JSON.stringify(outcomes)}`);
    });
  }, 60_000);
});
