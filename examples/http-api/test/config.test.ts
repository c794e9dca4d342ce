import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_PATH, configFrom, type Config } from '../src/config.js';

/** The storage chosen, for a command line that is not `--help`. */
const storageOf = (args: string[], env: Record<string, string>) => (configFrom(args, env) as Config).storage;

describe('configFrom', () => {
  it('defaults to a SQLite file on 127.0.0.1:8000', () => {
    expect(configFrom([], {})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      storage: { kind: 'sqlite', path: DEFAULT_DB_PATH },
      patientConflicts: false,
    });
  });

  it('takes the port from --port, else PORT; the host only from --host', () => {
    expect(configFrom([], { PORT: '3000', HOST: 'my-laptop' })).toMatchObject({ port: 3000, host: '127.0.0.1' });
    expect(configFrom(['--port', '4000', '--host', '::1'], { PORT: '3000' })).toMatchObject({ port: 4000, host: '::1' });
  });

  it('takes the SQLite path from --db, else CLINIC_SLOTS_DB', () => {
    expect(storageOf([], { CLINIC_SLOTS_DB: '/data/a.db' })).toEqual({ kind: 'sqlite', path: '/data/a.db' });
    expect(storageOf(['--db', 'b.db'], { CLINIC_SLOTS_DB: '/data/a.db' })).toEqual({ kind: 'sqlite', path: 'b.db' });
  });

  it('uses PostgreSQL when DATABASE_URL is set, unless --db or --memory says otherwise', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    expect(storageOf([], { DATABASE_URL: url })).toEqual({ kind: 'postgres', url });
    expect(storageOf(['--db', 'b.db'], { DATABASE_URL: url })).toEqual({ kind: 'sqlite', path: 'b.db' });
    expect(storageOf(['--memory'], { DATABASE_URL: url })).toEqual({ kind: 'memory' });
  });

  it('refuses a bad port, an unknown option, and --memory with --db', () => {
    expect(() => configFrom([], { PORT: 'eighty' })).toThrow(/port/i);
    expect(() => configFrom(['--port', '70000'], {})).toThrow(/port/i);
    expect(() => configFrom(['--verbose'], {})).toThrow();
    expect(() => configFrom(['--memory', '--db', 'x.db'], {})).toThrow(/--memory/);
  });

  it('turns the patient-conflict rule on with --patient-conflicts, else CLINIC_SLOTS_PATIENT_CONFLICTS', () => {
    const rule = (args: string[], env: Record<string, string>) => (configFrom(args, env) as Config).patientConflicts;
    expect(rule(['--patient-conflicts'], {})).toBe(true);
    expect(rule(['--patient-conflicts'], { CLINIC_SLOTS_PATIENT_CONFLICTS: '0' })).toBe(true);
    for (const on of ['1', 'true', 'TRUE', 'yes']) expect(rule([], { CLINIC_SLOTS_PATIENT_CONFLICTS: on }), on).toBe(true);
    for (const off of ['0', 'false', 'no', '']) expect(rule([], { CLINIC_SLOTS_PATIENT_CONFLICTS: off }), off).toBe(false);
    expect(() => configFrom([], { CLINIC_SLOTS_PATIENT_CONFLICTS: 'sometimes' })).toThrow(/CLINIC_SLOTS_PATIENT_CONFLICTS/);
    expect(() => configFrom(['--patient-conflicts=yes'], {})).toThrow();
  });

  it('answers --help with the usage', () => {
    expect(configFrom(['--help'], {})).toEqual({ help: expect.stringContaining('--db PATH') });
    expect(configFrom(['--help'], {})).toEqual({ help: expect.stringContaining('--patient-conflicts') });
  });
});
