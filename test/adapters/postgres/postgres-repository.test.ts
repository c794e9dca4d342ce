import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { TextSchema, type SchedulingRepository } from 'clinic-slots';
import { createPostgresRepository, type PostgresQueryable } from 'clinic-slots/postgres';
import { aDoctor, anAppointment, at } from './support/builders.js';
import { NO_WAIT, TEST_DATABASES, freshRepository, run } from './support/databases.js';

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(`PostgreSQL adapter on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`, () => {
    let client: pg.Pool | PGlite;
    const drops: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      client = await database.open();
    });
    afterAll(async () => {
      for (const drop of drops) await drop();
      await database.close(client);
    });
    const fresh = async () => {
      const created = await freshRepository(client);
      drops.push(created.drop);
      return created;
    };

    it('stores text with quotes, emoji and SQL verbatim, in every text field', async () => {
      const { repository } = await fresh();
      const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => TextSchema.safeParse(s).success);
      const tricky = fc.oneof(text, fc.constantFrom("O'Brien", '"; DROP TABLE appointments; --', '🩺👩🏽‍⚕️', '\\x00\\', "$1 $$ '' \\'", 'e\u0301'));
      let n = 0;
      await fc.assert(
        fc.asyncProperty(tricky, tricky, tricky, tricky, async (name, address, patientRef, reason) => {
          n += 1;
          const doctor = aDoctor(`dr-${n}`, { name, locations: [{ id: 'park-st', address }] });
          await repository.createDoctor(doctor);
          expect(await repository.getDoctor(doctor.id)).toEqual(doctor);
          const appointment = anAppointment(`a-${n}`, doctor.id, 0, 30, { patientRef, idempotencyKey: `${reason}-${n}` });
          expect(await repository.insertAppointment(appointment)).toEqual(appointment);
          expect(await repository.getAppointment(appointment.id)).toEqual(appointment);
          expect(await repository.findAppointmentByIdempotencyKey(`${reason}-${n}`)).toEqual(appointment);
          const cancelled = await repository.changeAppointmentStatus({
            id: appointment.id, expectedStatus: 'booked', status: 'cancelled', at: at(1), cancellationReason: reason,
          });
          expect(cancelled).toEqual({ ...appointment, status: 'cancelled', updatedAt: at(1), cancellationReason: reason });
          expect(await repository.getAppointment(appointment.id)).toEqual(cancelled);
        }),
        { numRuns: 25 },
      );
    });

    it('refuses text with a lone surrogate with VALIDATION_FAILED instead of storing U+FFFD, and stores nothing', async () => {
      const { repository } = await fresh();
      await repository.createDoctor(aDoctor('dr-1'));
      for (const bad of ['a\uD800b', '\uDC00', 'x\uDBFF']) {
        await expect(repository.insertAppointment(anAppointment('a1', 'dr-1', 0, 30, { patientRef: bad }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(repository.createDoctor(aDoctor('dr-2', { name: bad }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(repository.createDoctor(aDoctor('dr-2', { locations: [{ id: 'park-st', address: bad }] }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect(await repository.getAppointment('a1')).toBeUndefined();
      expect(await repository.getDoctor('dr-2')).toBeUndefined();
      // A well-formed pair is fine.
      const emoji = anAppointment('a2', 'dr-1', 0, 30, { patientRef: '\uD83E\uDE7A' });
      expect(await repository.insertAppointment(emoji)).toEqual(emoji);
      expect(await repository.getAppointment('a2')).toEqual(emoji);
    });

    it('reports a doctor row whose documents are not JSON objects or arrays as STORAGE_FAILED', async () => {
      const { repository, schema } = await fresh();
      await repository.createDoctor(aDoctor('dr-1'));
      await run(client, `UPDATE "${schema}".doctors SET schedule = '"not an object"'::jsonb`);
      await expect(repository.getDoctor('dr-1')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
      await expect(repository.listDoctors({ limit: 10 })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    });

    it('keeps instants to the millisecond and returns them in toISOString() form, whatever the session time zone', async () => {
      const { repository, schema } = await fresh();
      await repository.createDoctor(aDoctor('dr-1'));
      // A session in a zone with an odd offset must not change what is stored or read.
      const pool = 'idleCount' in client ? client : undefined;
      const session: pg.PoolClient | PGlite = pool === undefined ? (client as PGlite) : await pool.connect();
      await run(session as PGlite, "SET TIME ZONE 'Pacific/Chatham'");
      try {
        const other = createPostgresRepository(session, { schema, ...NO_WAIT });
        const instants = [
          ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z'],
          ['2031-03-30T00:59:59.999Z', '2031-03-30T01:00:00.001Z'],
          ['9998-12-31T23:59:59.998Z', '9998-12-31T23:59:59.999Z'],
        ] as const;
        for (const [i, [start, end]] of instants.entries()) {
          const appointment = { ...anAppointment(`a${i}`, 'dr-1', 0, 1), start, end, createdAt: start, updatedAt: end };
          await other.insertAppointment(appointment);
          expect(await repository.getAppointment(appointment.id)).toEqual(appointment);
          expect(await other.getAppointment(appointment.id)).toEqual(appointment);
        }
        const page = await other.listAppointments({ doctorId: 'dr-1', from: '2031-03-30T01:00:00.000Z', to: '2031-03-30T01:00:00.001Z', limit: 10 });
        expect(page.items.map((a) => a.id)).toEqual(['a1']);
      } finally {
        await run(session as PGlite, 'SET TIME ZONE DEFAULT');
        if (pool !== undefined) (session as pg.PoolClient).release();
      }
    });

    it('lists a month of a doctor with one query that uses the (doctor_id, starts_at) index', async () => {
      const { schema } = await fresh();
      const s = `"${schema}"`;
      // A year of half-hour appointments, four a day, for 10 doctors, written straight into the table.
      await run(client, `INSERT INTO ${s}.doctors (id, name, time_zone, locations, schedule, overrides, rules, version, created_at, updated_at)
        SELECT 'dr-' || d, 'Doctor', 'UTC', '[{"id":"x","address":"y"}]', '{}', '[]', '{"slotLength":"PT30M"}', 1, now(), now()
        FROM generate_series(1, 10) AS d`);
      await run(client, `INSERT INTO ${s}.appointments (id, doctor_id, location_id, starts_at, ends_at, patient_ref, status, created_at, updated_at)
        SELECT 'a-' || d || '-' || h, 'dr-' || d, 'x', t, t + interval '30 minutes', 'p', 'booked', now(), now()
        FROM generate_series(1, 10) AS d, generate_series(0, 365 * 4) AS h,
             LATERAL (SELECT timestamptz '2031-01-01 09:00Z' + h * interval '6 hours' AS t) AS times`);
      await run(client, `ANALYZE ${s}.appointments`);
      const seen: Array<{ text: string; values: unknown[] }> = [];
      const spy: PostgresQueryable = {
        query: async (text, values = []) => {
          seen.push({ text, values });
          return { rows: await run(client, text, values) };
        },
      };
      const repository = createPostgresRepository(spy, { schema, ...NO_WAIT });
      const page = await repository.listAppointments({
        doctorId: 'dr-7', from: '2031-06-01T00:00:00.000Z', to: '2031-07-01T00:00:00.000Z', statuses: ['booked'], limit: 1000,
      });
      expect(page.items).toHaveLength(30 * 4);
      expect(page.items.every((a) => a.doctorId === 'dr-7' && a.start >= '2031-06-01' && a.start < '2031-07-01')).toBe(true);
      expect(seen).toHaveLength(1);
      const rows = await run(client, `EXPLAIN ${seen[0]!.text}`, seen[0]!.values);
      const plan = rows.map((r) => Object.values(r)[0]).join('\n');
      expect(plan).toContain('appointments_doctor_start_idx');
      expect(plan).not.toMatch(/Seq Scan/);
    });

    it('pages appointments in start-then-id order with cursors that survive inserts in between', async () => {
      const { repository } = await fresh();
      await repository.createDoctor(aDoctor('dr-1'));
      // Same start, different ids: the id breaks the tie (a cancelled appointment no longer holds time).
      await repository.insertAppointment(anAppointment('b', 'dr-1', 0, 30));
      await repository.changeAppointmentStatus({ id: 'b', expectedStatus: 'booked', status: 'cancelled', at: at(-60) });
      await repository.insertAppointment(anAppointment('c', 'dr-1', 30, 60));
      await repository.insertAppointment(anAppointment('a', 'dr-1', 0, 30));
      const first = await repository.listAppointments({ doctorId: 'dr-1', limit: 2 });
      expect(first.items.map((a) => a.id)).toEqual(['a', 'b']);
      await repository.insertAppointment(anAppointment('a0', 'dr-1', -30, 0));
      const second = await repository.listAppointments({ doctorId: 'dr-1', limit: 2, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [expect.objectContaining({ id: 'c' })] });
    });

    it('orders doctors by id in code-unit order, whatever the database collation', async () => {
      const { repository } = await fresh();
      const ids = ['b', 'B', 'a', 'A', '_x', '-y', '.z', '10', '9'];
      for (const id of ids) await repository.createDoctor(aDoctor(id));
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const page: Awaited<ReturnType<SchedulingRepository['listDoctors']>> = await repository.listDoctors(cursor === undefined ? { limit: 4 } : { limit: 4, cursor });
        listed.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(listed).toEqual([...ids].sort());
    });

    it('refuses a doctor removal that races a booking: one of them wins, never both', async () => {
      const { repository, schema } = await fresh();
      const second = createPostgresRepository(client, { schema, ...NO_WAIT });
      for (let round = 0; round < 10; round++) {
        const id = `dr-${round}`;
        await repository.createDoctor(aDoctor(id));
        const [booking, removal] = await Promise.allSettled([
          repository.insertAppointment(anAppointment(`a-${round}`, id, 60, 90)),
          second.deleteDoctor(id, { activeAfter: at(0) }),
        ]);
        const booked = booking.status === 'fulfilled';
        const removed = removal.status === 'fulfilled';
        expect(booked !== removed, `round ${round}: booked ${booked}, removed ${removed}`).toBe(true);
        if (!booked) expect(booking.reason).toMatchObject({ code: 'DOCTOR_NOT_FOUND' });
        if (!removed) expect(removal.reason).toMatchObject({ code: 'DOCTOR_HAS_APPOINTMENTS' });
      }
    });
  });
}
