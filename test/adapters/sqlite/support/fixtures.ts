import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Appointment, Claim, Doctor, Hold } from 'clinic-slots';

const CREATED_AT = '2030-01-01T00:00:00.000Z';
/** A Monday, 2030-01-07T00:00Z, in epoch milliseconds. */
export const DAY0 = Date.parse('2030-01-07T00:00:00.000Z');

/** A valid doctor with one location; fields in `overrides` replace the defaults. */
export function doctor(overrides: Partial<Doctor> = {}): Doctor {
  return {
    id: 'dr-1',
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: [{ start: '09:00', end: '17:00' }] },
    overrides: [],
    rules: { slotLength: 'PT30M' },
    version: 1,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  };
}

/** The instant `minutes` after {@link DAY0}, normalised. */
export function at(minutes: number): string {
  return new Date(DAY0 + minutes * 60_000).toISOString();
}

/** A booked appointment of `dr-1` from minute `from` to `to` after {@link DAY0}. */
export function appointment(id: string, from: number, to: number, overrides: Partial<Appointment> = {}): Appointment {
  return {
    id,
    doctorId: 'dr-1',
    locationId: 'loc-1',
    start: at(from),
    end: at(to),
    patientRef: 'patient/1',
    status: 'booked',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  };
}

/**
 * A `held` hold of `dr-1` from minute `from` to `to` after {@link DAY0}, taken at minute
 * `takenAt` for `ttl` minutes (by default taken at minute 0, for 10 minutes).
 */
export function hold(id: string, from: number, to: number, overrides: Partial<Hold> & { takenAt?: number; ttl?: number } = {}): Hold {
  const { takenAt = 0, ttl = 10, ...fields } = overrides;
  return {
    id,
    doctorId: 'dr-1',
    locationId: 'loc-1',
    start: at(from),
    end: at(to),
    status: 'held',
    expiresAt: at(takenAt + ttl),
    createdAt: at(takenAt),
    updatedAt: at(takenAt),
    ...fields,
  };
}

/** A claim on lane 0 (unless given) of a resource from minute `from` to `to` after {@link DAY0}. */
export function claim(kind: Claim['kind'], id: string, from: number, to: number, lane = 0): Claim {
  return { kind, id, lane, from: at(from), to: at(to) };
}

/** A fresh temporary directory, and a function that removes it. */
export function tempDir(): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-sqlite-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a better-sqlite3 connection. */
export function open(file = ':memory:'): Database.Database {
  return new Database(file);
}
