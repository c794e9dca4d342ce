import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresRepository, migratePostgres } from 'clinic-slots/postgres';
import { aDoctor } from './support/builders.js';
import { NO_SERVER, POSTGRES_URL, freshSchemaName } from './support/databases.js';
import { STRESS, type WorkerReport } from './support/stress-plan.js';

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
    'gives every contested slot exactly one winner, never stores an overlap, and keeps every acknowledged booking',
    async () => {
      const schema = freshSchemaName('stress');
      const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
      const children: ChildProcess[] = [];
      try {
        await migratePostgres(admin, { schema });
        const repository = createPostgresRepository(admin, { schema, retryDelayMs: 0 });
        for (const id of ['dr-exact', ...Array.from({ length: STRESS.churnDoctors }, (_, i) => `dr-churn-${i}`)]) {
          await repository.createDoctor(aDoctor(id, { locations: [{ id: 'main', address: '1 Main St' }], schedule: {} }));
        }

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
