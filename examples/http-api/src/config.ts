import { parseArgs } from 'node:util';
import type { StorageOptions } from './storage.js';

/** The SQLite file used when nothing else is said (relative to the working directory). */
export const DEFAULT_DB_PATH = './clinic-slots.db';

export const USAGE = `Usage: npm run demo -- [options]

Serves the clinic-slots HTTP API, with its docs at /docs.

Options:
  --db PATH       SQLite file (default: $CLINIC_SLOTS_DB, else ${DEFAULT_DB_PATH})
  --memory        keep everything in memory (lost on exit)
  --port N        port (default: $PORT, else 8000)
  --host HOST     interface to listen on (default 127.0.0.1: this machine only)
  --patient-conflicts
                  refuse a patient two overlapping appointments or holds, at any doctor
                  (409 PATIENT_BUSY; default: $CLINIC_SLOTS_PATIENT_CONFLICTS, else off)
  --help          this text

Environment:
  DATABASE_URL    use PostgreSQL (postgres://...) instead of SQLite, unless --db or --memory is given
  CLINIC_SLOTS_PATIENT_CONFLICTS
                  1/true/yes turns the patient-conflict rule on, 0/false/no or empty leaves it off
`;

/** How to run the server. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly storage: StorageOptions;
  /** The scheduler's patient-conflict rule (`patientConflicts` of `createScheduler`). */
  readonly patientConflicts: boolean;
}

/** The patient-conflict rule as `CLINIC_SLOTS_PATIENT_CONFLICTS` says it (off when unset). */
function patientConflictsFrom(text: string | undefined): boolean {
  const value = (text ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`invalid CLINIC_SLOTS_PATIENT_CONFLICTS: ${text} (give 1 or 0)`);
}

/**
 * Reads the command line and the environment. Precedence for the store: `--memory`, `--db`,
 * `DATABASE_URL`, `CLINIC_SLOTS_DB`, then {@link DEFAULT_DB_PATH}; for the patient-conflict rule,
 * `--patient-conflicts`, then `CLINIC_SLOTS_PATIENT_CONFLICTS`. Throws on bad input.
 */
export function configFrom(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Config | { help: string } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      db: { type: 'string' },
      memory: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'patient-conflicts': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: USAGE };
  if (values.memory && values.db !== undefined) throw new Error('give either --memory or --db, not both');

  const portText = values.port ?? env['PORT'] ?? '8000';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`invalid port: ${portText}`);

  const storage: StorageOptions = values.memory
    ? { kind: 'memory' }
    : values.db !== undefined
      ? { kind: 'sqlite', path: values.db }
      : env['DATABASE_URL']
        ? { kind: 'postgres', url: env['DATABASE_URL'] }
        : { kind: 'sqlite', path: env['CLINIC_SLOTS_DB'] || DEFAULT_DB_PATH };

  const patientConflicts = values['patient-conflicts'] === true || patientConflictsFrom(env['CLINIC_SLOTS_PATIENT_CONFLICTS']);

  // Not read from $HOST: some shells set it to the machine's name, which would open the port.
  return { port, host: values.host ?? '127.0.0.1', storage, patientConflicts };
}
