import { localTimeToMinutes } from './durations.js';

/**
 * The doctor's invariants that no single field can check: open intervals never overlap, location
 * ids are unique, and hours name only the doctor's own locations. `DoctorSchema` reports what
 * these find as zod issues.
 *
 * @packageDocumentation
 */

/**
 * The ISO weekdays, Monday first, as the keys of a weekly schedule.
 *
 * @example
 * ```ts
 * import { WEEKDAYS } from 'clinic-slots';
 * WEEKDAYS[0]; // 'monday' (ISO weekday 1)
 * ```
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * A day of the week, by its English name; ISO weekday `n` is `WEEKDAYS[n - 1]`.
 *
 * @example
 * ```ts
 * import type { Weekday } from 'clinic-slots';
 * const day: Weekday = 'friday';
 * ```
 */
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes in a day. */
const DAY = 1440;

/** Minutes in a week. */
const WEEK = 7 * DAY;

/** One invariant broken: where, and what. @internal */
export interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** An interval of local time as the invariants see it. @internal */
export interface LocalHours {
  readonly start: string;
  readonly end: string;
  readonly locationIds?: readonly string[] | undefined;
}

/**
 * The start and end of an interval in minutes after local midnight of the day it belongs to; an
 * interval that crosses midnight (its end not after its start) ends after 1440.
 *
 * @internal
 */
export function intervalMinutes(interval: LocalHours): [number, number] {
  const s = localTimeToMinutes(interval.start);
  let e = localTimeToMinutes(interval.end);
  if (e <= s) e += DAY;
  return [s, e];
}

/** An interval's span in minutes, with where it is (the same `path` object for its wrapped copy). */
interface Span {
  readonly from: number;
  readonly to: number;
  readonly path: (string | number)[];
}

/** A problem for every pair of spans (minutes) that overlap; with `period`, spans wrap around it. */
function overlapProblems(spans: readonly Span[], period?: number): Problem[] {
  const all = [...spans];
  if (period !== undefined) {
    // An interval that runs past the end of the week wraps around to its start.
    for (const s of spans) if (s.to > period) all.push({ from: s.from - period, to: s.to - period, path: s.path });
  }
  all.sort((a, b) => a.from - b.from);
  const problems: Problem[] = [];
  for (let i = 1; i < all.length; i++) {
    const prev = all[i - 1]!;
    const cur = all[i]!;
    if (cur.from < prev.to && cur.path !== prev.path) problems.push({ message: 'open intervals must not overlap', path: cur.path });
  }
  return problems;
}

/**
 * Intervals of a weekly schedule that overlap another, anywhere in the week (an interval that
 * crosses midnight into the next day's first interval too).
 *
 * @internal
 */
export function weeklyOverlaps(schedule: Partial<Record<Weekday, readonly LocalHours[] | undefined>>): Problem[] {
  const spans: Span[] = [];
  WEEKDAYS.forEach((day, d) => {
    (schedule[day] ?? []).forEach((interval, i) => {
      const [s, e] = intervalMinutes(interval);
      spans.push({ from: d * DAY + s, to: d * DAY + e, path: [day, i] });
    });
  });
  return overlapProblems(spans, WEEK);
}

/**
 * Intervals of one date's hours that overlap another.
 *
 * @internal
 */
export function dateOverlaps(intervals: readonly LocalHours[]): Problem[] {
  return overlapProblems(
    intervals.map((interval, i) => {
      const [s, e] = intervalMinutes(interval);
      return { from: s, to: e, path: [i] };
    }),
  );
}

/** What {@link doctorConsistency} reads of a doctor. @internal */
export interface DoctorShape {
  readonly locations: readonly { readonly id: string }[];
  readonly schedule?: Partial<Record<Weekday, readonly LocalHours[] | undefined>> | undefined;
  readonly overrides?: readonly { readonly intervals?: readonly LocalHours[] | undefined }[] | undefined;
}

/**
 * Location ids unique; every interval of the schedule and the overrides names known locations.
 *
 * @internal
 */
export function doctorConsistency(doctor: DoctorShape): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  doctor.locations.forEach((location, i) => {
    if (ids.has(location.id)) problems.push({ message: 'location ids must be unique', path: ['locations', i, 'id'] });
    ids.add(location.id);
  });
  const check = (intervals: readonly LocalHours[] | undefined, path: (string | number)[]) =>
    intervals?.forEach((interval, i) =>
      interval.locationIds?.forEach((id, j) => {
        if (!ids.has(id)) problems.push({ message: `unknown location ${id}`, path: [...path, i, 'locationIds', j] });
      }),
    );
  for (const day of WEEKDAYS) check(doctor.schedule?.[day], ['schedule', day]);
  doctor.overrides?.forEach((o, k) => check(o.intervals, ['overrides', k, 'intervals']));
  return problems;
}
