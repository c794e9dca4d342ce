import { z } from 'zod';
import { WEEKDAYS, dateOverlaps, doctorConsistency, weeklyOverlaps, type Problem, type Weekday } from '../domain/doctor.js';
import { durationToMinutes } from '../domain/durations.js';
import { DurationSchema, IdSchema, InstantSchema, LocalDateSchema, LocalTimeSchema, TextSchema, TimeZoneSchema } from './primitives.js';

/** Reports the domain's problems as zod issues. */
function report(problems: readonly Problem[], ctx: z.core.$RefinementCtx<unknown>, prefix: (string | number)[] = []): void {
  for (const p of problems) ctx.addIssue({ code: 'custom', message: p.message, path: [...prefix, ...p.path] });
}

/**
 * An open interval of local wall-clock time on one day: `start` to `end` as `HH:MM`. When `end`
 * is not after `start`, the interval crosses midnight and ends on the next day (`22:00`-`02:00`);
 * it still belongs to the day it starts on. `start` equal to `end` is refused. `locationIds`, when
 * given, restricts the interval to some of the doctor's locations; by default all of them.
 *
 * @example
 * ```ts
 * import { OpenIntervalSchema } from 'clinic-slots';
 * OpenIntervalSchema.parse({ start: '09:00', end: '12:00' });
 * ```
 */
export const OpenIntervalSchema = z
  .strictObject({
    start: LocalTimeSchema,
    end: LocalTimeSchema,
    locationIds: z.array(IdSchema).min(1).max(100).optional(),
  })
  .refine((i) => i.start !== '24:00', { message: 'an interval cannot start at 24:00', path: ['start'] })
  .refine((i) => i.start !== i.end, {
    message: 'an interval must not be empty',
    path: ['end'],
  });

/**
 * An open interval of local time; see {@link OpenIntervalSchema}.
 *
 * @example
 * ```ts
 * import type { OpenInterval } from 'clinic-slots';
 * const morning: OpenInterval = { start: '09:00', end: '12:00' };
 * ```
 */
export type OpenInterval = z.output<typeof OpenIntervalSchema>;

/**
 * When a doctor is open, week by week: for each weekday, zero or more {@link OpenInterval}s of
 * local time. Intervals must not overlap anywhere in the week, including an interval that crosses
 * midnight into the next day's first interval. Days left out are closed.
 *
 * @example
 * ```ts
 * import { WeeklyScheduleSchema } from 'clinic-slots';
 * WeeklyScheduleSchema.parse({
 *   monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }],
 * });
 * ```
 */
export const WeeklyScheduleSchema = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(OpenIntervalSchema).max(48).optional()])) as {
    [K in Weekday]: z.ZodOptional<z.ZodArray<typeof OpenIntervalSchema>>;
  })
  .superRefine((schedule, ctx) => report(weeklyOverlaps(schedule), ctx));

/**
 * A weekly schedule; see {@link WeeklyScheduleSchema}.
 *
 * @example
 * ```ts
 * import type { WeeklySchedule } from 'clinic-slots';
 * const schedule: WeeklySchedule = { saturday: [{ start: '10:00', end: '13:00' }] };
 * ```
 */
export type WeeklySchedule = z.output<typeof WeeklyScheduleSchema>;

const overrideIntervals = z.array(OpenIntervalSchema).max(48).superRefine((intervals, ctx) => report(dateOverlaps(intervals), ctx));

const dateRange = {
  from: LocalDateSchema,
  to: LocalDateSchema.optional(),
};

/**
 * A change to the weekly schedule on one local date, or on every date from `from` to `to`
 * (inclusive). Two kinds:
 *
 * - `closed`: without `intervals`, closed all day (every interval that starts on that date is
 *   gone); with `intervals`, those hours are taken out of the intervals that start on that date,
 *   at every location (so closed intervals name no `locationIds`). An empty list is refused:
 *   leave `intervals` out to close the whole day.
 * - `hours`: the date's intervals are replaced by `intervals` (an extra Saturday clinic, shorter
 *   hours on Christmas Eve). An empty list closes the day.
 *
 * Which wins, for each date: start from the weekly schedule; if `hours` overrides cover the date,
 * the one listed last replaces the weekly intervals; then every `closed` override covering the
 * date takes its hours out. So a closure always beats opening hours. Overrides act only on the
 * intervals that belong to their dates (an interval belongs to the date it starts on).
 *
 * @example
 * ```ts
 * import { DateOverrideSchema } from 'clinic-slots';
 * DateOverrideSchema.parse({ kind: 'closed', from: '2027-12-24', to: '2027-12-26' });
 * DateOverrideSchema.parse({ kind: 'hours', from: '2027-12-31', intervals: [{ start: '09:00', end: '12:00' }] });
 * ```
 */
export const DateOverrideSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('closed'), ...dateRange, intervals: overrideIntervals.optional() }),
    z.strictObject({ kind: z.literal('hours'), ...dateRange, intervals: overrideIntervals }),
  ])
  .refine((o) => o.to === undefined || o.to >= o.from, { message: '`to` must not be before `from`', path: ['to'] })
  .superRefine((o, ctx) => {
    if (o.kind !== 'closed') return;
    if (o.intervals?.length === 0) {
      // An empty list would close nothing, while a client may well mean "closed all day".
      ctx.addIssue({ code: 'custom', message: 'closed hours need at least one interval; leave `intervals` out to close the whole day', path: ['intervals'] });
    }
    o.intervals?.forEach((interval, i) => {
      if (interval.locationIds !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'closed hours apply at every location: no locationIds', path: ['intervals', i, 'locationIds'] });
      }
    });
  });

/**
 * A date override; see {@link DateOverrideSchema}.
 *
 * @example
 * ```ts
 * import type { DateOverride } from 'clinic-slots';
 * const christmas: DateOverride = { kind: 'closed', from: '2027-12-25' };
 * ```
 */
export type DateOverride = z.output<typeof DateOverrideSchema>;

/**
 * The list of a doctor's date overrides (at most 1,000); see {@link DateOverrideSchema}.
 *
 * @example
 * ```ts
 * import { DateOverridesSchema } from 'clinic-slots';
 * DateOverridesSchema.parse([{ kind: 'closed', from: '2027-08-01', to: '2027-08-14' }]);
 * ```
 */
export const DateOverridesSchema = z.array(DateOverrideSchema).max(1000);

/**
 * The rules that turn open hours into published slots, as ISO 8601 durations of whole minutes:
 *
 * - `slotLength`: how long one appointment lasts (default `PT30M`);
 * - `slotStep`: the distance between published start times, counted from each open interval's
 *   start (defaults to `slotLength`);
 * - `bufferBefore` / `bufferAfter`: time kept free before and after every active appointment
 *   (default `PT0M`);
 * - `minimumNotice`: how long before its start a slot stops being offered (default `PT0M`);
 * - `horizon`: how far ahead of now slots are offered (default: no limit);
 * - `holdTtl`: how long a hold lasts when its request names no `ttl` (default `PT10M`);
 * - `maxHoldTtl`: the longest `ttl` a hold or a renewal may ask for (default `PT1H`).
 *
 * @example
 * ```ts
 * import { BookingRulesSchema } from 'clinic-slots';
 * BookingRulesSchema.parse({ slotLength: 'PT30M', slotStep: 'PT15M', minimumNotice: 'PT2H', horizon: 'P90D' });
 * ```
 */
export const BookingRulesSchema = z.strictObject({
  slotLength: DurationSchema.refine((d) => durationToMinutes(d)! > 0 && durationToMinutes(d)! <= 24 * 60, 'a slot lasts from 1 minute to 24 hours'),
  slotStep: DurationSchema.refine((d) => durationToMinutes(d)! > 0 && durationToMinutes(d)! <= 24 * 60, 'a step is from 1 minute to 24 hours').optional(),
  bufferBefore: DurationSchema.refine((d) => durationToMinutes(d)! <= 24 * 60, 'a buffer is at most 24 hours').optional(),
  bufferAfter: DurationSchema.refine((d) => durationToMinutes(d)! <= 24 * 60, 'a buffer is at most 24 hours').optional(),
  minimumNotice: DurationSchema.optional(),
  horizon: DurationSchema.refine((d) => durationToMinutes(d)! > 0, 'a horizon must be positive').optional(),
  holdTtl: DurationSchema.refine((d) => durationToMinutes(d)! > 0 && durationToMinutes(d)! <= 24 * 60, 'a hold lasts from 1 minute to 24 hours').optional(),
  maxHoldTtl: DurationSchema.refine((d) => durationToMinutes(d)! > 0 && durationToMinutes(d)! <= 24 * 60, 'a hold lasts from 1 minute to 24 hours').optional(),
}).refine((r) => r.holdTtl === undefined || r.maxHoldTtl === undefined || durationToMinutes(r.holdTtl)! <= durationToMinutes(r.maxHoldTtl)!, {
  message: '`holdTtl` must not be longer than `maxHoldTtl`',
  path: ['holdTtl'],
});

/**
 * Booking rules; see {@link BookingRulesSchema}.
 *
 * @example
 * ```ts
 * import type { BookingRules } from 'clinic-slots';
 * const rules: BookingRules = { slotLength: 'PT20M' };
 * ```
 */
export type BookingRules = z.output<typeof BookingRulesSchema>;

/**
 * The booking rules a doctor gets when none are given: 30-minute slots, one after the other.
 *
 * @example
 * ```ts
 * import { DEFAULT_BOOKING_RULES } from 'clinic-slots';
 * DEFAULT_BOOKING_RULES.slotLength; // 'PT30M'
 * ```
 */
export const DEFAULT_BOOKING_RULES: BookingRules = Object.freeze({ slotLength: 'PT30M' });

/**
 * A place where a doctor sees patients: an id and a free-text address.
 *
 * @example
 * ```ts
 * import { LocationSchema } from 'clinic-slots';
 * LocationSchema.parse({ id: 'park-st', address: '1 Park St' });
 * ```
 */
export const LocationSchema = z.strictObject({ id: IdSchema, address: TextSchema });

/**
 * A location; see {@link LocationSchema}.
 *
 * @example
 * ```ts
 * import type { Location } from 'clinic-slots';
 * const parkSt: Location = { id: 'park-st', address: '1 Park St' };
 * ```
 */
export type Location = z.output<typeof LocationSchema>;

/** Checks what one field of a doctor cannot check alone: ids unique, schedule names known locations. */
const checkDoctorConsistency = (doctor: Parameters<typeof doctorConsistency>[0], ctx: z.core.$RefinementCtx<unknown>): void =>
  report(doctorConsistency(doctor), ctx);

/**
 * A doctor as stored: id, name, IANA time zone, locations, weekly schedule, date overrides,
 * booking rules, and a `version` that grows by one on every change (optimistic concurrency).
 *
 * @example
 * ```ts
 * import { DoctorSchema } from 'clinic-slots';
 * DoctorSchema.parse({
 *   id: 'dr-wright', name: 'Jane Wright', timeZone: 'Europe/London',
 *   locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] }, overrides: [],
 *   rules: { slotLength: 'PT30M' }, version: 1,
 *   createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z',
 * });
 * ```
 */
export const DoctorSchema = z
  .strictObject({
    id: IdSchema,
    name: TextSchema,
    timeZone: TimeZoneSchema,
    locations: z.array(LocationSchema).min(1).max(100),
    schedule: WeeklyScheduleSchema,
    overrides: DateOverridesSchema,
    rules: BookingRulesSchema,
    version: z.number().int().min(1),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .superRefine(checkDoctorConsistency);

/**
 * A doctor; see {@link DoctorSchema}.
 *
 * @example
 * ```ts
 * import type { Doctor } from 'clinic-slots';
 * const nameOf = (doctor: Doctor) => doctor.name;
 * ```
 */
export type Doctor = z.output<typeof DoctorSchema>;

/**
 * What it takes to create a doctor. `id` and location ids are made up (UUIDs) when left out;
 * `schedule` defaults to always closed, `overrides` to none, `rules` to
 * {@link DEFAULT_BOOKING_RULES}.
 *
 * @example
 * ```ts
 * import { NewDoctorSchema } from 'clinic-slots';
 * NewDoctorSchema.parse({
 *   name: 'Joseph Lister', timeZone: 'Europe/London',
 *   locations: [{ address: '1 Park St' }, { id: 'uni', address: '2 University Ave' }],
 * });
 * ```
 */
export const NewDoctorSchema = z
  .strictObject({
    id: IdSchema.optional(),
    name: TextSchema,
    timeZone: TimeZoneSchema,
    locations: z.array(z.strictObject({ id: IdSchema.optional(), address: TextSchema })).min(1).max(100),
    schedule: WeeklyScheduleSchema.optional(),
    overrides: DateOverridesSchema.optional(),
    rules: BookingRulesSchema.optional(),
  })
  .superRefine((d, ctx) =>
    checkDoctorConsistency({ ...d, locations: d.locations.map((l, i) => ({ id: l.id ?? `#${i}`, address: l.address })) }, ctx),
  );

/**
 * Input to create a doctor; see {@link NewDoctorSchema}.
 *
 * @example
 * ```ts
 * import type { NewDoctor } from 'clinic-slots';
 * const input: NewDoctor = { name: 'Jane Wright', timeZone: 'Europe/London', locations: [{ address: '1 Park St' }] };
 * ```
 */
export type NewDoctor = z.input<typeof NewDoctorSchema>;
