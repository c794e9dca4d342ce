/**
 * Slot generator workloads W1 and W2. The library (`generateSlots`) is timed warm (doctors
 * compiled once with `compileDoctor`, before timing, as the scheduler keeps them) and fresh (new
 * plain doctor objects, `structuredClone`d before each run, untimed: each run validates and
 * compiles them), against two
 * baselines written here that share no code with the library and only know what these workloads
 * need (a weekly schedule away from DST transition hours, no overrides, no buffers, no notice):
 *
 * - the floor: the UTC offset of every interval of every date of the range looked up from `Intl`
 *   before timing (`prepare`), into a table; the timed part takes the union of the busy times
 *   (two native numeric sorts and a sweep), then walks the dates with integer arithmetic and a
 *   moving busy pointer, allocating the slot objects. What any generator must at least do for
 *   the same output;
 * - the naive loop: the same walk, but the offset of each distinct interval start looked up from
 *   `Intl` inside the timed run (no Temporal, no tables).
 */
import { Temporal } from '@js-temporal/polyfill';
import { DoctorSchema, compileDoctor, generateSlots, type BusyInterval, type CompiledDoctor, type Doctor, type Slot } from '../../src/index.js';
import type { Workload } from '../workload.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONE = 'America/New_York';
const INTERVALS: ReadonlyArray<readonly [number, number]> = [
  [9 * 60, 12 * 60],
  [13 * 60, 17 * 60],
];
const WEEKLY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, INTERVALS.map(([s, e]) => ({ start: hhmm(s), end: hhmm(e) }))]),
);

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

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

function makeDoctor(id: string, slotLength: string): Doctor {
  return DoctorSchema.parse({
    id,
    name: `Dr ${id}`,
    timeZone: ZONE,
    locations: [{ id: 'main', address: '1 Main St' }],
    schedule: WEEKLY,
    overrides: [],
    rules: { slotLength },
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

/** `count` bookings at random open times of weekdays in the `days` local dates from `firstDate`. */
function bookings(seed: number, count: number, firstDate: string, days: number, grid: number, lengths: number[]): BusyInterval[] {
  const next = random(seed);
  const first = Temporal.PlainDate.from(firstDate);
  const out: BusyInterval[] = [];
  while (out.length < count) {
    const date = first.add({ days: Math.floor(next() * days) });
    if (date.dayOfWeek > 5) continue;
    const [s, e] = INTERVALS[Math.floor(next() * INTERVALS.length)]!;
    const minute = s + Math.floor((next() * (e - s)) / grid) * grid;
    const start = date.toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 }).toZonedDateTime(ZONE).epochMilliseconds;
    out.push({ start, end: start + lengths[Math.floor(next() * lengths.length)]! * MINUTE });
  }
  return out;
}

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The zone's offset at an instant, from Intl. */
function intlOffset(instant: number): number {
  const p = formatter.format(instant).split(/\D+/);
  return Date.UTC(Number(p[2]), Number(p[0]) - 1, Number(p[1]), Number(p[3]) % 24, Number(p[4]), Number(p[5])) - instant;
}

const NAIVE_LOCATIONS = Object.freeze(['main']);

/** Busy times sorted by start, overlapping or touching ones merged. */
function mergedBusy(busy: readonly BusyInterval[]): { starts: number[]; ends: number[] } {
  const sorted = [...busy].sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const b of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && b.start <= ends[last]!) ends[last] = Math.max(ends[last]!, b.end);
    else {
      starts.push(b.start);
      ends.push(b.end);
    }
  }
  return { starts, ends };
}

/** The naive baseline for one doctor with the workloads' schedule. */
function naiveSlots(
  offsets: Map<number, number>,
  from: number,
  to: number,
  now: number,
  busy: readonly BusyInterval[],
  length: number,
  step: number,
): Slot[] {
  const { starts: busyStarts, ends: busyEnds } = mergedBusy(busy);
  const lo = Math.max(from, now);
  const hi = to - 1;
  const out: Slot[] = [];
  let b = 0;
  for (let day = Math.floor(lo / DAY) - 1; day <= Math.floor(hi / DAY) + 1; day++) {
    if ((((day + 3) % 7) + 7) % 7 >= 5) continue; // Saturday, Sunday
    for (const [s, e] of INTERVALS) {
      const localStart = day * DAY + s * MINUTE;
      let offset = offsets.get(localStart);
      if (offset === undefined) {
        offset = intlOffset(localStart);
        offsets.set(localStart, offset);
      }
      const start = localStart - offset;
      const end = day * DAY + e * MINUTE - offset;
      for (let t = start; t + length <= end; t += step) {
        if (t < lo || t > hi) continue;
        while (b < busyEnds.length && busyEnds[b]! <= t) b++;
        if (b < busyEnds.length && busyStarts[b]! < t + length) continue;
        out.push({ start: t, end: t + length, locationIds: NAIVE_LOCATIONS });
      }
    }
  }
  return out;
}

/**
 * The UTC offsets of the workloads' intervals, for every local date (epoch day) from `firstDay`
 * on: `offsets[(day - firstDay) * INTERVALS.length + i]` holds at the local start of interval `i`.
 */
interface OffsetTable {
  readonly firstDay: number;
  readonly days: number;
  readonly offsets: Int32Array;
}

/** Looks up, from `Intl`, the offsets of every interval of the dates around `[from, to)`. */
function offsetTable(from: number, to: number): OffsetTable {
  const firstDay = Math.floor(from / DAY) - 1;
  const days = Math.floor((to - 1) / DAY) + 1 - firstDay + 1;
  const offsets = new Int32Array(days * INTERVALS.length);
  for (let d = 0; d < days; d++) {
    INTERVALS.forEach(([s], i) => {
      offsets[d * INTERVALS.length + i] = intlOffset((firstDay + d) * DAY + s * MINUTE);
    });
  }
  return { firstDay, days, offsets };
}

const OPENS_MS = INTERVALS.map(([s]) => s * MINUTE);
const CLOSES_MS = INTERVALS.map(([, e]) => e * MINUTE);

/**
 * The union of busy times as sorted, disjoint `[starts[i], ends[i])`, touching ones merged (what
 * {@link mergedBusy} gives), the cheap way: starts and ends sorted apart by the native numeric
 * sort of a `Float64Array`, then one sweep counting the open intervals (at a tie, a start comes
 * before an end, so touching intervals merge).
 */
function busyUnion(busy: readonly BusyInterval[]): { starts: number[]; ends: number[] } {
  const n = busy.length;
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = busy[i]!.start;
    e[i] = busy[i]!.end;
  }
  s.sort();
  e.sort();
  const starts: number[] = [];
  const ends: number[] = [];
  let open = 0;
  for (let i = 0, j = 0; i < n; ) {
    if (s[i]! <= e[j]!) {
      if (open === 0) starts.push(s[i]!);
      open++;
      i++;
    } else {
      open--;
      if (open === 0) ends.push(e[j]!);
      j++;
    }
  }
  // After the last start, every interval still open ends by the last end.
  if (n > 0) ends.push(e[n - 1]!);
  return { starts, ends };
}

/** Throws unless {@link busyUnion} and {@link mergedBusy} agree on every busy list (run in `prepare`). */
function checkBusyUnion(lists: ReadonlyArray<readonly BusyInterval[]>): void {
  for (const busy of lists) {
    if (JSON.stringify(busyUnion(busy)) !== JSON.stringify(mergedBusy(busy))) throw new Error('busyUnion and mergedBusy disagree');
  }
}

/** Pushes the free slots of one open interval `[s, e)` from `b` on; returns the busy pointer. */
function floorInterval(
  out: Slot[],
  s: number,
  e: number,
  lo: number,
  hi: number,
  length: number,
  step: number,
  busyStarts: readonly number[],
  busyEnds: readonly number[],
  b: number,
): number {
  const nBusy = busyEnds.length;
  let t = s < lo ? s + Math.ceil((lo - s) / step) * step : s;
  const last = Math.min(e - length, hi);
  for (; t <= last; t += step) {
    const end = t + length;
    while (b < nBusy && busyEnds[b]! <= t) b++;
    if (b < nBusy && busyStarts[b]! < end) continue;
    out.push({ start: t, end, locationIds: NAIVE_LOCATIONS });
  }
  return b;
}

/**
 * The floor for one doctor with the workloads' schedule: the offsets come from the table; the
 * rest is the union of the busy times ({@link busyUnion}), integer arithmetic and allocating
 * the slots.
 */
function floorSlots(
  table: OffsetTable,
  from: number,
  to: number,
  now: number,
  busy: readonly BusyInterval[],
  length: number,
  step: number,
): Slot[] {
  const { starts: busyStarts, ends: busyEnds } = busyUnion(busy);
  const lo = Math.max(from, now);
  const hi = to - 1;
  const { firstDay, days, offsets } = table;
  const perDay = OPENS_MS.length;
  const out: Slot[] = [];
  let b = 0;
  for (let d = 0; d < days; d++) {
    const day = firstDay + d;
    if ((((day + 3) % 7) + 7) % 7 >= 5) continue; // Saturday, Sunday
    const midnight = day * DAY;
    for (let i = 0; i < perDay; i++) {
      const offset = offsets[d * perDay + i]!;
      b = floorInterval(out, midnight + OPENS_MS[i]! - offset, midnight + CLOSES_MS[i]! - offset, lo, hi, length, step, busyStarts, busyEnds, b);
    }
  }
  return out;
}

/** A checksum of every slot's start, end and locations. */
function fingerprint(lists: readonly Slot[][]): number {
  const P = 1_000_000_007;
  let h = 0;
  for (const list of lists) {
    for (const slot of list) {
      h = (h * 31 + ((slot.start / MINUTE) % 1_000_003)) % P;
      h = (h * 31 + (slot.end - slot.start) / MINUTE) % P;
      for (const id of slot.locationIds) for (let k = 0; k < id.length; k++) h = (h * 31 + id.charCodeAt(k)) % P;
    }
  }
  return h;
}

/** W1: one doctor, a year of 30-minute slots, 500 bookings. */
function w1(): Workload<Slot[][]> {
  const doctor = makeDoctor('w1', 'PT30M');
  const from = Temporal.PlainDate.from('2027-01-01').toZonedDateTime(ZONE).epochMilliseconds;
  const to = from + 365 * DAY;
  const now = from - DAY;
  const busy = bookings(1, 500, '2027-01-01', 365, 30, [30]);
  /** The doctor `run` passes: compiled once (warm), or a new plain copy before each run (fresh). */
  let subject: Doctor | CompiledDoctor = compileDoctor(doctor);
  let table: OffsetTable | undefined;
  return {
    name: 'W1',
    description: `one doctor in ${ZONE}, Mon-Fri 09:00-12:00 and 13:00-17:00, 30-minute slots, 365 days from 2027-01-01, 500 bookings`,
    unit: 'slots',
    prepare() {
      table = offsetTable(from, to);
      checkBusyUnion([busy]);
    },
    run: () => [generateSlots({ doctor: subject, from, to, now, busy })],
    freshen() {
      subject = structuredClone(doctor);
    },
    floor: () => [floorSlots(table!, from, to, now, busy, 30 * MINUTE, 30 * MINUTE)],
    naive: () => [naiveSlots(new Map(), from, to, now, busy, 30 * MINUTE, 30 * MINUTE)],
    count: (lists) => lists.reduce((n, l) => n + l.length, 0),
    fingerprint,
    // A run takes a fraction of a millisecond: enough warm-up runs that both the library and the
    // floor are optimised by the JIT before timing (10 were not: the floor, a small loop, was
    // optimised first, and the library timed half-interpreted).
    warmups: 300,
    runs: 101,
    heapSamples: 20,
  };
}

/** W2: 1,000 doctors, 28 days of 15-minute slots over the March DST change, 20 bookings each. */
function w2(): Workload<Slot[][]> {
  const doctors = Array.from({ length: 1000 }, (_, i) => makeDoctor(`w2-${i}`, 'PT15M'));
  const from = Temporal.PlainDate.from('2027-03-01').toZonedDateTime(ZONE).epochMilliseconds;
  const to = from + 28 * DAY;
  const now = from - DAY;
  const busy = doctors.map((_, i) => bookings(1000 + i, 20, '2027-03-01', 28, 15, [15, 30]));
  /** The doctors `run` passes: compiled once (warm), or new plain copies before each run (fresh). */
  let subjects: (Doctor | CompiledDoctor)[] = doctors.map(compileDoctor);
  let table: OffsetTable | undefined;
  return {
    name: 'W2',
    description: `1,000 doctors in ${ZONE}, the W1 schedule, 15-minute slots, 28 days from 2027-03-01 (over the DST change), 20 bookings each`,
    unit: 'slots',
    prepare() {
      table = offsetTable(from, to);
      checkBusyUnion(busy);
    },
    run: () => subjects.map((doctor, i) => generateSlots({ doctor, from, to, now, busy: busy[i] })),
    freshen() {
      subjects = doctors.map((doctor): Doctor => structuredClone(doctor));
    },
    floor: () => busy.map((b) => floorSlots(table!, from, to, now, b, 15 * MINUTE, 15 * MINUTE)),
    naive: () => {
      const offsets = new Map<number, number>();
      return doctors.map((_, i) => naiveSlots(offsets, from, to, now, busy[i]!, 15 * MINUTE, 15 * MINUTE));
    },
    count: (lists) => lists.reduce((n, l) => n + l.length, 0),
    fingerprint,
    warmups: 5,
    runs: 21,
  };
}

export const workloads: Workload[] = [w1() as Workload, w2() as Workload];
