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
  let order: number[] | undefined;
  for (let i = 1; i < n; i++) {
    if (starts[i]! < starts[i - 1]!) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => starts[a]! - starts[b]!);
      break;
    }
  }
  const outStarts: number[] = [];
  const outEnds: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order === undefined ? k : order[k]!;
    const s = starts[i]! - before;
    const e = ends[i]! + after;
    const last = outEnds.length - 1;
    if (last >= 0 && s <= outEnds[last]!) {
      if (e > outEnds[last]!) outEnds[last] = e;
    } else {
      outStarts.push(s);
      outEnds.push(e);
    }
  }
  return { starts: outStarts, ends: outEnds };
}

/**
 * The slot generator's engine, shared by `generateSlots`, `iterateSlots` and `checkSlot`.
 *
 * It walks the doctor's local dates in order. For each date it takes the open intervals that
 * belong to it, converts their start and end to instants (one UTC offset per date when no
 * transition is near, else Temporal-compatible conversion per point) and keeps them, sorted by
 * start, as pending. Intervals of dates after the current one start after its local midnight
 * minus a day (no offset reaches 24 h), so pending intervals that end before that can no longer
 * meet a later one: they are emitted, one "cluster" of mutually overlapping intervals at a time.
 * A cluster of one interval (the rule) emits its slots straight from integer arithmetic; a
 * cluster of several (only around a DST gap, or overrides that overlap the next date's hours)
 * collects their slot starts, sorts them and merges equal starts into one slot offered at the
 * union of their locations. Emitted slots are therefore in start order and unique.
 *
 * Candidate slots are filtered on the way out, in start order: start within `[lo, hi]`, offered
 * at `locationId` (when given), and clear of every merged busy time.
 *
 * @internal
 */
export class SlotCursor {
  private readonly compiled: CompiledSchedule;
  private readonly lo: number;
  private readonly hi: number;
  private readonly busyStarts: number[];
  private readonly busyEnds: number[];
  private busyIndex = 0;
  private readonly locationId: string | undefined;
  private day: number;
  private readonly lastDay: number;
  // Pending converted intervals, sorted by start, from `head` on.
  private readonly pendingStarts: number[] = [];
  private readonly pendingEnds: number[] = [];
  private readonly pendingLocations: Array<readonly string[]> = [];
  private head = 0;

  /**
   * @param compiled - the doctor
   * @param lo - the earliest slot start wanted (inclusive)
   * @param hi - the latest slot start wanted (inclusive)
   * @param busy - merged busy times
   * @param locationId - only slots offered there, when given
   */
  constructor(compiled: CompiledSchedule, lo: number, hi: number, busy: MergedBusy, locationId: string | undefined) {
    this.compiled = compiled;
    this.lo = lo;
    this.hi = hi;
    this.busyStarts = busy.starts;
    this.busyEnds = busy.ends;
    this.locationId = locationId;
    // An interval of local date D starts after L(D) - 1 day and ends before L(D) + 3 days, where
    // L(D) is D's local midnight read as UTC (an interval spans at most 48 local hours, an offset
    // is less than 24 hours). So only these dates can hold a slot starting in [lo, hi].
    this.day = Math.floor(lo / MS_PER_DAY) - 3;
    this.lastDay = lo > hi ? this.day - 1 : Math.floor(hi / MS_PER_DAY) + 1;
  }

  /** Whether dates are left to read. */
  get done(): boolean {
    return this.day > this.lastDay && this.head === this.pendingStarts.length;
  }

  /**
   * Reads local dates until some slots were pushed to `out` or all dates are read.
   *
   * @param out - where slots are pushed
   * @param all - read every date before returning (for `generateSlots`)
   */
  fill(out: Slot[], all: boolean): void {
    const compiled = this.compiled;
    const zone = compiled.zone;
    const length = compiled.slotLength;
    const starts = this.pendingStarts;
    const ends = this.pendingEnds;
    const locations = this.pendingLocations;
    const before = out.length;
    while (this.day <= this.lastDay) {
      const day = this.day++;
      const intervals = compiled.intervalsOn(day);
      const midnight = day * MS_PER_DAY;
      if (intervals.length > 0) {
        const offset = zone.constantOffset(midnight - MS_PER_DAY, midnight + 3 * MS_PER_DAY);
        for (let i = 0; i < intervals.length; i++) {
          const interval = intervals[i]!;
          let s: number;
          let e: number;
          if (offset !== undefined) {
            s = midnight + interval.start - offset;
            e = midnight + interval.end - offset;
          } else {
            s = zone.localToInstant(midnight + interval.start);
            e = zone.localToInstant(midnight + interval.end);
          }
          if (e - s < length) continue;
          // Insert sorted by start (almost always at the end).
          let k = starts.length;
          starts.push(s);
          ends.push(e);
          locations.push(interval.locationIds);
          while (k > this.head && starts[k - 1]! > s) {
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
      // Every interval of a later date starts at or after `midnight` (= L(day + 1) - 1 day).
      this.flush(out, this.day > this.lastDay ? Number.POSITIVE_INFINITY : midnight);
      if (!all && out.length > before) return;
    }
    this.flush(out, Number.POSITIVE_INFINITY);
  }

  /** Emits the pending clusters that end at or before `threshold`. */
  private flush(out: Slot[], threshold: number): void {
    const starts = this.pendingStarts;
    const ends = this.pendingEnds;
    const n = starts.length;
    let i = this.head;
    while (i < n) {
      let maxEnd = ends[i]!;
      let j = i + 1;
      while (j < n && starts[j]! < maxEnd) {
        if (ends[j]! > maxEnd) maxEnd = ends[j]!;
        j++;
      }
      if (maxEnd > threshold) break;
      if (j === i + 1) this.emitInterval(out, starts[i]!, ends[i]!, this.pendingLocations[i]!);
      else this.emitCluster(out, i, j);
      i = j;
    }
    if (i === n) {
      starts.length = 0;
      ends.length = 0;
      this.pendingLocations.length = 0;
      this.head = 0;
    } else {
      this.head = i;
    }
  }

  /** The first slot start of an interval starting at `s` that is not before `lo`. */
  private firstStart(s: number): number {
    if (s >= this.lo) return s;
    const step = this.compiled.slotStep;
    return s + Math.ceil((this.lo - s) / step) * step;
  }

  /** Whether a slot starting at `start` (starts only grow between calls) is clear of busy times. */
  private isFree(start: number, end: number): boolean {
    const busyEnds = this.busyEnds;
    const n = busyEnds.length;
    let b = this.busyIndex;
    while (b < n && busyEnds[b]! <= start) b++;
    this.busyIndex = b;
    return b === n || this.busyStarts[b]! >= end;
  }

  private emitInterval(out: Slot[], s: number, e: number, locationIds: readonly string[]): void {
    if (this.locationId !== undefined && !locationIds.includes(this.locationId)) return;
    const length = this.compiled.slotLength;
    const step = this.compiled.slotStep;
    const last = Math.min(e - length, this.hi);
    const busyStarts = this.busyStarts;
    const busyEnds = this.busyEnds;
    const nBusy = busyEnds.length;
    let b = this.busyIndex;
    for (let start = this.firstStart(s); start <= last; start += step) {
      const end = start + length;
      while (b < nBusy && busyEnds[b]! <= start) b++;
      if (b < nBusy && busyStarts[b]! < end) continue;
      out.push({ start, end, locationIds });
    }
    this.busyIndex = b;
  }

  private emitCluster(out: Slot[], from: number, to: number): void {
    const length = this.compiled.slotLength;
    const step = this.compiled.slotStep;
    const candidates: Array<{ start: number; locationIds: readonly string[] }> = [];
    for (let k = from; k < to; k++) {
      const last = Math.min(this.pendingEnds[k]! - length, this.hi);
      const locationIds = this.pendingLocations[k]!;
      for (let start = this.firstStart(this.pendingStarts[k]!); start <= last; start += step) {
        candidates.push({ start, locationIds });
      }
    }
    candidates.sort((a, b) => a.start - b.start);
    for (let i = 0; i < candidates.length; ) {
      const start = candidates[i]!.start;
      let locationIds = candidates[i]!.locationIds;
      let j = i + 1;
      for (; j < candidates.length && candidates[j]!.start === start; j++) {
        locationIds = this.union(locationIds, candidates[j]!.locationIds);
      }
      i = j;
      if (this.locationId !== undefined && !locationIds.includes(this.locationId)) continue;
      if (this.isFree(start, start + length)) out.push({ start, end: start + length, locationIds });
    }
  }

  /** The union of two location lists, in the doctor's order; one of them when it holds both. */
  private union(a: readonly string[], b: readonly string[]): readonly string[] {
    if (a === b || b.every((id) => a.includes(id))) return a;
    if (a.every((id) => b.includes(id))) return b;
    const order = this.compiled.locationOrder;
    return Object.freeze([...new Set([...a, ...b])].sort((x, y) => order.get(x)! - order.get(y)!));
  }
}
