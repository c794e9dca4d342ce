// How many statements each write sends: the round trips a user waits for. Each write of port v2
// is one statement when it is stored or refused for its claims; two when an expired hold is in
// its way, or a refusal needs details the statement does not read (a stale version, the earlier
// appointment of an idempotency key, a reschedule's or confirmation's refusal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { createPostgresRepository, migratePostgres, type PostgresQueryable } from 'clinic-slots/postgres';
import { aClaim, aDoctor, aHold, anAppointment } from './support/builders.js';
import { NO_WAIT, createPglite, freshSchemaName, run } from './support/databases.js';

const clock = (minutes: number): string => new Date(Date.parse('2031-01-01T00:00:00.000Z') + minutes * 60_000).toISOString();

describe('the PostgreSQL adapter’s round trips (PGlite)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await createPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  /** A repository on a fresh schema whose statements are counted; `dr-1` exists. */
  const counted = async () => {
    const schema = freshSchemaName('rt');
    await migratePostgres(db, { schema });
    const texts: string[] = [];
    const spy: PostgresQueryable = {
      query: async (text, values = []) => {
        texts.push(text);
        return { rows: await run(db, text, values) };
      },
    };
    const repository = createPostgresRepository(spy, { schema, ...NO_WAIT });
    await repository.createDoctor(aDoctor('dr-1'));
    /** How many statements `operation` sent. */
    const statements = async (operation: () => Promise<unknown>): Promise<number> => {
      const before = texts.length;
      await operation().catch(() => undefined);
      return texts.length - before;
    };
    return { repository, statements };
  };

  it('sends one statement for a booking accepted or refused for its claims; two to answer by its idempotency key or refuse a stale version', async () => {
    const { repository, statements } = await counted();
    const booking = anAppointment('a1', 'dr-1', 60, 90, { idempotencyKey: 'k1' });
    const claims = [aClaim('doctor', 'dr-1', 55, 105), aClaim('patient', booking.patientRef, 60, 90)];
    expect(await statements(() => repository.insertAppointment(booking, { doctorVersion: 1, claims }))).toBe(1);
    expect(await statements(() => repository.insertAppointment(anAppointment('a2', 'dr-1', 70, 100), { doctorVersion: 1 }))).toBe(1);
    // The details of these refusals are read by a second statement: the first stays lean for every write.
    expect(await statements(() => repository.insertAppointment(booking, { doctorVersion: 1, claims }))).toBe(2);
    expect(await statements(() => repository.insertAppointment(anAppointment('a3', 'dr-1', 200, 230), { doctorVersion: 9 }))).toBe(2);
  });

  it('sends one statement for a hold, a renewal, a release, a confirmation, a status change, a reschedule', async () => {
    const { repository, statements } = await counted();
    expect(await statements(() => repository.insertHold(aHold('h1', 'dr-1', 60, 90, { expiresAt: clock(10) }), { doctorVersion: 1 }))).toBe(1);
    expect(await statements(() => repository.changeHold({ id: 'h1', at: clock(1), expiresAt: clock(20) }))).toBe(1);
    const appointment = anAppointment('a1', 'dr-1', 60, 90, { createdAt: clock(2), updatedAt: clock(2) });
    expect(await statements(() => repository.confirmHold({ holdId: 'h1', appointment, at: clock(2) }))).toBe(1);
    expect(await statements(() => repository.insertHold(aHold('h2', 'dr-1', 120, 150)))).toBe(1);
    expect(await statements(() => repository.changeHold({ id: 'h2', at: clock(1) }))).toBe(1);
    const replacement = anAppointment('a2', 'dr-1', 75, 105, { rescheduledFrom: 'a1' });
    expect(await statements(() => repository.rescheduleAppointment({ fromId: 'a1', replacement, at: clock(3), doctorVersion: 1 }))).toBe(1);
    expect(await statements(() => repository.changeAppointmentStatus({ id: 'a2', expectedStatus: 'booked', status: 'cancelled', at: clock(4) }))).toBe(1);
    // An expired hold in the way: the first statement finds it, a second retires it and books,
    // as one step (the usual statement carries no retirement, which nearly every write would not use).
    await repository.insertHold(aHold('h3', 'dr-1', 300, 330, { expiresAt: clock(10) }));
    expect(await statements(() => repository.insertAppointment(anAppointment('a3', 'dr-1', 300, 330, { createdAt: clock(11), updatedAt: clock(11) })))).toBe(2);
    expect((await repository.getHold('h3'))?.status).toBe('expired');
  });
});
