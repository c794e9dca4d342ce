import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'examples/http-api/src/main.ts';

interface Started {
  child: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Runs main.ts with `node --import tsx`, and resolves once it has printed its last start-up line. */
function runMain(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API docs: (http:\/\/\S+)\/docs\n/.exec(output);
      if (match) resolve({ child, url: match[1]!, exit, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(({ code }) => reject(new Error(`main.ts exited (${code}) before listening:\n${output}`)));
  });
}

describe('main.ts', () => {
  let dir: string;
  let running: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-slots-main-'));
  });

  afterEach(() => {
    if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s closes the server and the database, and exits 0', async (signal) => {
    const file = join(dir, 'clinic.db');
    const started = await runMain(['--db', file]);
    running = started.child;

    const created = await fetch(`${started.url}/doctors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'keep-alive' },
      body: JSON.stringify({ id: 'dr-snow', name: 'John Snow', timeZone: 'Europe/London', locations: [{ address: 'Broad St' }] }),
    });
    expect(created.status).toBe(201);
    // While the server runs, the write sits in the write-ahead log.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    started.child.kill(signal);
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('stopped');

    // The log was checkpointed into the file and removed: the file alone holds the data.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      const doctorTable = tables.map((t) => t.name).find((name) => /doctor/.test(name));
      expect(doctorTable).toBeDefined();
      const ids = (db.prepare(`SELECT id FROM ${doctorTable} ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
      expect(ids).toEqual(['dr-lister', 'dr-snow', 'dr-wright']);
    } finally {
      db.close();
    }
  });

  it('seeds only the first start, and keeps the data across restarts', async () => {
    const file = join(dir, 'clinic.db');
    const first = await runMain(['--db', file]);
    running = first.child;
    expect(first.output()).toContain('Seeded');
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);

    const second = await runMain(['--db', file]);
    running = second.child;
    const doctors = (await (await fetch(`${second.url}/doctors`)).json()) as { items: { id: string }[] };
    expect(doctors.items.map((d) => d.id)).toEqual(['dr-lister', 'dr-wright']);
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
    expect(second.output()).not.toContain('Seeded');
  });

  it('exits non-zero when the database cannot be opened', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--db', join(dir, 'missing', 'dir', 'x.db')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0' },
      stdio: 'ignore',
    });
    running = child;
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
  });
});
