import * as fc from 'fast-check';
import {
  DoctorSchema,
  WEEKDAYS,
  WeeklyScheduleSchema,
  type Appointment,
  type BookingRules,
  type DateOverride,
  type Doctor,
  type OpenInterval,
  type WeeklySchedule,
} from 'clinic-slots';

/** The week the properties play in: Monday 8 March 2027 (US clocks spring forward on the 14th). */
export const WEEK_FROM = Date.parse('2027-03-08T00:00:00Z');
/** Eight days later: the range the properties query and book in. */
export const WEEK_TO = WEEK_FROM + 8 * 86_400_000;

const MINUTE = 60_000;
const LOCATIONS = ['loc-a', 'loc-b', 'loc-c'] as const;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const locationIds: fc.Arbitrary<string[] | undefined> = fc.option(fc.subarray([...LOCATIONS], { minLength: 1 }), { nil: undefined });

/** Sorted, disjoint intervals of one day on a 15-minute grid (none crosses midnight). */
const dayIntervals: fc.Arbitrary<OpenInterval[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .chain((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i]!, sorted[i + 1]!]);
    return fc.tuple(...pairs.map(([s, e]) => locationIds.map((ids): OpenInterval => ({ start: hhmm(s * 15), end: hhmm(e * 15), ...(ids ? { locationIds: ids } : {}) }))));
  });

/** A weekly schedule, sometimes with an interval crossing midnight. */
export const scheduleArb: fc.Arbitrary<WeeklySchedule> = fc
  .tuple(
    fc.array(fc.constantFrom(...WEEKDAYS), { maxLength: 7 }),
    fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    fc.option(fc.tuple(fc.constantFrom(...WEEKDAYS), fc.constantFrom('22:00', '23:30'), fc.constantFrom('00:30', '02:00'))),
  )
  .map(([days, intervals, late]) => {
    const schedule: Record<string, OpenInterval[]> = {};
    for (const day of new Set(days)) schedule[day] = intervals[WEEKDAYS.indexOf(day)]!;
    if (late) {
      const [day, start, end] = late;
      schedule[day] = [...(schedule[day] ?? []).filter((i) => i.start < start && i.end <= start && i.end !== '24:00'), { start, end }];
    }
    return schedule as WeeklySchedule;
  })
  .filter((s) => WeeklyScheduleSchema.safeParse(s).success);

const dateInWeek = fc.integer({ min: 0, max: 7 }).map((d) => new Date(WEEK_FROM + d * 86_400_000).toISOString().slice(0, 10));

/** Zero to two date overrides in the week. */
export const overridesArb: fc.Arbitrary<DateOverride[]> = fc.array(
  fc.oneof(
    dateInWeek.map((from): DateOverride => ({ kind: 'closed', from })),
    fc.tuple(dateInWeek, dayIntervals.filter((intervals) => intervals.length > 0)).map(([from, intervals]): DateOverride => ({ kind: 'closed', from, intervals: intervals.map(({ start, end }) => ({ start, end })) })),
    fc.tuple(dateInWeek, dayIntervals).map(([from, intervals]): DateOverride => ({ kind: 'hours', from, intervals })),
  ),
  { maxLength: 2 },
);

const duration = (minutes: number): string => `PT${minutes}M`;

/** Booking rules, with the step often different from the length. */
export const rulesArb: fc.Arbitrary<BookingRules> = fc
  .record({
    slotLength: fc.constantFrom(10, 15, 20, 30, 45, 60),
    slotStep: fc.option(fc.constantFrom(5, 10, 15, 30), { nil: undefined }),
    bufferBefore: fc.option(fc.constantFrom(0, 5, 10, 15), { nil: undefined }),
    bufferAfter: fc.option(fc.constantFrom(0, 5, 10, 15), { nil: undefined }),
    minimumNotice: fc.option(fc.constantFrom(0, 30, 120, 1440), { nil: undefined }),
    horizon: fc.option(fc.constantFrom(60 * 24, 60 * 24 * 3, 60 * 24 * 30), { nil: undefined }),
  })
  .map((r) => {
    const rules: Record<string, string> = { slotLength: duration(r.slotLength) };
    for (const key of ['slotStep', 'bufferBefore', 'bufferAfter', 'minimumNotice', 'horizon'] as const) {
      const value = r[key];
      if (value !== undefined) rules[key] = duration(value);
    }
    return rules as BookingRules;
  });

/** A doctor in one of a few zones (some with DST in the week), with all of the above. */
export const doctorArb: fc.Arbitrary<Doctor> = fc
  .record({
    timeZone: fc.constantFrom('UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe'),
    schedule: scheduleArb,
    overrides: overridesArb,
    rules: rulesArb,
  })
  .map((d) =>
    DoctorSchema.parse({
      id: 'dr-prop',
      name: 'Dr Property',
      locations: LOCATIONS.map((id) => ({ id, address: `${id} street` })),
      version: 1,
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2027-01-01T00:00:00.000Z',
      ...d,
    }),
  );

/** A clock reading on a 5-minute grid, from two days before the week to its end. */
export const instantArb: fc.Arbitrary<number> = fc
  .integer({ min: -2 * 288, max: 8 * 288 })
  .map((k) => WEEK_FROM + k * 5 * MINUTE);

/** An instant on a 5-minute grid inside the week `[WEEK_FROM, WEEK_TO)`. */
const weekInstantArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 8 * 288 - 1 }).map((k) => WEEK_FROM + k * 5 * MINUTE);

/**
 * Appointments already there, of the doctor `dr-prop`, at any time of the week and of any length
 * (older rules), booked ones never overlapping each other.
 */
export const priorAppointmentsArb: fc.Arbitrary<Appointment[]> = fc
  .array(
    fc.record({
      start: fc.integer({ min: 0, max: 8 * 288 }),
      length: fc.integer({ min: 1, max: 24 }),
      location: fc.constantFrom(...LOCATIONS),
      status: fc.constantFrom('booked', 'booked', 'cancelled', 'fulfilled'),
    }),
    { maxLength: 12 },
  )
  .map((drafts) => {
    const taken: [number, number][] = [];
    const out: Appointment[] = [];
    drafts.forEach((d, i) => {
      const start = WEEK_FROM + d.start * 5 * MINUTE;
      const end = start + d.length * 5 * MINUTE;
      if (d.status === 'booked') {
        if (taken.some(([s, e]) => s < end && start < e)) return;
        taken.push([start, end]);
      }
      out.push({
        id: `prior-${i}`,
        doctorId: 'dr-prop',
        locationId: d.location,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        patientRef: `patient/${i}`,
        status: d.status as Appointment['status'],
        createdAt: '2027-01-01T00:00:00.000Z',
        updatedAt: '2027-01-01T00:00:00.000Z',
      });
    });
    return out;
  });

/**
 * A booking attempt: one of the slots offered now, one of the starts the schedule publishes
 * (whatever the bookings, notice and horizon), one of those near an active appointment (where
 * buffers and overlaps bite), or any instant; at some location.
 */
export const attemptArb = fc.record({
  kind: fc.constantFrom('offered', 'published', 'near', 'any'),
  index: fc.nat(),
  instant: weekInstantArb,
  location: fc.constantFrom(...LOCATIONS, 'loc-unknown'),
  useSlotLocation: fc.boolean(),
});
