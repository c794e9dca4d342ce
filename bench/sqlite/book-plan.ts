// What the book-sqlite benchmark books, and how: each writer process its own doctor, open around
// the clock, whose 30-minute slots it takes one after the other; a phase books the next slots of
// every writer, in one of three ways, all writers at once.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Doctor } from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';

/** The benchmark's fixed "now"; every slot lies after it. */
export const BENCH_NOW = Date.parse('2030-01-01T00:00:00.000Z');
/** The length of a slot. */
export const SLOT_MS = 30 * 60_000;

/** How a phase books: see `book-worker.ts`. */
export type BookMode = 'raw' | 'insert' | 'scheduler' | 'hold-confirm';

/** What the parent tells a writer. */
export type WorkerCommand =
  | { readonly type: 'phase'; readonly mode: BookMode; readonly from: number; readonly count: number }
  | { readonly type: 'close' };

/** The start of a writer's `i`-th slot. */
export function slotStart(i: number): number {
  return BENCH_NOW + 24 * 3600_000 + i * SLOT_MS;
}

/** A doctor open every day, all day, with 30-minute slots. */
function benchDoctor(id: string): Doctor {
  const allDay = [{ start: '00:00', end: '24:00' }];
  const created = new Date(BENCH_NOW).toISOString();
  return {
    id, name: `Doctor ${id}`, timeZone: 'UTC', locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay },
    overrides: [], rules: { slotLength: 'PT30M' }, version: 1, createdAt: created, updatedAt: created,
  };
}

/** The shape of a run. */
export interface SqliteBookOptions {
  /** Writer processes: default 4. */
  readonly writers?: number;
  /** Bookings per phase, spread evenly over the writers: default 2,000. */
  readonly bookings?: number;
  /** `PRAGMA synchronous` of every writer: default `'FULL'`. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** A running bench: a fresh file, its doctors, and writer processes waiting for phases. */
export interface SqliteBookBench {
  /** Bookings per phase. */
  readonly bookings: number;
  /**
   * Runs one phase: every writer books its next slots in `mode`; resolves to the count of
   * appointments stored (in `hold-confirm`, after checking that as many holds were confirmed).
   */
  phase(mode: BookMode): Promise<number>;
  /** The CPU time the writers took in the last phase, all together, µs. */
  readonly lastPhaseCpuUs: number;
  /** Stops the writers and removes the file. */
  close(): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./book-worker.ts', import.meta.url));

/** What a writer says. */
interface WorkerMessage {
  readonly type: string;
  readonly message?: string;
  /** With `done`: the CPU time the phase took in the writer, µs. */
  readonly cpuUs?: number;
}

/** Resolves with the next message of `type` from `child`; rejects on `failed` or exit. */
function next(child: ChildProcess, type: string): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      if (m.type !== type && m.type !== 'failed') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (m.type === 'failed') reject(new Error(`writer failed: ${m.message}`));
      else resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`writer exited (${code}) before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function openSqliteBookBench(options: SqliteBookOptions = {}): Promise<SqliteBookBench> {
  const writers = options.writers ?? 4;
  const bookings = options.bookings ?? 2000;
  const synchronous = options.synchronous ?? 'FULL';
  const perWriter = Math.ceil(bookings / writers);
  const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-bench-'));
  const file = join(dir, 'bench.db');
  const setup = new Database(file);
  const repository = createSqliteRepository(setup, { synchronous });
  for (let w = 0; w < writers; w++) await repository.createDoctor(benchDoctor(`dr-${w}`));
  setup.close();
  const check = new Database(file, { readonly: true });
  const countBooked = check.prepare("SELECT count(*) AS n FROM clinic_slots_appointments WHERE status = 'booked'");
  const countConfirmed = check.prepare(
    "SELECT count(*) AS n FROM clinic_slots_holds WHERE status = 'confirmed' AND appointment_id IS NOT NULL",
  );
  const count = (statement: typeof countBooked) => (statement.get() as { n: number }).n;

  const children = Array.from({ length: writers }, (_, w) =>
    fork(WORKER, [file, `dr-${w}`, synchronous], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((c) => next(c, 'ready')));
  let from = 0;
  let lastPhaseCpuUs = 0;
  return {
    bookings: perWriter * writers,
    get lastPhaseCpuUs() {
      return lastPhaseCpuUs;
    },
    async phase(mode) {
      const before = count(countBooked);
      const confirmedBefore = mode === 'hold-confirm' ? count(countConfirmed) : 0;
      const done = children.map((c) => next(c, 'done'));
      const command: WorkerCommand = { type: 'phase', mode, from, count: perWriter };
      for (const c of children) c.send(command);
      from += perWriter;
      const reports = await Promise.all(done);
      lastPhaseCpuUs = reports.reduce((sum, m) => sum + (m.cpuUs ?? 0), 0);
      const stored = count(countBooked) - before;
      if (mode === 'hold-confirm' && count(countConfirmed) - confirmedBefore !== stored) {
        throw new Error(`hold-confirm: ${count(countConfirmed) - confirmedBefore} holds confirmed, ${stored} appointments booked`);
      }
      return stored;
    },
    async close() {
      await Promise.all(
        children.map((c) => {
          const exited = new Promise((resolve) => c.once('exit', resolve));
          if (c.connected) c.send({ type: 'close' } satisfies WorkerCommand);
          return exited;
        }),
      );
      check.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
