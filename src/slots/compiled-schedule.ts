import { DoctorSchema, type DateOverride, type Doctor, type OpenInterval } from '../schemas/doctor.js';
import { WEEKDAYS } from '../domain/doctor.js';
import { parseInput } from '../schemas/parse.js';
import { localTimeToMinutes } from '../domain/durations.js';
import { bookingRuleSpans, type BookingRuleSpans } from '../domain/booking-rules.js';
import { MINUTES_PER_DAY, MS_PER_MINUTE, epochDayOfLocalDate, weekdayIndexOfEpochDay } from '../time/epoch-days.js';
import { ZoneOffsets } from '../time/zone-offsets.js';

/**
 * One open interval of one local date, in milliseconds after that date's local midnight: `opens`
 * from 0 to 24 h, `closes` after `opens`, up to 48 h for an interval that crosses midnight. (Not
 * named `start`/`end`: objects that share property names share V8 hidden classes, and these
 * small integers would make V8 widen the representation of the slots' `start`/`end`.)
 *
 * @internal
 */
export interface LocalInterval {
  readonly opens: number;
  readonly closes: number;
  /** Frozen, shared by every day and every slot of the interval. */
  readonly locationIds: readonly string[];
}

/**
 * A doctor validated once and turned into what the slot generator needs: the zone's offset
 * table, the rules in milliseconds, and the open intervals of any local date.
 *
 * @internal
 */
export interface CompiledSchedule extends BookingRuleSpans {
  /** The doctor compiled, with the version and creation instant that tell its versions apart. */
  readonly doctorId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly timeZone: string;
  readonly zone: ZoneOffsets;
  /** Every location id of the doctor, in order, frozen. */
  readonly locationIds: readonly string[];
  /** Position of each location id in `locationIds`. */
  readonly locationOrder: ReadonlyMap<string, number>;
  /**
   * The open intervals that belong to a local date (epoch day), sorted by start; none on a date
   * the zone skipped entirely.
   */
  intervalsOn(epochDay: number): readonly LocalInterval[];
  /**
   * The last local date (epoch day) that may hold an open interval (offered at `locationId`,
   * when given): `Infinity` when the weekly schedule has one, else the last date an override
   * covers, `-Infinity` when there is none or the doctor has no such location.
   */
  lastOpenDay(locationId: string | undefined): number;
  /**
   * Scratch space of `publishedAt` (check-slot.ts), the one mutable part: the intervals it
   * converted to instants for the dates around one UTC date. Not part of the schedule.
   */
  readonly instantsMemo: InstantsMemo;
}

/**
 * The open intervals of the local dates around one UTC date, converted to instants `[starts[i],
 * ends[i])` offered at `locations[i]`: what `publishedAt` keeps between calls.
 *
 * @internal
 */
export interface InstantsMemo {
  /** The UTC date (epoch day) they were read for; `NaN` before the first. */
  utcDay: number;
  readonly starts: number[];
  readonly ends: number[];
  readonly locations: Array<readonly string[]>;
}

const NO_INTERVALS: readonly LocalInterval[] = Object.freeze([]);

/** `[start, end)` in minutes after midnight; `end` not after `start` crosses midnight. */
function minutesOf(interval: { start: string; end: string }): [number, number] {
  const start = localTimeToMinutes(interval.start);
  let end = localTimeToMinutes(interval.end);
  if (end <= start) end += MINUTES_PER_DAY;
  return [start, end];
}

/** What the overrides say about every date of one stretch of dates. */
interface OverrideRule {
  /** The replacing intervals of the `hours` override listed last, or `undefined`. */
  readonly hours: readonly LocalInterval[] | undefined;
  /** `true`: closed all day; else the closed `[start, end)` spans in ms, sorted. */
  readonly closed: true | ReadonlyArray<readonly [number, number]>;
}

/** Takes closed spans out of intervals; what is left of each interval keeps its locations. */
function subtract(
  intervals: readonly LocalInterval[],
  closed: ReadonlyArray<readonly [number, number]>,
): LocalInterval[] {
  const out: LocalInterval[] = [];
  for (const interval of intervals) {
    let opens = interval.opens;
    for (const [cs, ce] of closed) {
      if (ce <= opens || cs >= interval.closes) continue;
      if (cs > opens) out.push({ opens, closes: cs, locationIds: interval.locationIds });
      opens = Math.max(opens, ce);
      if (opens >= interval.closes) break;
    }
    if (opens < interval.closes) out.push({ opens, closes: interval.closes, locationIds: interval.locationIds });
  }
  return out;
}

const byStart = (a: LocalInterval, b: LocalInterval) => a.opens - b.opens;

/**
 * Compiles a doctor that `DoctorSchema` accepted. The schedule keeps nothing of the doctor
 * object: changing the doctor later does not change it.
 *
 * @internal
 */
export function compile(doctor: Doctor): CompiledSchedule {
  const locationIds = Object.freeze(doctor.locations.map((l) => l.id));
  const locationOrder = new Map(locationIds.map((id, i) => [id, i]));
  const locationsOf = (interval: OpenInterval): readonly string[] => {
    if (interval.locationIds === undefined) return locationIds;
    const wanted = new Set(interval.locationIds);
    return Object.freeze(locationIds.filter((id) => wanted.has(id)));
  };
  const toLocal = (interval: OpenInterval): LocalInterval => {
    const [start, end] = minutesOf(interval);
    return Object.freeze({ opens: start * MS_PER_MINUTE, closes: end * MS_PER_MINUTE, locationIds: locationsOf(interval) });
  };
  const weekly: Array<readonly LocalInterval[]> = WEEKDAYS.map((day) =>
    Object.freeze((doctor.schedule[day] ?? []).map(toLocal).sort(byStart)),
  );

  // Overrides split the calendar into stretches of dates on which the same overrides apply.
  const overrides = doctor.overrides.map((o: DateOverride) => ({
    from: epochDayOfLocalDate(o.from),
    to: epochDayOfLocalDate(o.to ?? o.from),
    override: o,
    intervals: o.intervals === undefined ? undefined : Object.freeze(o.intervals.map(toLocal).sort(byStart)),
  }));
  const bounds = [...new Set(overrides.flatMap((o) => [o.from, o.to + 1]))].sort((a, b) => a - b);
  // rules[i] holds for the dates [bounds[i - 1], bounds[i]); rules[0] and rules[bounds.length] are open-ended.
  const rules: Array<OverrideRule | undefined> = [];
  for (let i = 0; i <= bounds.length; i++) {
    const day = i === 0 ? Number.NEGATIVE_INFINITY : bounds[i - 1]!;
    let hours: readonly LocalInterval[] | undefined;
    let closedAll = false;
    const closed: Array<readonly [number, number]> = [];
    for (const o of overrides) {
      if (day < o.from || day > o.to) continue;
      if (o.override.kind === 'hours') hours = o.intervals;
      else if (o.intervals === undefined) closedAll = true;
      else for (const c of o.intervals) closed.push([c.opens, c.closes]);
    }
    closed.sort((a, b) => a[0] - b[0]);
    rules.push(hours === undefined && !closedAll && closed.length === 0 ? undefined : { hours, closed: closedAll || closed });
  }

  // The intervals of a date depend only on its stretch and weekday: cache them per pair.
  const cache: Array<readonly LocalInterval[] | undefined> = [];
  const stretchOf = (epochDay: number): number => {
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! <= epochDay) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const intervalsOf = (epochDay: number): readonly LocalInterval[] => {
    const weekday = weekdayIndexOfEpochDay(epochDay);
    if (bounds.length === 0) return weekly[weekday]!;
    const stretch = stretchOf(epochDay);
    const rule = rules[stretch];
    if (rule === undefined) return weekly[weekday]!;
    const key = stretch * 7 + weekday;
    let intervals = cache[key];
    if (intervals === undefined) {
      const base = rule.hours ?? weekly[weekday]!;
      intervals = rule.closed === true ? NO_INTERVALS : Object.freeze(subtract(base, rule.closed));
      cache[key] = intervals;
    }
    return intervals;
  };
  // A date the zone skipped entirely has no intervals (its hours are not moved to the next date).
  const zone = ZoneOffsets.of(doctor.timeZone);
  const intervalsOn = (epochDay: number): readonly LocalInterval[] => {
    const intervals = intervalsOf(epochDay);
    return intervals.length > 0 && zone.skipsDate(epochDay) ? NO_INTERVALS : intervals;
  };

  // After the last override only the weekly schedule is left: a search for slots can stop there
  // when it has no interval (at the location asked for).
  const weeklyLocations = new Set(weekly.flatMap((day) => day.flatMap((interval) => interval.locationIds)));
  const lastOverrideDay = bounds.length === 0 ? Number.NEGATIVE_INFINITY : bounds[bounds.length - 1]! - 1;
  const lastOpenDay = (locationId: string | undefined): number => {
    if (locationId === undefined ? weeklyLocations.size > 0 : weeklyLocations.has(locationId)) return Number.POSITIVE_INFINITY;
    return locationId === undefined || locationOrder.has(locationId) ? lastOverrideDay : Number.NEGATIVE_INFINITY;
  };

  return Object.freeze({
    doctorId: doctor.id,
    version: doctor.version,
    createdAt: doctor.createdAt,
    timeZone: doctor.timeZone,
    zone,
    locationIds,
    locationOrder,
    ...bookingRuleSpans(doctor.rules),
    intervalsOn,
    lastOpenDay,
    instantsMemo: { utcDay: Number.NaN, starts: [], ends: [], locations: [] },
  });
}

/**
 * A doctor validated once and compiled for the slot functions: pass it as `doctor` to
 * {@link generateSlots}, {@link iterateSlots} and {@link checkSlot} to skip validating and
 * compiling the same doctor on every call (a plain `Doctor` is validated and compiled each time).
 * It is a snapshot: a doctor changed later needs compiling again.
 *
 * @example
 * ```ts
 * import { DoctorSchema, compileDoctor, generateSlots } from 'clinic-slots';
 * const doctor = compileDoctor(DoctorSchema.parse({
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'Europe/London',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * }));
 * const from = Date.parse('2027-01-04T00:00:00Z');
 * generateSlots({ doctor, from, to: from + 86_400_000, now: Date.parse('2027-01-01T00:00:00Z') }).length; // 6
 * ```
 */
export class CompiledDoctor {
  /** The doctor's id. */
  readonly doctorId: string;
  /** The doctor's version when it was compiled. */
  readonly version: number;
  /** The doctor's IANA time zone. */
  readonly timeZone: string;
  /** @internal */
  readonly schedule: CompiledSchedule;

  /** @internal */
  constructor(schedule: CompiledSchedule) {
    this.schedule = schedule;
    this.doctorId = schedule.doctorId;
    this.version = schedule.version;
    this.timeZone = schedule.timeZone;
    Object.freeze(this);
  }
}

/**
 * Validates a doctor with `DoctorSchema` and compiles it for the slot functions; see
 * {@link CompiledDoctor}.
 *
 * @param doctor - the doctor, as stored
 * @returns the compiled doctor
 * @throws SchedulingError `VALIDATION_FAILED` when the doctor does not match `DoctorSchema`
 *
 * @example
 * ```ts
 * import { compileDoctor, type Doctor } from 'clinic-slots';
 * const compileAll = (doctors: readonly Doctor[]) => doctors.map(compileDoctor);
 * ```
 */
export function compileDoctor(doctor: Doctor): CompiledDoctor {
  return new CompiledDoctor(compile(parseInput(DoctorSchema, doctor, 'doctor')));
}

/**
 * The compiled schedule of a compiled doctor, or of a doctor validated and compiled now.
 *
 * @internal
 */
export function compileSchedule(doctor: Doctor | CompiledDoctor): CompiledSchedule {
  return doctor instanceof CompiledDoctor ? doctor.schedule : compile(parseInput(DoctorSchema, doctor, 'doctor'));
}
