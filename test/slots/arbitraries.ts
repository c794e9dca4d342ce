/** fast-check arbitraries for slot-generator properties: doctors, ranges, busy times. */
import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { DoctorSchema, WEEKDAYS, type BusyInterval, type Doctor } from 'clinic-slots';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Every zone the runtime knows, plus UTC. */
export const ALL_ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];

/** Zones with unusual transitions, drawn more often than their share of the list. */
export const TRICKY_ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'America/Asuncion',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'America/St_Johns',
  'Antarctica/Troll',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Pacific/Kwajalein',
  'Africa/Casablanca',
] as const;

/** The jumps of a day or more, which skipped a whole local date: drawn as anchors in their zones. */
const SKIPPED_DATES: Readonly<Record<string, number>> = {
  'Pacific/Apia': Date.UTC(2011, 11, 30, 10), // Friday 2011-12-30
  'Pacific/Kiritimati': Date.UTC(1994, 11, 31, 10), // Saturday 1994-12-31
  'Pacific/Kwajalein': Date.UTC(1993, 7, 21, 12), // Saturday 1993-08-21
};

export const zoneArb = fc.oneof(fc.constantFrom(...ALL_ZONES), fc.constantFrom(...TRICKY_ZONES));

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Minutes on a grid: mostly half hours (where DST changes happen), sometimes any minute. */
const gridArb = fc.constantFrom(30, 30, 15, 60, 5, 1);

/**
 * Non-overlapping intervals on an axis of `[0, axis)` minutes, as pairs of sorted cut points,
 * each shorter than a day.
 */
function spansArb(axis: number, maxIntervals: number, minIntervals = 0, hot: readonly number[] = []) {
  const near = [...new Set(hot.flatMap((h) => [h - 60, h - 30, h, h + 30, h + 60]))].filter((h) => h >= 0 && h <= axis);
  return fc
    .tuple(
      gridArb,
      fc.uniqueArray(fc.integer({ min: 0, max: Math.floor(axis / 5) }), { minLength: minIntervals * 2, maxLength: maxIntervals * 2 }),
      fc.subarray(near, { maxLength: Math.min(4, near.length) }),
    )
    .map(([grid, raw, chosen]) => {
      const random = raw.map((p) => Math.min(axis, Math.floor((p * 5) / grid) * grid));
      const points = [...new Set([...random, ...chosen])].sort((a, b) => a - b);
      const spans: Array<[number, number]> = [];
      for (let i = 0; i + 1 < points.length; i += 2) {
        const [s, e] = [points[i]!, points[i + 1]!];
        if (e - s < 1440) spans.push([s, e]);
      }
      return spans;
    });
}

const locationSubsetArb = (ids: readonly string[]) =>
  fc.option(fc.subarray([...ids], { minLength: 1 }), { nil: undefined, freq: 2 });

/** An open interval of a date from minute `s` to `e` (e may pass midnight). */
function interval(s: number, e: number, locationIds: string[] | undefined) {
  const start = hhmm(s % 1440);
  const end = e === 1440 ? '24:00' : hhmm(e % 1440);
  return locationIds === undefined ? { start, end } : { start, end, locationIds };
}

/** A weekly schedule: intervals across the week, some crossing midnight. */
function scheduleArb(ids: readonly string[], hot: readonly number[]) {
  return fc.tuple(spansArb(7 * 1440, 12, 4, hot), fc.array(locationSubsetArb(ids), { minLength: 12, maxLength: 12 })).map(([spans, locs]) => {
    const schedule: Record<string, unknown[]> = {};
    spans.forEach(([s, e], i) => {
      const day = WEEKDAYS[Math.floor(s / 1440)]!;
      (schedule[day] ??= []).push(interval(s, e - Math.floor(s / 1440) * 1440, locs[i]));
    });
    return schedule;
  });
}

/** Overrides on dates within a few days of `anchorDate`. */
function overridesArb(ids: readonly string[], anchorDate: Temporal.PlainDate, hot: readonly number[]) {
  const one = fc.record({
    kind: fc.constantFrom('closed', 'hours'),
    offset: fc.integer({ min: -4, max: 4 }),
    length: fc.integer({ min: 0, max: 2 }),
    spans: fc.option(spansArb(1440 + 720, 3, 1, hot.map((h) => h % 1440)), { nil: undefined, freq: 3 }),
    locs: fc.array(locationSubsetArb(ids), { minLength: 3, maxLength: 3 }),
  });
  return fc.array(one, { maxLength: 3 }).map((list) =>
    list.map((o) => {
      const from = anchorDate.add({ days: o.offset });
      const to = o.length === 0 ? undefined : from.add({ days: o.length }).toString();
      const intervals = o.spans?.filter(([s]) => s < 1440).map(([s, e], i) => interval(s, e, o.kind === 'hours' ? o.locs[i] : undefined));
      if (o.kind === 'closed') return { kind: 'closed', from: from.toString(), ...(to ? { to } : {}), ...(intervals && intervals.length > 0 ? { intervals } : {}) };
      return { kind: 'hours', from: from.toString(), ...(to ? { to } : {}), intervals: intervals ?? [] };
    }),
  );
}

const minutesArb = (values: number[]) => fc.constantFrom(...values).map((m) => `PT${m}M`);

const rulesArb = fc.record(
  {
    slotLength: minutesArb([30, 30, 15, 20, 45, 60, 90, 7, 25]),
    slotStep: minutesArb([15, 30, 10, 60, 13]),
    bufferBefore: minutesArb([0, 5, 10, 30]),
    bufferAfter: minutesArb([0, 5, 15]),
    minimumNotice: minutesArb([0, 0, 60, 24 * 60, 3 * 24 * 60]),
    horizon: minutesArb([24 * 60, 3 * 24 * 60, 30 * 24 * 60, 30 * 24 * 60]),
  },
  { requiredKeys: ['slotLength'] },
);

/**
 * A whole-minute instant, half of the time at one of the zone's transitions, with the "hot"
 * local times around it (the wall-clock minute just before and at the transition, on the week
 * axis of minutes since Monday 00:00) that schedules are drawn towards. In a zone that skipped
 * a whole date, the instant is often just before that jump.
 */
function anchorArb(zone: string) {
  const skip = SKIPPED_DATES[zone];
  const instantArb = fc.noBias(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2045, 0, 1) }));
  return fc
    .tuple(skip === undefined ? instantArb : fc.oneof(instantArb, fc.constant(skip - 1000)), fc.boolean())
    .map(([t, nearTransition]) => {
      const minute = Math.floor(t / MINUTE) * MINUTE;
      if (!nearTransition) return { anchor: minute, hot: [] as number[] };
      const next = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
      if (next === null) return { anchor: minute, hot: [] as number[] };
      const weekMinute = (z: Temporal.ZonedDateTime) => (z.dayOfWeek - 1) * 1440 + z.hour * 60 + z.minute + (z.second > 0 ? 1 : 0);
      const before = next.subtract({ nanoseconds: 1 });
      return { anchor: next.epochMilliseconds, hot: [weekMinute(before), weekMinute(next)] };
    });
}

/** A scenario: a valid doctor and a query around an anchor instant. */
export interface Scenario {
  readonly doctor: Doctor;
  readonly from: number;
  readonly to: number;
  readonly now: number;
  readonly busy: BusyInterval[];
  readonly locationId: string | undefined;
}

const LOCATION_IDS = ['a', 'b', 'c'] as const;

/** Random doctors in random zones with queries of up to a week near (often DST) anchors. */
export const scenarioArb: fc.Arbitrary<Scenario> = zoneArb
  .chain((zone) => fc.tuple(fc.constant(zone), anchorArb(zone), fc.integer({ min: 1, max: 3 })))
  .chain(([zone, { anchor, hot }, nLocations]) => {
    const ids = LOCATION_IDS.slice(0, nLocations);
    const anchorDate = Temporal.Instant.fromEpochMilliseconds(anchor).toZonedDateTimeISO(zone).toPlainDate();
    return fc.record({
      doctor: fc
        .record({ schedule: scheduleArb(ids, hot), overrides: overridesArb(ids, anchorDate, hot), rules: rulesArb })
        .map((d) =>
          DoctorSchema.safeParse({
            id: 'dr',
            name: 'Dr',
            timeZone: zone,
            locations: ids.map((id) => ({ id, address: `${id} street` })),
            ...d,
            version: 1,
            createdAt: '2027-01-01T00:00:00.000Z',
            updatedAt: '2027-01-01T00:00:00.000Z',
          }),
        )
        .filter((r) => r.success)
        .map((r) => r.data!),
      from: fc.noBias(fc.integer({ min: -3 * 1440, max: 1440 })).map((m) => anchor + m * MINUTE),
      length: fc
        .oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: fc.noBias(fc.integer({ min: 1, max: 6 * 1440 })) })
        .map((m) => m * MINUTE),
      now: fc.oneof(
        { weight: 4, arbitrary: fc.noBias(fc.integer({ min: -3 * 1440, max: 0 })) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * 1440 }) },
      ),
      busy: fc.array(
        fc.record({ at: fc.noBias(fc.integer({ min: -4 * 1440, max: 7 * 1440 })), minutes: fc.integer({ min: 1, max: 180 }) }),
        { maxLength: 8 },
      ),
      locationId: fc.option(fc.constantFrom(...ids, 'elsewhere'), { nil: undefined, freq: 3 }),
    }).map(({ doctor, from, length, now, busy, locationId }) => ({
      doctor,
      from,
      to: from + length,
      now: from + now * MINUTE,
      busy: busy.map((b) => ({ start: anchor + b.at * MINUTE, end: anchor + (b.at + b.minutes) * MINUTE })),
      locationId,
    }));
  });

export { DAY, MINUTE };
