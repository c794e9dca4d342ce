import { afterEach, describe, expect, it } from 'vitest';
import { SchedulingError } from 'clinic-slots';
import { SQLITE_MIGRATIONS, migrateSqlite } from 'clinic-slots/sqlite';
import { open, tempDir } from './support/fixtures.js';
import { killWorkers, startTogether } from './support/workers.js';

const cleanups: (() => void)[] = [];
afterEach(async () => {
  await killWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe('SQLITE_MIGRATIONS', () => {
  it('are numbered 1, 2, 3, ... without gaps, each with a name', () => {
    expect(SQLITE_MIGRATIONS.map((m) => m.version)).toEqual(SQLITE_MIGRATIONS.map((_, i) => i + 1));
    for (const migration of SQLITE_MIGRATIONS) expect(migration.name.length).toBeGreaterThan(0);
  });
});

describe('migrateSqlite', () => {
  it('applies every migration to a new database and records each one', () => {
    const db = open();
    cleanups.push(() => db.close());
    const latest = SQLITE_MIGRATIONS.length;
    expect(migrateSqlite(db)).toEqual({ from: 0, to: latest, applied: SQLITE_MIGRATIONS.map((m) => m.version) });
    expect(db.prepare('SELECT version, name FROM clinic_slots_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('changes nothing when run a second time', () => {
    const db = open();
    cleanups.push(() => db.close());
    migrateSqlite(db);
    const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    const before = schema();
    const latest = SQLITE_MIGRATIONS.length;
    expect(migrateSqlite(db)).toEqual({ from: latest, to: latest, applied: [] });
    expect(schema()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM clinic_slots_migrations').get()).toEqual({ n: latest });
  });

  it('refuses a database at a newer version than it knows with STORAGE_FAILED, changing nothing', () => {
    const db = open();
    cleanups.push(() => db.close());
    migrateSqlite(db);
    db.prepare("INSERT INTO clinic_slots_migrations VALUES (999, 'from the future', 0)").run();
    let failure: unknown;
    try {
      migrateSqlite(db);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SchedulingError);
    expect((failure as SchedulingError).code).toBe('STORAGE_FAILED');
    expect(db.inTransaction).toBe(false);
  });

  it('fails with STORAGE_FAILED when another connection holds the write lock beyond the busy timeout', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const holder = open(dir.file('clinic.db'));
    const db = open(dir.file('clinic.db'));
    cleanups.push(() => holder.close(), () => db.close());
    holder.exec('BEGIN IMMEDIATE');
    db.pragma('busy_timeout = 10');
    expect(() => migrateSqlite(db)).toThrow(expect.objectContaining({ name: 'SchedulingError', code: 'STORAGE_FAILED' }));
    holder.exec('ROLLBACK');
    expect(migrateSqlite(db).applied).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
  });

  it.each([
    ['a new file', (_file: string) => {}],
    [
      'a file whose migration record exists but is empty',
      (file: string) => {
        const db = open(file);
        db.exec('CREATE TABLE clinic_slots_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT');
        db.close();
      },
    ],
  ])('is safe from several processes at once on %s: one migrates, the others find it done', async (_case, prepare) => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const file = dir.file('clinic.db');
    prepare(file);
    const workers = await startTogether(4, 'migrate-worker.ts', (i) => [file, String(i)]);
    const reports = await Promise.all(workers.map((w) => Promise.race([w.next('migrated'), w.next('failed')])));
    await Promise.all(workers.map((w) => w.exited));

    expect(reports.map((r) => r.type)).toEqual(['migrated', 'migrated', 'migrated', 'migrated']);
    const applied = reports.map((r) => (r.applied as number[]).length);
    expect(applied.filter((n) => n > 0)).toEqual([SQLITE_MIGRATIONS.length]);
    const db = open(file);
    cleanups.push(() => db.close());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM clinic_slots_migrations').get()).toEqual({ n: SQLITE_MIGRATIONS.length });
    expect(db.prepare('SELECT id FROM clinic_slots_doctors ORDER BY id').all()).toEqual([
      { id: 'dr-0' }, { id: 'dr-1' }, { id: 'dr-2' }, { id: 'dr-3' },
    ]);
  });
});
