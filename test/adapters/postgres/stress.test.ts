import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { aDoctor } from './support/builders.js';
import { NO_SERVER, POSTGRES_URL, freshSchemaName } from './support/databases.js';
import { STRESS, siteDoctor, type WorkerReport } from './support/stress-plan.js';

const WORKER = fileURLToPath(new URL('./support/stress-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What each child wrote to stderr, to explain an early exit. */
const stderrOf = new WeakMap<ChildProcess, string[]>();

/** The next message of `child` that satisfies `accept`; rejects if the child exits first. */
function nextMessage<T>(child: ChildProcess, accept: (message: unknown) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`a stress worker exited early with code ${code}:\n${(stderrOf.get(child) ?? []).join('')}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const isType =
  <T extends string>(type: T) =>
  (message: unknown): message is { type: T; report: WorkerReport } =>
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

const title = `the PostgreSQL adapter under ${STRESS.workers} processes × ${STRESS.connectionsPerWorker} connections`;

describe.skipIf(POSTGRES_URL === undefined)(POSTGRES_URL === undefined ? `${title} (${NO_SERVER})` : title, () => {
  it(
    'gives every contested slot and held start exactly one winner, never stores overlapping live claims or a booking at a removed location, and keeps every acknowledged write',
    async () => {
      const schema = freshSchemaName('stress');
      const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
      const children: ChildProcess[] = [];
      try {
        await migratePostgres(admin, { schema });
        const repository = createPostgresRepository(admin, { schema, retryDelayMs: 0 });
        for (const id of ['dr-exact', 'dr-hold', 'dr-buffer', ...Array.from({ length: STRESS.churnDoctors }, (_, i) => `dr-churn-${i}`)]) {
          await repository.createDoctor(aDoctor(id, { locations: [{ id: 'main', address: '1 Main St' }], schedule: {} }));
        }
        for (let d = 0; d < STRESS.siteDoctors; d++) await repository.createDoctor(siteDoctor(`dr-site-${d}`));

        for (let i = 0; i < STRESS.workers; i++) {
          const child = fork(WORKER, [POSTGRES_URL!, schema, String(i)], {
            cwd: ROOT,
            execArgv: ['--import', 'tsx'],
            stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
          });
          const stderr: string[] = [];
          stderrOf.set(child, stderr);
          child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
          children.push(child);
        }
        // Barrier: every worker has all its connections open before any of them starts.
        await Promise.all(children.map((child) => nextMessage(child, isType('ready'))));
        const done = children.map((child) => nextMessage(child, isType('done')));
        for (const child of children) child.send('go');
        const reports = (await Promise.all(done)).map((m) => m.report);

        expect(reports.flatMap((r) => r.unexpected)).toEqual([]);
        const booked = reports.flatMap((r) => r.booked);
        const cancelled = new Set(reports.flatMap((r) => r.cancelled));

        // Exactly one winner per contested slot, across all processes.
        const winners = new Map<string, number>();
        for (const b of booked.filter((b) => b.doctorId === 'dr-exact')) winners.set(b.start, (winners.get(b.start) ?? 0) + 1);
        expect(winners.size).toBe(STRESS.contestedSlots);
        expect([...winners.values()].every((n) => n === 1)).toBe(true);
        // The churn really raced: some bookings were refused, some cancelled.
        expect(reports.reduce((n, r) => n + (r.refusals.SLOT_TAKEN ?? 0), 0)).toBeGreaterThan(0);
        expect(cancelled.size).toBeGreaterThan(0);

        // Exactly one of the concurrent holds of each start won, and it is stored, held.
        const held = reports.flatMap((r) => r.held);
        const holdWinners = new Map<string, number>();
        for (const h of held) holdWinners.set(h.start, (holdWinners.get(h.start) ?? 0) + 1);
        expect(holdWinners.size).toBe(STRESS.holdStarts);
        expect([...holdWinners.values()].every((n) => n === 1)).toBe(true);
        const storedHolds = await admin.query<{ id: string; status: string }>(`SELECT id, status FROM "${schema}".holds ORDER BY id`);
        expect(storedHolds.rows).toEqual(held.map((h) => ({ id: h.id, status: 'held' })).sort((a, b) => (a.id < b.id ? -1 : 1)));

        // The buffered bookings really collided (their buffers refused neighbours) and some were cancelled.
        const buffered = booked.filter((b) => b.doctorId === 'dr-buffer');
        expect(buffered.length).toBeGreaterThan(0);
        expect(buffered.some((b) => cancelled.has(b.id))).toBe(true);

        // No two live claims on one resource lane overlap, anywhere in the table (an oracle of its
        // own, not the constraint); and the live claims are exactly those of the booked
        // appointments and held holds.
        const claimOverlaps = await admin.query(
          `SELECT a.owner_id, b.owner_id FROM "${schema}".claims a JOIN "${schema}".claims b
             ON a.resource_kind = b.resource_kind AND a.resource_id = b.resource_id AND a.lane = b.lane AND a.ctid < b.ctid
            AND a.live AND b.live AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`,
        );
        expect(claimOverlaps.rows).toEqual([]);
        const strayClaims = await admin.query(
          `SELECT c.owner_kind, c.owner_id, c.live FROM "${schema}".claims c
           LEFT JOIN "${schema}".appointments a ON c.owner_kind = 'appointment' AND a.id = c.owner_id
           LEFT JOIN "${schema}".holds h ON c.owner_kind = 'hold' AND h.id = c.owner_id
           WHERE c.live <> (COALESCE(a.status = 'booked', false) OR COALESCE(h.status = 'held', false))`,
        );
        expect(strayClaims.rows).toEqual([]);
        const unclaimed = await admin.query(
          `SELECT a.id FROM "${schema}".appointments a WHERE a.status = 'booked'
             AND NOT EXISTS (SELECT 1 FROM "${schema}".claims c WHERE c.owner_kind = 'appointment' AND c.owner_id = a.id AND c.live)`,
        );
        expect(unclaimed.rows).toEqual([]);

        // A removal and a booking at the removed location never both succeeded; none is stored.
        const removed = new Set(reports.flatMap((r) => r.removed));
        const atSite = booked.filter((b) => b.doctorId.startsWith('dr-site-'));
        expect(atSite.filter((b) => removed.has(b.doctorId))).toEqual([]);
        const activeAtRemoved = await admin.query(
          `SELECT a.id FROM "${schema}".appointments a JOIN "${schema}".doctors d ON d.id = a.doctor_id
           WHERE a.status = 'booked' AND a.location_id = 'old-site' AND NOT d.locations @> '[{"id": "old-site"}]'`,
        );
        expect(activeAtRemoved.rows).toEqual([]);
        const sites = await admin.query<{ id: string; removed: boolean }>(
          `SELECT id, NOT locations @> '[{"id": "old-site"}]' AS removed FROM "${schema}".doctors WHERE id LIKE 'dr-site-%' ORDER BY id`,
        );
        expect(sites.rows.filter((r) => r.removed).map((r) => r.id)).toEqual([...removed].sort());
        // The race went both ways: some removals won, some bookings there did.
        expect(removed.size).toBeGreaterThan(0);
        expect(atSite.length).toBeGreaterThan(0);
        console.log(
          `stress: ${held.length} holds won of ${STRESS.holdStarts * STRESS.holdsPerStart}; ${buffered.length} buffered bookings, ${reports.reduce((n, r) => n + (r.refusals.SLOT_TAKEN ?? 0), 0)} SLOT_TAKEN in all; ` +
            `${removed.size} of ${STRESS.siteDoctors} removals won, ${atSite.length} bookings at old-site won`,
        );

        // No two active appointments of a doctor overlap, anywhere in the table.
        const overlaps = await admin.query(
          `SELECT a.id, b.id FROM "${schema}".appointments a JOIN "${schema}".appointments b
             ON a.doctor_id = b.doctor_id AND a.id < b.id AND a.status = 'booked' AND b.status = 'booked'
            AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')`,
        );
        expect(overlaps.rows).toEqual([]);

        // Every acknowledged booking is stored, with the acknowledged status; nothing else is.
        const stored = await admin.query<{ id: string; doctor_id: string; status: string; starts_at: Date; ends_at: Date }>(
          `SELECT id, doctor_id, status, starts_at, ends_at FROM "${schema}".appointments`,
        );
        const byId = new Map(stored.rows.map((row) => [row.id, row]));
        expect(stored.rows).toHaveLength(booked.length);
        for (const b of booked) {
          const row = byId.get(b.id);
          expect(row, b.id).toBeDefined();
          expect([row!.doctor_id, row!.starts_at.toISOString(), row!.ends_at.toISOString()]).toEqual([b.doctorId, b.start, b.end]);
          expect(row!.status, b.id).toBe(cancelled.has(b.id) ? 'cancelled' : 'booked');
        }
      } finally {
        for (const child of children) if (child.exitCode === null) child.kill();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    },
    120_000,
  );
});
