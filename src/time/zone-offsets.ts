import { MS_PER_DAY, dateFromEpochDay } from './epoch-days.js';

/** The transitions of one UTC year `[start, end)` of a zone. */
interface YearTable {
  readonly start: number;
  readonly end: number;
  /** Instants in `(start, end)` at which a new offset starts, ascending. */
  readonly transitions: readonly number[];
  /** `offsets[0]` holds from `start`; `offsets[i]` from `transitions[i - 1]` on. */
  readonly offsets: readonly number[];
  /**
   * The local dates (epoch days) that a forward jump of a day or more at an instant in
   * `[start, end)` skipped entirely: no instant has that local date.
   */
  readonly skippedDays: readonly number[];
}

/**
 * UTC offsets of one IANA time zone, as tables of its transitions, and the conversion of local
 * wall-clock times to instants with Temporal's `'compatible'` disambiguation.
 *
 * The offsets come from the runtime's `Intl.DateTimeFormat` (the same tz data, read the same way,
 * as `@js-temporal/polyfill`). A table covers one UTC year and is made on first use: the offset is
 * sampled once a day and every change is bisected down to the second, about 370 `Intl` calls
 * (half a millisecond), once per zone, year and process. After that every lookup is integer
 * arithmetic. (Two transitions less than a day apart that cancel each other out would be missed;
 * the tz database has none.) Nothing here reads the host `TZ`.
 *
 * @internal
 */
export class ZoneOffsets {
  /** The IANA name the tables are for. */
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearTable>();
  /** The table used last: lookups come in runs within one year. */
  private last: YearTable | undefined;

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
   * The shared tables of a zone (made on first use, then kept for the life of the process). Zone
   * names are case-insensitive, so the cache is keyed by the lower-cased name: it holds at most
   * one entry per zone name the runtime knows.
   *
   * @param timeZone - an IANA zone name the runtime knows
   * @returns its tables
   */
  static of(timeZone: string): ZoneOffsets {
    const key = timeZone.toLowerCase();
    let zone = ZoneOffsets.cache.get(key);
    if (zone === undefined) {
      zone = new ZoneOffsets(timeZone);
      ZoneOffsets.cache.set(key, zone);
    }
    return zone;
  }

  /**
   * Whether the runtime knows a zone name. A name known once is answered from the cache of
   * tables (it then has an entry, made on first use); an unknown one asks `Intl` every time, so
   * the cache holds known zones only and stays within the bound above.
   *
   * @param timeZone - any string
   * @returns true when `Intl.DateTimeFormat` accepts it as a time zone
   */
  static isKnown(timeZone: string): boolean {
    if (ZoneOffsets.cache.has(timeZone.toLowerCase())) return true;
    try {
      ZoneOffsets.of(timeZone);
      return true;
    } catch {
      return false;
    }
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

  /** The table of the UTC year that holds `instant`. */
  private tableAt(instant: number): YearTable {
    const last = this.last;
    if (last !== undefined && instant >= last.start && instant < last.end) return last;
    const year = dateFromEpochDay(Math.floor(instant / MS_PER_DAY)).year;
    let table = this.years.get(year);
    if (table === undefined) {
      table = this.scanYear(year);
      this.years.set(year, table);
    }
    this.last = table;
    return table;
  }

  private scanYear(year: number): YearTable {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const transitions: number[] = [];
    const offsets = [this.intlOffsetAt(start)];
    let left = start;
    let leftOffset = offsets[0]!;
    while (left < end) {
      const right = Math.min(left + MS_PER_DAY, end);
      const rightOffset = this.intlOffsetAt(right);
      // Several transitions may hide between two samples: find them one by one.
      while (rightOffset !== leftOffset) {
        const t = this.bisect(left, right, leftOffset);
        leftOffset = this.intlOffsetAt(t);
        if (t < end) {
          transitions.push(t);
          offsets.push(leftOffset);
        }
        left = t;
      }
      left = right;
    }
    // The dates inside a gap, from its first local time (transition + old offset) to its last.
    const skippedDays: number[] = [];
    const before = this.intlOffsetAt(start - 1000);
    for (let i = 0; i <= transitions.length; i++) {
      const at = i === 0 ? start : transitions[i - 1]!;
      const from = i === 0 ? before : offsets[i - 1]!;
      const to = offsets[i]!;
      if (to - from < MS_PER_DAY) continue;
      for (let day = Math.ceil((at + from) / MS_PER_DAY); (day + 1) * MS_PER_DAY <= at + to; day++) skippedDays.push(day);
    }
    return { start, end, transitions, offsets, skippedDays };
  }

  /**
   * Whether the zone skipped a whole local date: no instant has it, as Pacific/Apia skipped
   * 2011-12-30 when it moved from -10:00 to +14:00.
   *
   * @param epochDay - the local date, as days since 1970-01-01
   * @returns true when the date never happened there
   */
  skipsDate(epochDay: number): boolean {
    // The jump that skips date D happens in (L(D), L(D) + 1 day), L(D) its midnight read as UTC,
    // since every offset is less than a day.
    const midnight = epochDay * MS_PER_DAY;
    const table = this.tableAt(midnight);
    if (table.skippedDays.length > 0 && table.skippedDays.includes(epochDay)) return true;
    return midnight + MS_PER_DAY > table.end && this.tableAt(midnight + MS_PER_DAY).skippedDays.includes(epochDay);
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

  /** Index into `table.offsets` of the offset at `instant`. */
  private static indexAt(table: YearTable, instant: number): number {
    const tr = table.transitions;
    let i = 0;
    while (i < tr.length && tr[i]! <= instant) i++;
    return i;
  }

  /**
   * The offset (local minus UTC, ms) in force at an instant.
   *
   * @param instant - epoch milliseconds
   * @returns the offset in milliseconds
   */
  offsetAt(instant: number): number {
    const table = this.tableAt(instant);
    return table.offsets[ZoneOffsets.indexAt(table, instant)]!;
  }

  /**
   * The offset in force at `from` and how long it lasts: it holds for every instant of
   * `[from, until)`. `until` is the next transition, or, in a zone without one soon, the end of
   * the UTC year after `from`'s (ask again from there).
   *
   * @param from - epoch milliseconds
   * @returns the offset (ms) and the first instant it may no longer hold
   */
  stableSpan(from: number): { offset: number; until: number } {
    return this.spanAt(from);
  }

  /**
   * The last span found by {@link ZoneOffsets.offsetThroughout}: checks of one zone and year
   * come in runs, so most reuse it. The zone table's one memo beside its year tables.
   */
  private readonly lastSpan = { from: 0, until: 0, offset: 0 };

  /**
   * The one UTC offset at every instant of `[from, to]`, or `undefined` when it changes.
   *
   * @param from - epoch milliseconds
   * @param to - epoch milliseconds, not before `from`
   * @returns the offset in milliseconds, or `undefined`
   */
  offsetThroughout(from: number, to: number): number | undefined {
    const last = this.lastSpan;
    if (from < last.from || to >= last.until) {
      const span = this.spanAt(from);
      last.from = from;
      last.until = span.until;
      last.offset = span.offset;
      if (to >= span.until) return undefined;
    }
    return last.offset;
  }

  private spanAt(from: number): { offset: number; until: number } {
    const table = this.tableAt(from);
    const i = ZoneOffsets.indexAt(table, from);
    const offset = table.offsets[i]!;
    if (i < table.transitions.length) return { offset, until: table.transitions[i]! };
    const next = this.tableAt(table.end);
    if (next.offsets[0] !== offset) return { offset, until: next.start };
    return { offset, until: next.transitions.length > 0 ? next.transitions[0]! : next.end };
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
