/**
 * Listing workloads list-memory and list-sqlite: what a patient's "show me the free times" costs,
 * `scheduler.findAvailableSlots` for one doctor over 28 days (237 free slots, 43 appointments in
 * the window), one call at a time, on the memory adapter and on the SQLite adapter (a temporary
 * file, the adapter's defaults), each beside its floor in the same process (see
 * `LatencyWorkload`).
 *
 * The floor is the work such a listing cannot avoid, done the plain way with the library's own
 * parts, none of it through the scheduler: the adapter's `listAppointments` for the range the
 * scheduler reads (the window widened by a slot length, `booked` only, one page), the
 * appointments turned into busy times, `generateSlots` on the doctor compiled once
 * (`compileDoctor`), and the slots formatted as ISO strings the cheap plain way
 * (written here: the date part once per UTC day, the time from digit tables; on Node 20
 * `Date.prototype.toISOString` alone costs more than the rest of the floor, so a floor built on
 * it would hide the formatting the library does). Reading the doctor is not part of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createMemoryRepository,
  createScheduler,
  fixedClock,
  compileDoctor,
  generateSlots,
  type CompiledDoctor,
  type AvailableSlot,
  type Doctor,
  type Scheduler,
  type SchedulingRepository,
} from '../../src/index.js';
import { createSqliteRepository } from '../../src/sqlite.js';
import type { LatencyWorkload } from '../workload.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONE = 'America/New_York';
/** Monday 2027-03-01, local midnight in New York; 28 days (of 24 h), over the March DST change. */
const FROM = '2027-03-01T05:00:00.000Z';
const TO = new Date(Date.parse(FROM) + 28 * DAY).toISOString();
const NOW = '2027-02-20T12:00:00.000Z';
const SLOT_MS = 30 * MINUTE;
const APPOINTMENTS = 43;
const CREATED = '2027-01-01T00:00:00.000Z';

const INTERVALS = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

/** Mon-Fri 09:00-12:00 and 13:00-17:00, 30-minute slots: 14 a weekday, 280 in 28 days. */
const DOCTOR: Doctor = {
  id: 'dr-list',
  name: 'Dr List',
  timeZone: ZONE,
  locations: [{ id: 'main', address: '1 Main St' }],
  schedule: { monday: INTERVALS, tuesday: INTERVALS, wednesday: INTERVALS, thursday: INTERVALS, friday: INTERVALS },
  overrides: [],
  rules: { slotLength: 'PT30M' },
  version: 1,
  createdAt: CREATED,
  updatedAt: CREATED,
};

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `00` to `99` and `000` to `999`. */
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * A formatter of epoch milliseconds (1970-9999) as `YYYY-MM-DDTHH:mm:ss.sssZ`, equal to
 * `toISOString`: it keeps the date part of the last UTC day it wrote, so instants in runs within
 * a day cost a few table lookups. One per listing: it holds that day.
 */
export function isoFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let date = '';
  return (ms) => {
    const d = Math.floor(ms / DAY);
    if (d !== day) {
      day = d;
      date = new Date(d * DAY).toISOString().slice(0, 11);
    }
    const t = ms - d * DAY;
    const h = Math.floor(t / 3_600_000);
    const m = Math.floor(t / 60_000) % 60;
    const sec = Math.floor(t / 1000) % 60;
    return `${date}${TWO[h]!}:${TWO[m]!}:${TWO[sec]!}.${THREE[t % 1000]!}Z`;
  };
}

/** Throws unless {@link isoFormatter} agrees with `toISOString` on seeded random instants from 1970 to 9999. */
function checkFormatter(): void {
  const next = random(3);
  const iso = isoFormatter();
  let ms = 0;
  for (let i = 0; i < 20_000; i++) {
    // Runs of instants within a day, and jumps anywhere.
    ms = i % 50 === 0 ? Math.floor(next() * 253_402_300_800_000) : ms + Math.floor(next() * 3_600_000);
    if (ms > 253_402_300_799_999) continue;
    if (iso(ms) !== new Date(ms).toISOString()) throw new Error(`isoFormatter(${ms}) is ${iso(ms)}`);
  }
}

/** A checksum of every slot's start, end and locations. */
function fingerprint(slots: readonly AvailableSlot[]): number {
  let h = 0;
  const add = (s: string) => {
    for (let k = 0; k < s.length; k++) h = (h * 31 + s.charCodeAt(k)) % 1_000_000_007;
  };
  for (const slot of slots) {
    add(slot.start);
    add(slot.end);
    for (const id of slot.locationIds) add(id);
  }
  return h;
}

/** What one listing workload holds once prepared. */
export interface Listing {
  readonly scheduler: Scheduler;
  /** The adapter itself, not the scheduler's guarded view of it. */
  readonly repository: SchedulingRepository;
  /** The doctor as stored, compiled once (`compileDoctor`): what the floor generates from. */
  readonly doctor: CompiledDoctor;
  close(): void;
}

/** Stores the doctor and books 43 of its 280 slots in the window, at seeded random starts. */
async function populate(repository: SchedulingRepository, close: () => void): Promise<Listing> {
  await repository.createDoctor(DOCTOR);
  const scheduler = createScheduler({ repository, clock: fixedClock(NOW) });
  const open = await scheduler.findAvailableSlots(LIST_QUERY);
  if (open.length !== 280) throw new Error(`expected 280 open slots, got ${open.length}`);
  const next = random(9);
  const starts = open.map((s) => s.start);
  for (let i = starts.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [starts[i], starts[j]] = [starts[j]!, starts[i]!];
  }
  for (const [i, start] of starts.slice(0, APPOINTMENTS).entries()) {
    await scheduler.book({ doctorId: DOCTOR.id, locationId: 'main', start, patientRef: `patient/${i}` });
  }
  const doctor = await repository.getDoctor(DOCTOR.id);
  if (doctor === undefined) throw new Error('the doctor was not stored');
  return { scheduler, repository, doctor: compileDoctor(doctor), close };
}

/** The query of every call. */
export const LIST_QUERY = { doctorId: DOCTOR.id, from: FROM, to: TO } as const;

/** Opens the memory adapter with the workloads' doctor and appointments. */
export const openMemoryListing = (): Promise<Listing> => populate(createMemoryRepository(), () => undefined);

/** Opens the SQLite adapter on a temporary file (default options) with the workloads' doctor and appointments. */
export function openSqliteListing(): Promise<Listing> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-list-'));
  const db = new Database(join(dir, 'bench.db'));
  return populate(createSqliteRepository(db), () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

const from = Date.parse(FROM);
const to = Date.parse(TO);
const now = Date.parse(NOW);
/** The range the scheduler reads: the window widened by what can overlap it (a slot length). */
export const LIST_RANGE = {
  doctorId: DOCTOR.id,
  from: new Date(from - SLOT_MS).toISOString(),
  to: new Date(to + SLOT_MS).toISOString(),
  statuses: ['booked'] as const,
  limit: 1000,
};

/** The floor of one listing: see the top of this file. */
export async function listingFloor({ repository, doctor }: Listing): Promise<AvailableSlot[]> {
  const page = await repository.listAppointments(LIST_RANGE);
  if (page.nextCursor !== undefined) throw new Error('more than one page of appointments');
  const busy = page.items.map((a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) }));
  const iso = isoFormatter();
  return generateSlots({ doctor, from, to, now, busy }).map((slot) => ({
    start: iso(slot.start),
    end: iso(slot.end),
    locationIds: slot.locationIds,
  }));
}

function listWorkload(name: string, adapter: string, open: () => Promise<Listing>): LatencyWorkload<AvailableSlot[]> {
  let listing: Listing | undefined;
  const ready = (): Listing => {
    if (listing === undefined) throw new Error(`${name}: prepare() did not run`);
    return listing;
  };
  const query = { ...LIST_QUERY };
  return {
    kind: 'latency',
    name,
    description: `scheduler.findAvailableSlots on the ${adapter}: one doctor in ${ZONE}, 28 days from ${FROM.slice(0, 10)}, 237 free slots, ${APPOINTMENTS} appointments`,
    unit: 'slots',
    async prepare() {
      checkFormatter();
      listing = await open();
      const first = await this.floor();
      if (first.length !== 280 - APPOINTMENTS) throw new Error(`${name}: expected ${280 - APPOINTMENTS} free slots, got ${first.length}`);
    },
    call: () => ready().scheduler.findAvailableSlots(query),
    floor: () => listingFloor(ready()),
    count: (slots) => slots.length,
    fingerprint,
    teardown() {
      listing?.close();
      listing = undefined;
    },
  };
}

export const workloads: LatencyWorkload[] = [
  listWorkload('list-memory', 'memory adapter', openMemoryListing) as LatencyWorkload,
  listWorkload('list-sqlite', 'SQLite adapter (a temporary file, default options)', openSqliteListing) as LatencyWorkload,
];
