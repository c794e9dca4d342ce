/**
 * A slow, obviously correct slot generator written straight from the documented semantics with
 * Temporal: the oracle the fast generator is compared with. It shares no code with src/slots or
 * src/time (only the schema's types and `durationToMinutes`).
 */
import { Temporal } from '@js-temporal/polyfill';
import { WEEKDAYS, durationToMinutes, type BusyInterval, type Doctor, type OpenInterval, type Slot } from 'clinic-slots';

const MINUTE = 60_000;

/** One open interval of a local date after overrides, converted to instants. */
export interface ReferenceInterval {
  /** The local date it belongs to. */
  readonly date: string;
  /** Local start and end, minutes after the date's midnight (end up to 2880). */
  readonly localStart: number;
  readonly localEnd: number;
  /** Converted with Temporal, disambiguation 'compatible'. */
  readonly start: number;
  readonly end: number;
  readonly locationIds: readonly string[];
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** [start, end) in minutes after the date's midnight; end <= start crosses midnight. */
function span(interval: { start: string; end: string }): [number, number] {
  const s = minutes(interval.start);
  let e = minutes(interval.end);
  if (e <= s) e += 1440;
  return [s, e];
}

/** The instant of `date` + `minute` minutes of local wall-clock time in `zone`. */
export function toInstant(zone: string, date: Temporal.PlainDate, minute: number): number {
  const dateTime = date.toPlainDateTime(new Temporal.PlainTime(0, 0)).add({ minutes: minute });
  return dateTime.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The open intervals of a local date, after overrides, in local minutes, before conversion. */
export function localIntervalsOf(doctor: Doctor, date: Temporal.PlainDate): Array<{ start: number; end: number; locationIds: string[] }> {
  // A date the zone skipped entirely (its first instant is on a later date) has no intervals.
  if (!date.toZonedDateTime(doctor.timeZone).toPlainDate().equals(date)) return [];
  const all = doctor.locations.map((l) => l.id);
  const day = date.toString();
  const covering = doctor.overrides.filter((o) => o.from <= day && day <= (o.to ?? o.from));
  let intervals: readonly OpenInterval[] = doctor.schedule[WEEKDAYS[date.dayOfWeek - 1]!] ?? [];
  const hours = covering.filter((o) => o.kind === 'hours');
  if (hours.length > 0) intervals = hours[hours.length - 1]!.intervals ?? [];
  const closed = covering.filter((o) => o.kind === 'closed');
  if (closed.some((o) => o.intervals === undefined)) return [];
  const out: Array<{ start: number; end: number; locationIds: string[] }> = [];
  for (const interval of intervals) {
    // A minute-by-minute mask of the interval, with the closed hours of the date taken out.
    const open = new Array<boolean>(2880).fill(false);
    const [s, e] = span(interval);
    for (let m = s; m < e; m++) open[m] = true;
    for (const o of closed) {
      for (const c of o.intervals ?? []) {
        const [cs, ce] = span(c);
        for (let m = cs; m < ce; m++) open[m] = false;
      }
    }
    const locationIds = interval.locationIds === undefined ? all : all.filter((id) => interval.locationIds!.includes(id));
    for (let m = 0; m < 2880; ) {
      if (!open[m]) {
        m++;
        continue;
      }
      let n = m;
      while (n < 2880 && open[n]) n++;
      out.push({ start: m, end: n, locationIds });
      m = n;
    }
  }
  return out;
}

/** The converted open intervals of every local date from `first` to `last`. */
export function referenceIntervals(doctor: Doctor, first: Temporal.PlainDate, last: Temporal.PlainDate): ReferenceInterval[] {
  const out: ReferenceInterval[] = [];
  for (let date = first; Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
    for (const i of localIntervalsOf(doctor, date)) {
      out.push({
        date: date.toString(),
        localStart: i.start,
        localEnd: i.end,
        start: toInstant(doctor.timeZone, date, i.start),
        end: toInstant(doctor.timeZone, date, i.end),
        locationIds: i.locationIds,
      });
    }
  }
  return out;
}

/** The local dates whose intervals may hold a slot starting in [from, to). */
export function datesAround(zone: string, from: number, to: number): [Temporal.PlainDate, Temporal.PlainDate] {
  const date = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDate();
  return [date(from).subtract({ days: 3 }), date(Math.max(from, to)).add({ days: 1 })];
}

/** Booking rules in milliseconds. */
export function rulesOf(doctor: Doctor) {
  const ms = (d: string | undefined) => (d === undefined ? 0 : durationToMinutes(d)! * MINUTE);
  const length = ms(doctor.rules.slotLength);
  return {
    length,
    step: doctor.rules.slotStep === undefined ? length : ms(doctor.rules.slotStep),
    before: ms(doctor.rules.bufferBefore),
    after: ms(doctor.rules.bufferAfter),
    notice: ms(doctor.rules.minimumNotice),
    horizon: doctor.rules.horizon === undefined ? undefined : ms(doctor.rules.horizon),
  };
}

/** Every slot start of the schedule, before any filter: start -> the set of its locations. */
export function referenceCandidates(doctor: Doctor, from: number, to: number): Map<number, Set<string>> {
  const { length, step } = rulesOf(doctor);
  const [first, last] = datesAround(doctor.timeZone, from, to);
  const candidates = new Map<number, Set<string>>();
  for (const interval of referenceIntervals(doctor, first, last)) {
    for (let start = interval.start; start + length <= interval.end; start += step) {
      const set = candidates.get(start) ?? new Set<string>();
      for (const id of interval.locationIds) set.add(id);
      candidates.set(start, set);
    }
  }
  return candidates;
}

/** The reference answer of `generateSlots`. */
export function referenceSlots(input: {
  doctor: Doctor;
  from: number;
  to: number;
  now: number;
  busy?: readonly BusyInterval[];
  locationId?: string;
}): Slot[] {
  const { doctor, from, to, now, busy = [], locationId } = input;
  const { length, before, after, notice, horizon } = rulesOf(doctor);
  const order = doctor.locations.map((l) => l.id);
  const slots: Slot[] = [];
  for (const [start, set] of referenceCandidates(doctor, from, to)) {
    const end = start + length;
    if (start < from || start >= to) continue;
    if (start < now + notice) continue;
    if (horizon !== undefined && start > now + horizon) continue;
    if (locationId !== undefined && !set.has(locationId)) continue;
    // The slot's claim, widened by the buffers, must meet no busy time (busy times are claims).
    if (busy.some((b) => b.start < end + after && b.end > start - before)) continue;
    slots.push({ start, end, locationIds: order.filter((id) => set.has(id)) });
  }
  return slots.sort((a, b) => a.start - b.start);
}
