// A scheduler on the memory or the SQLite adapter, with switches that break what it stands on:
// a repository that throws a plain Error, another writer that edits or removes the doctor just
// before an appointment or a hold is written, a clock that throws or returns nonsense, an id
// maker that throws, returns a non-id, or repeats an id. The clock is fixed, and moves only when
// a test advances it (that is how holds expire). Used by the error-contract tests.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryRepository,
  createScheduler,
  fixedClock,
  type Appointment,
  type BookingRules,
  type Hold,
  type NewDoctor,
  type Scheduler,
  type SchedulingRepository,
  type WeeklySchedule,
} from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { PORT_METHODS } from './support.js';

/** The adapters the contract is checked on (in-process). */
export type AdapterKind = 'memory' | 'sqlite';
export const ADAPTERS: readonly AdapterKind[] = ['memory', 'sqlite'];

/** What is broken during the next call; every switch is off (`undefined`) between calls. */
export interface Faults {
  /** Repository calls to let through before one throws a plain `Error`. */
  repositoryFailsAfter?: number;
  /** Whether that throw is synchronous (else a rejected promise). */
  repositoryThrowsSync?: boolean;
  /** Before each of this many appointment or hold writes, another writer changes the doctor (a new version). */
  doctorEditedBeforeWrites?: number;
  /** Before the next appointment or hold write, another writer removes the doctor. */
  doctorRemovedBeforeWrite?: boolean;
  /** The clock throws, or returns an invalid `Date`. */
  clock?: 'throws' | 'invalid';
  /** `newId` throws, returns a non-id, or returns this id again and again. */
  newId?: 'throws' | 'invalid' | { readonly repeats: string };
}

/** A scheduler over a repository, with the raw repository (no faults) to look and meddle. */
export interface World {
  readonly kind: AdapterKind;
  readonly scheduler: Scheduler;
  /** The adapter itself, bypassing the faults: "another process". */
  readonly raw: SchedulingRepository;
  /** The switches, mutable. */
  readonly faults: Faults;
  /** Whether the scheduler has the patient-conflict rule on. */
  readonly patientConflicts: boolean;
  /** Another scheduler on the same repository, clock, ids and rule: another process, nothing cached. */
  otherProcess(): Scheduler;
  /** Moves the fixed clock forward by `ms`. */
  advance(ms: number): void;
  /** The fixed clock's instant, normalised. */
  now(): string;
  /** Closes the database and removes its file. */
  close(): void;
}

/** Friday 1 January 2027, 08:00 UTC. */
export const NOW = '2027-01-01T08:00:00.000Z';
/** Monday 4 January 2027 at `hh:mm` UTC. */
export const monday = (hhmm: string): string => `2027-01-04T${hhmm}:00.000Z`;
/** Later than any appointment ends: removes a doctor whatever they have. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** The writes that carry a doctor version: the ones another writer can get in front of. */
const isGuardedWrite = (name: string) => name === 'insertAppointment' || name === 'rescheduleAppointment' || name === 'insertHold';

/**
 * Another process removes the doctor, whatever they have: as one whose clock is past every end
 * and expiry would (a live hold or a future appointment keeps a doctor only from a remover whose
 * clock is before its end).
 */
export async function removeDoctorBehindTheScenes(raw: SchedulingRepository, doctorId: string): Promise<void> {
  if ((await raw.getDoctor(doctorId)) !== undefined) await raw.deleteDoctor(doctorId, { activeAfter: END_OF_TIME });
}

function faultyRepository(raw: SchedulingRepository, faults: Faults): SchedulingRepository {
  const meddle = async (doctorId: string): Promise<void> => {
    if (faults.doctorRemovedBeforeWrite) {
      faults.doctorRemovedBeforeWrite = false;
      await removeDoctorBehindTheScenes(raw, doctorId);
    }
    if (faults.doctorEditedBeforeWrites !== undefined && faults.doctorEditedBeforeWrites > 0) {
      faults.doctorEditedBeforeWrites--;
      const doctor = await raw.getDoctor(doctorId);
      if (doctor !== undefined) await raw.updateDoctor({ ...doctor, version: doctor.version + 1 }, doctor.version);
    }
  };
  const wrapped: Record<string, unknown> = { capabilities: raw.capabilities };
  for (const name of PORT_METHODS) {
    const method = (raw[name] as (...a: unknown[]) => Promise<unknown>).bind(raw);
    wrapped[name] = (...args: unknown[]): Promise<unknown> => {
      if (faults.repositoryFailsAfter !== undefined) {
        if (faults.repositoryFailsAfter <= 0) {
          faults.repositoryFailsAfter = undefined;
          const error = new Error(`the disk is on fire (${name})`);
          if (faults.repositoryThrowsSync) throw error;
          return Promise.reject(error);
        }
        faults.repositoryFailsAfter--;
      }
      if (!isGuardedWrite(name)) return method(...args);
      const write = args[0] as Appointment | Hold | { replacement: Appointment };
      const doctorId = 'replacement' in write ? write.replacement.doctorId : write.doctorId;
      return meddle(doctorId).then(() => method(...args));
    };
  }
  return wrapped as unknown as SchedulingRepository;
}

/** A fresh world on `kind`, nothing stored, every switch off, the clock at {@link NOW}. */
export function createWorld(kind: AdapterKind, options: { readonly patientConflicts?: boolean } = {}): World {
  let raw: SchedulingRepository;
  let close = () => {};
  if (kind === 'memory') {
    raw = createMemoryRepository();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-contract-'));
    const db = new Database(join(dir, 'clinic.db'));
    raw = createSqliteRepository(db, { synchronous: 'NORMAL' });
    close = () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const faults: Faults = {};
  const fixed = fixedClock(NOW);
  const clock = {
    now: (): Date => {
      if (faults.clock === 'throws') throw new Error('the clock stopped');
      if (faults.clock === 'invalid') return new Date(Number.NaN);
      return fixed.now();
    },
  };
  let n = 0;
  const newId = (): string => {
    const f = faults.newId;
    if (f === 'throws') throw new Error('no ids left');
    if (f === 'invalid') return 'not an id!';
    if (f !== undefined) return f.repeats;
    return `id-${++n}`;
  };
  const patientConflicts = options.patientConflicts ?? false;
  const repository = faultyRepository(raw, faults);
  const scheduler = createScheduler({ repository, clock, newId, patientConflicts });
  return {
    kind,
    scheduler,
    raw,
    faults,
    patientConflicts,
    otherProcess: () => createScheduler({ repository, clock, newId, patientConflicts }),
    advance: (ms) => fixed.advance(ms),
    now: () => fixed.now().toISOString(),
    close,
  };
}

/** Dr A's week: Mondays 09:00-11:00 at both locations, 11:00-12:00 at `uni` only. */
export const DR_A_SCHEDULE: WeeklySchedule = {
  monday: [
    { start: '09:00', end: '11:00' },
    { start: '11:00', end: '12:00', locationIds: ['uni'] },
  ],
};
/** Dr A's rules: an hour's notice, 60 days ahead at most. */
export const DR_A_RULES: BookingRules = { slotLength: 'PT30M', minimumNotice: 'PT1H', horizon: 'P60D' };

/** The doctors every world starts with. */
export const SEED_DOCTORS: readonly NewDoctor[] = [
  {
    id: 'dr-a',
    name: 'Ada Lovelace',
    timeZone: 'UTC',
    locations: [
      { id: 'park-st', address: '1 Park St' },
      { id: 'uni', address: '2 University Ave' },
    ],
    schedule: DR_A_SCHEDULE,
    rules: DR_A_RULES,
  },
  {
    // Buffers: each appointment's claim reaches 10 minutes past its end, so 09:30 after 09:00 is taken.
    id: 'dr-b',
    name: 'Bob Bufferwell',
    timeZone: 'Europe/London',
    locations: [{ id: 'main', address: '3 Main St' }],
    schedule: { monday: [{ start: '09:00', end: '12:00' }] },
    rules: { slotLength: 'PT30M', bufferAfter: 'PT10M' },
  },
  {
    // Nothing booked: can be removed.
    id: 'dr-c',
    name: 'Cy Idle',
    timeZone: 'UTC',
    locations: [{ id: 'annex', address: '4 Annex Rd' }],
    schedule: { tuesday: [{ start: '09:00', end: '10:00' }] },
  },
  {
    // Free Monday mornings: where a patient booked at the others is busy (with the rule on).
    id: 'dr-d',
    name: 'Dee Spare',
    timeZone: 'UTC',
    locations: [{ id: 'clinic', address: '5 Clinic Way' }],
    schedule: { monday: [{ start: '09:00', end: '12:00' }] },
  },
];

/** The appointments and holds of a seeded world, by what the tests use them for. */
export interface Seeded {
  /** Dr A, Monday 09:00 at park-st, idempotency key `key-1`. */
  readonly booked: Appointment;
  /** Dr A, Monday 09:30 at uni. */
  readonly bookedAtUni: Appointment;
  /** Dr A, Monday 10:00, cancelled. */
  readonly cancelled: Appointment;
  /** Dr A, Monday 10:30, entered in error. */
  readonly enteredInError: Appointment;
  /** Dr B, Monday 09:00, idempotency key `key-5`. */
  readonly bookedWithBuffer: Appointment;
  /** Dr B, Monday 11:00, fulfilled. */
  readonly fulfilled: Appointment;
  /** Dr B, Monday 10:00, for patient/1 (who is at Dr A at 09:00 too): busy elsewhere at 10:00. */
  readonly elsewhere: Appointment;
  /** Dr A, Monday 11:00 at uni, no patient, idempotency key `hold-key-1`, for an hour (the longest): live until 09:00. */
  readonly held: Hold;
  /** Dr A, Monday 11:30 at uni, released. */
  readonly released: Hold;
  /** Dr A, Monday 11:30 at uni, for patient/8: right after the live hold (wider buffers make them collide). */
  readonly afterHold: Appointment;
  /** Dr D, Monday 11:00, for patient/1: so patient/1 is busy at 09:00 (Dr A), 10:00 (Dr B) and 11:00 (Dr D, the time of the live hold). */
  readonly atSpare: Appointment;
}

/** The appointments of a seeded world. */
export const seededAppointments = (s: Seeded): Appointment[] => [
  s.booked,
  s.bookedAtUni,
  s.cancelled,
  s.enteredInError,
  s.bookedWithBuffer,
  s.fulfilled,
  s.elsewhere,
  s.afterHold,
  s.atSpare,
];

/** Creates the seed doctors, appointments and holds (with every switch off). */
export async function seed(world: World): Promise<Seeded> {
  const { scheduler } = world;
  for (const doctor of SEED_DOCTORS) await scheduler.createDoctor(doctor);
  const book = (doctorId: string, locationId: string, hhmm: string, patientRef: string, idempotencyKey?: string) =>
    scheduler.book({ doctorId, locationId, start: monday(hhmm), patientRef, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  const booked = await book('dr-a', 'park-st', '09:00', 'patient/1', 'key-1');
  const bookedAtUni = await book('dr-a', 'uni', '09:30', 'patient/2');
  const cancelled = await scheduler.cancel((await book('dr-a', 'park-st', '10:00', 'patient/3')).id, { reason: 'patient called' });
  const enteredInError = await scheduler.markEnteredInError((await book('dr-a', 'park-st', '10:30', 'patient/4')).id);
  const bookedWithBuffer = await book('dr-b', 'main', '09:00', 'patient/5', 'key-5');
  const fulfilled = await scheduler.markFulfilled((await book('dr-b', 'main', '11:00', 'patient/6')).id);
  const elsewhere = await book('dr-b', 'main', '10:00', 'patient/1');
  const held = await scheduler.hold({ doctorId: 'dr-a', locationId: 'uni', start: monday('11:00'), ttl: 'PT1H', idempotencyKey: 'hold-key-1' });
  const released = await scheduler.releaseHold((await scheduler.hold({ doctorId: 'dr-a', locationId: 'uni', start: monday('11:30') })).id);
  const afterHold = await book('dr-a', 'uni', '11:30', 'patient/8');
  const atSpare = await book('dr-d', 'clinic', '11:00', 'patient/1');
  return { booked, bookedAtUni, cancelled, enteredInError, bookedWithBuffer, fulfilled, elsewhere, held, released, afterHold, atSpare };
}
