// The plans of the write statements. A prepared statement keeps the plan it was given; one made
// while the tables were empty (as every new schema starts) must still find rows by their indexes
// once the tables hold millions: no sequential scan of appointments, holds or claims, and no scan
// of a whole index either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { claimedStatements, statements } from '../../../src/adapters/postgres/postgres-statements.js';
import { aClaim, aDoctor, anAppointment } from './support/builders.js';
import { NO_SERVER, NO_WAIT, POSTGRES_URL, TEST_DATABASES, freshSchemaName, run } from './support/databases.js';

const appointment = (id: string) => [
  id, 'dr-1', 'park-st', '2031-03-03T09:00:00.000Z', '2031-03-03T09:30:00.000Z', 'p', 'booked',
  '2031-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z', null, 'key', null, null,
];
const hold = ['h1', 'dr-1', 'park-st', '2031-03-03T09:00:00.000Z', '2031-03-03T09:30:00.000Z', 'p', 'held', '2031-01-01T00:10:00.000Z',
  '2031-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z', 'key', null];
/** Two claims, listed (five values each) and as arrays. */
const listed = ['doctor', 'dr-1', 0, '2031-03-03T09:00:00.000Z', '2031-03-03T09:30:00.000Z', 'patient', 'p', 0, '2031-03-03T09:00:00.000Z', '2031-03-03T09:30:00.000Z'];
const arrays = ['{doctor,patient}', '{dr-1,p}', '{0,0}', '{2031-03-03T09:00:00.000Z,2031-03-03T09:00:00.000Z}', '{2031-03-03T09:30:00.000Z,2031-03-03T09:30:00.000Z}'];
const at = '2031-01-01T00:05:00.000Z';

type Statements = ReturnType<typeof statements> & ReturnType<typeof claimedStatements>;

/** Each statement the adapter prepares that reads or writes appointments, holds or claims, with values of the right types. */
const STATEMENTS: Array<[string, (s: string) => string, unknown[]]> = [];
for (const [form, claims, retiring] of [[2, listed, false], [0, arrays, false], [2, listed, true], [0, arrays, true]] as const) {
  const claimed = (name: keyof ReturnType<typeof claimedStatements>) => (s: string) => claimedStatements(s, form, retiring)[name];
  const label = (name: string) => `${name}${retiring ? ', retiring' : ''} (claims ${form === 0 ? 'as arrays' : 'listed'})`;
  STATEMENTS.push(
    [label('insertAppointment'), claimed('insertAppointment'), [...appointment('a1'), 1, ...claims]],
    [label('insertHold'), claimed('insertHold'), [...hold, 1, ...claims]],
    [label('rescheduleAppointment'), claimed('rescheduleAppointment'), [...appointment('a2'), 1, 'a1', at, ...claims]],
    [label('confirmHold'), claimed('confirmHold'), [...appointment('a3'), 'h1', at, ...claims]],
  );
}
const fixed = (name: keyof Statements) => (s: string) => (statements(s) as Statements)[name];
STATEMENTS.push(
  ['changeStatus', fixed('changeStatus'), ['a1', 'booked', 'cancelled', at, null]],
  ['changeHold', fixed('changeHold'), ['h1', at, null]],
  ['listClaims', fixed('listClaims'), ['doctor', 'dr-1', '2031-03-03T00:00:00.000Z', '2031-03-04T00:00:00.000Z', at]],
  ['updateDoctorRemovingLocation', fixed('updateDoctorRemovingLocation'), ['dr-1', 'n', 'UTC', '[]', '{}', '[]', '{}', 2, at, at, 1, 'old-site', at]],
  ['explainAppointment', fixed('explainAppointment'), ['dr-1', 'key']],
  ['explainHold', fixed('explainHold'), ['dr-1', 'key']],
  ['explainReschedule', fixed('explainReschedule'), ['a1', 'dr-1', 'key', 'a2']],
  ['explainConfirmation', fixed('explainConfirmation'), ['h1', 'key', 'a3']],
);

for (const database of TEST_DATABASES) {
  describe.skipIf(database.skipReason !== '')(`the statements’ plans on ${database.name}${database.skipReason ? ` (${database.skipReason})` : ''}`, () => {
    let client: pg.Pool | PGlite;
    let schema: string;
    beforeAll(async () => {
      client = await database.open();
      schema = freshSchemaName('pl');
      await migratePostgres(client, { schema });
    });
    afterAll(async () => {
      await run(client, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await database.close(client);
    });

    it.each(STATEMENTS)('%s, planned generically on empty tables, finds its rows by index', async (_name, statement, values) => {
      const text = statement(`"${schema}"`);
      // One session for PREPARE and EXECUTE: on a pool, a borrowed client.
      const session = 'connect' in client && 'idleCount' in client ? await (client as pg.Pool).connect() : undefined;
      const query = async (sql: string) => (session === undefined ? run(client, sql) : (await session.query(sql)).rows as Record<string, unknown>[]);
      try {
        await query('SET plan_cache_mode = force_generic_plan');
        await query(`PREPARE plan_check AS ${text}`);
        const literals = values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v)}'`)).join(', ');
        const plan = (await query(`EXPLAIN EXECUTE plan_check(${literals})`)).map((row) => String(Object.values(row)[0])).join('\n');
        expect(plan, plan).not.toMatch(/Seq Scan on (appointments|holds|claims)\b/);
        // An index scan of these tables always has a condition on the index: never a whole-index scan.
        const lines = plan.split('\n');
        lines.forEach((line, i) => {
          if (/Index (Only )?Scan using \w+ on (appointments|holds|claims)\b/.test(line)) {
            expect(lines[i + 1] ?? '', `${line}\n${plan}`).toMatch(/Index Cond/);
          }
        });
      } finally {
        await query('DEALLOCATE ALL');
        await query('SET plan_cache_mode = auto');
        session?.release();
      }
    });
  });
}

const cachedTitle = 'the prepared statements of the PostgreSQL server';
describe.skipIf(POSTGRES_URL === undefined)(POSTGRES_URL === undefined ? `${cachedTitle} (${NO_SERVER})` : cachedTitle, () => {
  it('settle on one cached plan for bookings with 1 and 2 claims, instead of planning each anew', async () => {
    const schema = freshSchemaName('gp');
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    try {
      await migratePostgres(pool, { schema });
      const repository = createPostgresRepository(pool, { schema, ...NO_WAIT });
      await repository.createDoctor(aDoctor('dr-1'));
      for (let i = 0; i < 40; i++) {
        const booking = anAppointment(`a${i}`, 'dr-1', i * 60, i * 60 + 30, i % 2 === 0 ? { idempotencyKey: `k${i}` } : {});
        await repository.insertAppointment(booking, i < 20 ? { doctorVersion: 1 } : { doctorVersion: 1, claims: [aClaim('doctor', 'dr-1', i * 60, i * 60 + 45), aClaim('patient', booking.patientRef, i * 60, i * 60 + 30)] });
      }
      const { rows } = await pool.query<{ statement: string; generic_plans: string; custom_plans: string }>(
        'SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE statement LIKE $1',
        [`%INSERT INTO "${schema}".appointments%`],
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(Number(row.generic_plans), `${row.custom_plans} custom plans`).toBeGreaterThanOrEqual(10);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});
