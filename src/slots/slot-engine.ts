import { MS_PER_DAY } from '../time/epoch-days.js';
import type { CompiledSchedule } from './compiled-schedule.js';
import type { Slot } from './types.js';

/**
 * Busy times widened by the buffers, sorted by start and merged where they overlap or touch, so
 * that they are disjoint and a single forward-moving pointer can test slots in start order.
 *
 * @internal
 */
export interface MergedBusy {
  readonly starts: number[];
  readonly ends: number[];
}

/**
 * Widens busy times to `[start - before, end + after)`, sorts and merges them.
 *
 * @param starts - busy starts (not modified)
 * @param ends - busy ends, same length
 * @param before - buffer before, ms
 * @param after - buffer after, ms
 * @returns the disjoint, sorted busy times
 * @internal
 */
export function mergeBusy(starts: readonly number[], ends: readonly number[], before: number, after: number): MergedBusy {
  const n = starts.length;
  if (n === 0) return { starts: [], ends: [] };
  // The union of intervals needs only their starts and their ends, each in order: sorted apart
  // (natively, as numbers), a sweep opens an interval at each start and closes one at each end,
  // and the union is where at least one is open. A start that meets an end is taken first, so
  // touching intervals merge.
  const opens = new Float64Array(n);
  const closes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    opens[i] = starts[i]! - before;
    closes[i] = ends[i]! + after;
  }
  opens.sort();
  closes.sort();
  const outStarts: number[] = [];
  const outEnds: number[] = [];
  let open = 0;
  let from = 0;
  for (let i = 0, j = 0; j < n; ) {
    if (i < n && opens[i]! <= closes[j]!) {
      if (open++ === 0) from = opens[i]!;
      i++;
    } else {
      if (--open === 0) {
        outStarts.push(from);
        outEnds.push(closes[j]!);
      }
      j++;
    }
  }
  return { starts: outStarts, ends: outEnds };
}

/**
 * The state of the slot generator's engine for one query (shared by `generateSlots`,
 * `iterateSlots` and `checkSlot`); see {@link createSlotCursor}.
 *
 * The state is one plain object made by one object literal, and the engine is made of
 * module-level functions: V8 drops the hidden class of a class once no instance survives a full
 * garbage collection (which threw the engine's optimised code away after every collection), and
 * closures made per call are slow where names are kept (`tsx`, esbuild's `keepNames`).
 *
 * @internal
 */
export interface SlotCursor {
  readonly compiled: CompiledSchedule;
  readonly length: number;
  readonly step: number;
  /** Earliest and latest slot start wanted, inclusive. */
  readonly lo: number;
  readonly hi: number;
  readonly busyStarts: readonly number[];
  readonly busyEnds: readonly number[];
  /** The first merged busy time that may still meet a slot: it only moves forward. */
  busyIndex: number;
  readonly locationId: string | undefined;
  /** The next local date (epoch day) to read, and the last one. */
  nextDay: number;
  readonly lastDay: number;
  /** A span of instants `[offsetFrom, offsetTo)` known to have the single UTC offset `offset`. */
  offsetFrom: number;
  offsetTo: number;
  offset: number;
  /** Pending converted intervals, sorted by start, from `head` on. */
  readonly starts: number[];
  readonly ends: number[];
  readonly locations: Array<readonly string[]>;
  head: number;
}

/**
 * Makes the engine for one query. The engine walks the doctor's local dates in order. For each
 * date it takes the open intervals that belong to it, converts their start and end to instants
 * (with the one UTC offset of a span of instants without transitions when the date lies in one,
 * else Temporal-compatible conversion per point) and keeps them, sorted by start, as pending.
 * Intervals of dates after the current one start after its local midnight minus a day (no offset
 * reaches 24 h), so pending intervals that end before that can no longer meet a later one: they
 * are emitted, one "cluster" of mutually overlapping intervals at a time. A cluster of one
 * interval (the rule) emits its slots straight from integer arithmetic; a cluster of several
 * (only around a DST gap, or overrides that overlap the next date's hours) collects their slot
 * starts, sorts them and merges equal starts into one slot offered at the union of their
 * locations. Emitted slots are therefore in start order and unique.
 *
 * Candidate slots are filtered on the way out, in start order: start within `[lo, hi]`, offered
 * at `locationId` (when given), and clear of every merged busy time (one pointer that only moves
 * forward).
 *
 * @param compiled - the doctor
 * @param lo - the earliest slot start wanted (inclusive)
 * @param hi - the latest slot start wanted (inclusive)
 * @param busy - merged busy times
 * @param locationId - only slots offered there, when given
 * @returns the cursor, to pass to {@link fillSlots}
 * @internal
 */
export function createSlotCursor(
  compiled: CompiledSchedule,
  lo: number,
  hi: number,
  busy: MergedBusy,
  locationId: string | undefined,
): SlotCursor {
  // An interval of local date D starts after L(D) - 1 day and ends before L(D) + 3 days, where
  // L(D) is D's local midnight read as UTC (an interval spans at most 48 local hours, an offset
  // is less than 24 hours). So only these dates can hold a slot starting in [lo, hi], and of
  // them only those up to the last date that may be open at all.
  const firstDay = Math.floor(lo / MS_PER_DAY) - 3;
  const lastDay = lo > hi ? firstDay - 1 : Math.min(Math.floor(hi / MS_PER_DAY) + 1, compiled.lastOpenDay(locationId));
  return {
    compiled,
    length: compiled.slotLength,
    step: compiled.slotStep,
    lo,
    hi,
    busyStarts: busy.starts,
    busyEnds: busy.ends,
    busyIndex: 0,
    locationId,
    nextDay: firstDay,
    lastDay,
    offsetFrom: 0,
    offsetTo: 0,
    offset: 0,
    starts: [],
    ends: [],
    locations: [],
    head: 0,
  };
}

/**
 * Whether the cursor read every date and pushed every slot.
 *
 * @param cursor - the cursor
 * @returns true when nothing is left
 * @internal
 */
export function isCursorDone(cursor: SlotCursor): boolean {
  return cursor.nextDay > cursor.lastDay && cursor.head === cursor.starts.length;
}

/**
 * Reads local dates until some slots were pushed to `out` or all dates are read.
 *
 * @param cursor - the cursor
 * @param out - where slots are pushed
 * @param all - read every date before returning (for `generateSlots`)
 * @internal
 */
export function fillSlots(cursor: SlotCursor, out: Slot[], all: boolean): void {
  const { compiled, length, starts, ends, locations } = cursor;
  const zone = compiled.zone;
  const before = out.length;
  while (cursor.nextDay <= cursor.lastDay) {
    const day = cursor.nextDay++;
    const intervals = compiled.intervalsOn(day);
    const midnight = day * MS_PER_DAY;
    if (intervals.length > 0) {
      // Every local time of the date's intervals is within a day of [midnight, midnight + 2 days].
      const from = midnight - MS_PER_DAY;
      const to = midnight + 3 * MS_PER_DAY;
      if (from < cursor.offsetFrom || to >= cursor.offsetTo) {
        const span = zone.stableSpan(from);
        cursor.offset = span.offset;
        cursor.offsetFrom = from;
        cursor.offsetTo = span.until;
      }
      const constant = to < cursor.offsetTo;
      const offset = cursor.offset;
      for (let i = 0; i < intervals.length; i++) {
        const interval = intervals[i]!;
        let s: number;
        let e: number;
        if (constant) {
          s = midnight + interval.opens - offset;
          e = midnight + interval.closes - offset;
        } else {
          s = zone.localToInstant(midnight + interval.opens);
          e = zone.localToInstant(midnight + interval.closes);
        }
        if (e - s < length) continue;
        // Insert sorted by start (almost always at the end).
        let k = starts.length;
        starts.push(s);
        ends.push(e);
        locations.push(interval.locationIds);
        while (k > cursor.head && starts[k - 1]! > s) {
          starts[k] = starts[k - 1]!;
          ends[k] = ends[k - 1]!;
          locations[k] = locations[k - 1]!;
          k--;
        }
        starts[k] = s;
        ends[k] = e;
        locations[k] = interval.locationIds;
      }
    }
    // Every interval of a later date starts after `midnight` (= L(day + 1) - 1 day).
    flush(cursor, out, cursor.nextDay > cursor.lastDay ? Number.POSITIVE_INFINITY : midnight);
    if (!all && out.length > before) return;
  }
  flush(cursor, out, Number.POSITIVE_INFINITY);
}

/** Emits the pending clusters that end at or before `threshold`. */
function flush(cursor: SlotCursor, out: Slot[], threshold: number): void {
  const { starts, ends, locations } = cursor;
  const n = starts.length;
  let i = cursor.head;
  while (i < n) {
    let maxEnd = ends[i]!;
    let j = i + 1;
    while (j < n && starts[j]! < maxEnd) {
      if (ends[j]! > maxEnd) maxEnd = ends[j]!;
      j++;
    }
    if (maxEnd > threshold) break;
    if (j === i + 1) emitInterval(cursor, out, starts[i]!, ends[i]!, locations[i]!);
    else emitCluster(cursor, out, i, j);
    i = j;
  }
  if (i === n) {
    starts.length = 0;
    ends.length = 0;
    locations.length = 0;
    cursor.head = 0;
  } else if (i >= COMPACT_AFTER) {
    // Some intervals are pending after every date (their date ends after its UTC midnight, as in
    // any zone east of UTC): drop the emitted ones, or a long lazy read grows without bound.
    starts.splice(0, i);
    ends.splice(0, i);
    locations.splice(0, i);
    cursor.head = 0;
  } else {
    cursor.head = i;
  }
}

/** How many emitted intervals the pending arrays may keep before they are compacted. */
const COMPACT_AFTER = 512;

/** The first slot start of an interval starting at `s` that is not before `lo`. */
function firstStart(cursor: SlotCursor, s: number): number {
  return s >= cursor.lo ? s : s + Math.ceil((cursor.lo - s) / cursor.step) * cursor.step;
}

/** Pushes the free slots of one interval: the hot loop of the generator. */
function emitInterval(cursor: SlotCursor, out: Slot[], s: number, e: number, locationIds: readonly string[]): void {
  if (cursor.locationId !== undefined && !locationIds.includes(cursor.locationId)) return;
  const { length, step, busyStarts, busyEnds } = cursor;
  const nBusy = busyEnds.length;
  const last = Math.min(e - length, cursor.hi);
  let b = cursor.busyIndex;
  for (let start = firstStart(cursor, s); start <= last; start += step) {
    const end = start + length;
    while (b < nBusy && busyEnds[b]! <= start) b++;
    if (b < nBusy && busyStarts[b]! < end) continue;
    out.push({ start, end, locationIds });
  }
  cursor.busyIndex = b;
}

/** Pushes the free slots of overlapping intervals, merging equal starts. */
function emitCluster(cursor: SlotCursor, out: Slot[], from: number, to: number): void {
  const { length, step, busyStarts, busyEnds, starts, ends, locations } = cursor;
  const candidates: Array<{ start: number; locationIds: readonly string[] }> = [];
  for (let k = from; k < to; k++) {
    const last = Math.min(ends[k]! - length, cursor.hi);
    for (let start = firstStart(cursor, starts[k]!); start <= last; start += step) {
      candidates.push({ start, locationIds: locations[k]! });
    }
  }
  candidates.sort(byCandidateStart);
  for (let i = 0; i < candidates.length; ) {
    const start = candidates[i]!.start;
    const end = start + length;
    let locationIds = candidates[i]!.locationIds;
    let j = i + 1;
    for (; j < candidates.length && candidates[j]!.start === start; j++) {
      locationIds = union(cursor.compiled, locationIds, candidates[j]!.locationIds);
    }
    i = j;
    if (cursor.locationId !== undefined && !locationIds.includes(cursor.locationId)) continue;
    while (cursor.busyIndex < busyEnds.length && busyEnds[cursor.busyIndex]! <= start) cursor.busyIndex++;
    if (cursor.busyIndex < busyEnds.length && busyStarts[cursor.busyIndex]! < end) continue;
    out.push({ start, end, locationIds });
  }
}

function byCandidateStart(a: { start: number }, b: { start: number }): number {
  return a.start - b.start;
}

/**
 * The union of two location lists, in the doctor's order; one of them when it holds both.
 *
 * @internal
 */
export function union(compiled: CompiledSchedule, a: readonly string[], b: readonly string[]): readonly string[] {
  if (a === b || b.every((id) => a.includes(id))) return a;
  if (a.every((id) => b.includes(id))) return b;
  const order = compiled.locationOrder;
  return Object.freeze([...new Set([...a, ...b])].sort((x, y) => order.get(x)! - order.get(y)!));
}
