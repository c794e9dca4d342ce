import { MS_PER_DAY } from './epoch-days.js';

/**
 * UTC offsets of one IANA time zone, as a table of its transitions, and the conversion of local
 * wall-clock times to instants with Temporal's `'compatible'` disambiguation.
 *
 * The offsets come from the runtime's `Intl.DateTimeFormat` (the same tz data, read the same way,
 * as `@js-temporal/polyfill`): the table is filled one UTC year at a time, on demand, by sampling
 * the offset once a day and bisecting every change down to the second. A year costs about 370
 * `Intl` calls, once per zone and process; after that every lookup is integer arithmetic.
 * (Two transitions less than a day apart that cancel each other out would be missed; the tz
 * database has none in the years this library accepts.) Nothing here reads the host `TZ`.
 *
 * @internal
 */
export class ZoneOffsets {
  /** The IANA name the table was made for. */
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  /** Covered instants: `[lo, hi]`; `lo` and `hi` are starts of UTC years. */
  private lo = 0;
  private hi = 0;
  /** Instants at which a new offset starts, ascending, all inside `(lo, hi]`. */
  private transitions: number[] = [];
  /** `offsets[i]` is the offset (ms) before `transitions[i]` (and after `transitions[i - 1]`). */
  private offsets: number[] = [];

  private constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  private static readonly cache = new Map<string, ZoneOffsets>();

  /**
   * The shared table of a zone (made on first use, then kept for the life of the process).
   *
   * @param timeZone - an IANA zone name the runtime knows
   * @returns its table
   */
  static of(timeZone: string): ZoneOffsets {
    let table = ZoneOffsets.cache.get(timeZone);
    if (table === undefined) {
      table = new ZoneOffsets(timeZone);
      ZoneOffsets.cache.set(timeZone, table);
    }
    return table;
  }

  /**
   * The offset at an instant straight from `Intl` (no table), in milliseconds, whole seconds.
   *
   * @param instant - epoch milliseconds
   * @returns local time minus UTC, in milliseconds
   */
  intlOffsetAt(instant: number): number {
    const parts = this.format.format(instant).split(/\D+/);
    const local = Date.UTC(
      Number(parts[2]),
      Number(parts[0]) - 1,
      Number(parts[1]),
      Number(parts[3]) % 24,
      Number(parts[4]),
      Number(parts[5]),
    );
    return local - Math.floor(instant / 1000) * 1000;
  }

  /**
   * Makes sure the table covers the instants `[from, to]`.
   *
   * @param from - epoch milliseconds
   * @param to - epoch milliseconds, not before `from`
   */
  ensure(from: number, to: number): void {
    if (this.transitions.length === 0 && this.offsets.length === 0) {
      const year = new Date(from).getUTCFullYear();
      this.lo = Date.UTC(year, 0, 1);
      this.hi = this.lo;
      this.offsets = [this.intlOffsetAt(this.lo)];
    }
    while (from < this.lo) this.prependYear();
    while (to > this.hi) this.appendYear();
  }

  private appendYear(): void {
    const a = this.hi;
    const b = Date.UTC(new Date(a).getUTCFullYear() + 1, 0, 1);
    const found = this.scan(a, b, this.offsets[this.offsets.length - 1]!);
    for (const [t, offset] of found) {
      this.transitions.push(t);
      this.offsets.push(offset);
    }
    this.hi = b;
  }

  private prependYear(): void {
    const b = this.lo;
    const a = Date.UTC(new Date(b).getUTCFullYear() - 1, 0, 1);
    const first = this.intlOffsetAt(a);
    const found = this.scan(a, b, first);
    this.transitions = [...found.map(([t]) => t), ...this.transitions];
    this.offsets = [first, ...found.map(([, o]) => o), ...this.offsets.slice(1)];
    this.lo = a;
  }

  /** Transitions in `(a, b]`, given the offset at `a`: pairs of instant and new offset. */
  private scan(a: number, b: number, offsetAtA: number): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    let left = a;
    let leftOffset = offsetAtA;
    while (left < b) {
      const right = Math.min(left + MS_PER_DAY, b);
      const rightOffset = this.intlOffsetAt(right);
      // Several transitions may hide between two samples: find them one by one.
      while (rightOffset !== leftOffset) {
        const t = this.bisect(left, right, leftOffset);
        leftOffset = this.intlOffsetAt(t);
        found.push([t, leftOffset]);
        left = t;
      }
      left = right;
    }
    return found;
  }

  /** The first whole second in `(a, b]` whose offset differs from `offsetAtA`. */
  private bisect(a: number, b: number, offsetAtA: number): number {
    let lo = Math.floor(a / 1000);
    let hi = Math.floor(b / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.intlOffsetAt(mid * 1000) === offsetAtA) lo = mid;
      else hi = mid;
    }
    return hi * 1000;
  }

  /** Index into `offsets` for an instant the table covers. */
  private indexAt(instant: number): number {
    const tr = this.transitions;
    let lo = 0;
    let hi = tr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tr[mid]! <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The offset (local minus UTC, ms) in force at an instant.
   *
   * @param instant - epoch milliseconds
   * @returns the offset in milliseconds
   */
  offsetAt(instant: number): number {
    if (instant < this.lo || instant > this.hi || this.offsets.length === 0) this.ensure(instant, instant);
    return this.offsets[this.indexAt(instant)]!;
  }

  /**
   * The offset when it is the same at every instant of `[from, to]`, else `undefined`.
   *
   * @param from - epoch milliseconds
   * @param to - epoch milliseconds, not before `from`
   * @returns the one offset, or `undefined` when a transition lies in the range
   */
  constantOffset(from: number, to: number): number | undefined {
    if (from < this.lo || to > this.hi || this.offsets.length === 0) this.ensure(from, to);
    const i = this.indexAt(from);
    if (i < this.transitions.length && this.transitions[i]! <= to) return undefined;
    return this.offsets[i]!;
  }

  /** The instants whose local time is `localMs`, as Temporal's polyfill finds them. */
  private possibleInstants(localMs: number): [number | undefined, number | undefined] {
    const before = this.offsetAt(localMs - MS_PER_DAY);
    const after = this.offsetAt(localMs + MS_PER_DAY);
    const first = this.offsetAt(localMs - before) === before ? localMs - before : undefined;
    const second = after !== before && this.offsetAt(localMs - after) === after ? localMs - after : undefined;
    return [first, second];
  }

  /**
   * The instant of a local wall-clock time, with Temporal's `'compatible'` disambiguation: a
   * local time that occurs twice (fall back) is the earlier instant; a local time that does not
   * exist (spring forward) is moved forward by the length of the gap.
   *
   * @param localMs - the local date-time as milliseconds since 1970-01-01T00:00 local
   * @returns epoch milliseconds
   */
  localToInstant(localMs: number): number {
    const [first, second] = this.possibleInstants(localMs);
    if (first !== undefined) return first;
    if (second !== undefined) return second;
    // In a gap: shift the wall-clock time by the gap and take the last instant of that time.
    const gap = this.offsetAt(localMs + MS_PER_DAY) - this.offsetAt(localMs - MS_PER_DAY);
    const [a, b] = this.possibleInstants(localMs + gap);
    return b ?? a ?? localMs - this.offsetAt(localMs - MS_PER_DAY);
  }
}
