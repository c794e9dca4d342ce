import { describe, expect, it } from 'vitest';
import { checkSlot, generateSlots } from 'clinic-slots';
import { LONG_AGO, at, makeDoctor, startsOf } from './doctor-fixture.js';

const DAY = 86_400_000;

/** Slot starts of a doctor open on `weekday` in `zone`, over the UTC days around `date`. */
function around(date: string, timeZone: string, weekday: string, intervals: unknown[]) {
  const doctor = makeDoctor({ timeZone, schedule: { [weekday]: intervals } });
  const midnight = at(`${date}T00:00:00Z`);
  return startsOf(generateSlots({ doctor, from: midnight - 2 * DAY, to: midnight + 2 * DAY, now: LONG_AGO }));
}

describe('generateSlots in Australia/Lord_Howe (a 30-minute DST shift)', () => {
  it('gives 01:00-03:00 an hour and a half on the spring-forward day (02:00 +10:30 -> 02:30 +11:00)', () => {
    expect(around('2027-10-03', 'Australia/Lord_Howe', 'sunday', [{ start: '01:00', end: '03:00' }])).toEqual([
      '2027-10-02T14:30:00.000Z',
      '2027-10-02T15:00:00.000Z',
      '2027-10-02T15:30:00.000Z',
    ]);
  });

  it('moves the skipped 02:15 forward by the 30-minute gap, to 02:45 +11:00', () => {
    expect(around('2027-10-03', 'Australia/Lord_Howe', 'sunday', [{ start: '02:15', end: '03:15' }])).toEqual([
      '2027-10-02T15:45:00.000Z',
    ]);
  });

  it('gives 01:00-03:00 two and a half hours on the fall-back day (02:00 +11:00 -> 01:30 +10:30)', () => {
    expect(around('2027-04-04', 'Australia/Lord_Howe', 'sunday', [{ start: '01:00', end: '03:00' }])).toEqual([
      '2027-04-03T14:00:00.000Z',
      '2027-04-03T14:30:00.000Z',
      '2027-04-03T15:00:00.000Z',
      '2027-04-03T15:30:00.000Z',
      '2027-04-03T16:00:00.000Z',
    ]);
  });

  it('takes the earlier of the two 01:45s', () => {
    expect(around('2027-04-04', 'Australia/Lord_Howe', 'sunday', [{ start: '01:45', end: '02:45' }])).toEqual([
      '2027-04-03T14:45:00.000Z', // 01:45 +11:00
      '2027-04-03T15:15:00.000Z', // 01:45 +10:30, the second 01:45
      '2027-04-03T15:45:00.000Z', // 02:15 +10:30

    ]);
  });
});

describe('generateSlots where the clocks change at midnight', () => {
  it('America/Santiago, spring (2027-09-05 00:00 -04:00 -> 01:00 -03:00): the missing midnight starts at 01:00', () => {
    expect(around('2027-09-05', 'America/Santiago', 'sunday', [{ start: '00:00', end: '02:00' }])).toEqual([
      '2027-09-05T04:00:00.000Z',
      '2027-09-05T04:30:00.000Z',
    ]);
  });

  it('America/Santiago, spring: an interval ending at the missing 24:00 ends at 01:00 -03:00', () => {
    expect(around('2027-09-05', 'America/Santiago', 'saturday', [{ start: '22:00', end: '24:00' }])).toEqual([
      '2027-09-05T02:00:00.000Z',
      '2027-09-05T02:30:00.000Z',
      '2027-09-05T03:00:00.000Z',
      '2027-09-05T03:30:00.000Z',
    ]);
  });

  it('America/Santiago, fall (2027-04-03 24:00 -03:00 -> 23:00 -04:00): 22:00-24:00 lasts three hours', () => {
    expect(around('2027-04-03', 'America/Santiago', 'saturday', [{ start: '22:00', end: '24:00' }])).toEqual([
      '2027-04-04T01:00:00.000Z',
      '2027-04-04T01:30:00.000Z',
      '2027-04-04T02:00:00.000Z',
      '2027-04-04T02:30:00.000Z',
      '2027-04-04T03:00:00.000Z',
      '2027-04-04T03:30:00.000Z',
    ]);
  });

  it('America/Havana, fall (2027-11-07 01:00 -04:00 -> 00:00 -05:00): 00:00-02:00 starts at the first midnight', () => {
    expect(around('2027-11-07', 'America/Havana', 'sunday', [{ start: '00:00', end: '02:00' }])).toEqual([
      '2027-11-07T04:00:00.000Z',
      '2027-11-07T04:30:00.000Z',
      '2027-11-07T05:00:00.000Z',
      '2027-11-07T05:30:00.000Z',
      '2027-11-07T06:00:00.000Z',
      '2027-11-07T06:30:00.000Z',
    ]);
  });

  it('Asia/Beirut, spring (2027-03-28 00:00 +02:00 -> 01:00 +03:00): a slot at the missing midnight is at 01:00', () => {
    const doctor = makeDoctor({ timeZone: 'Asia/Beirut', schedule: { sunday: [{ start: '00:00', end: '01:30' }] } });
    expect(checkSlot({ doctor, start: at('2027-03-27T22:00:00Z'), locationId: 'main', now: LONG_AGO })).toEqual({
      ok: true,
      slot: { start: at('2027-03-27T22:00:00Z'), end: at('2027-03-27T22:30:00Z'), locationIds: ['main'] },
    });
    expect(around('2027-03-28', 'Asia/Beirut', 'sunday', [{ start: '00:00', end: '01:30' }])).toEqual(['2027-03-27T22:00:00.000Z']);
  });
});

describe('generateSlots in zones with half-hour and 45-minute offsets', () => {
  const monday = [{ start: '09:00', end: '10:00' }];

  it('Asia/Kolkata (+05:30)', () => {
    expect(around('2027-01-04', 'Asia/Kolkata', 'monday', monday)).toEqual(['2027-01-04T03:30:00.000Z', '2027-01-04T04:00:00.000Z']);
  });

  it('Asia/Kathmandu (+05:45)', () => {
    expect(around('2027-01-04', 'Asia/Kathmandu', 'monday', monday)).toEqual(['2027-01-04T03:15:00.000Z', '2027-01-04T03:45:00.000Z']);
  });

  it('Australia/Adelaide (+10:30 in January, +09:30 in July)', () => {
    expect(around('2027-01-04', 'Australia/Adelaide', 'monday', monday)).toEqual(['2027-01-03T22:30:00.000Z', '2027-01-03T23:00:00.000Z']);
    expect(around('2027-07-05', 'Australia/Adelaide', 'monday', monday)).toEqual(['2027-07-04T23:30:00.000Z', '2027-07-05T00:00:00.000Z']);
  });
});

describe('generateSlots where converted intervals overlap', () => {
  it('merges equal starts around a DST gap into one slot offered at both locations', () => {
    const doctor = makeDoctor({
      timeZone: 'America/New_York',
      locations: [
        { id: 'a', address: 'A' },
        { id: 'b', address: 'B' },
      ],
      // 02:30 does not exist on 2027-03-14: the first interval ends at 03:30 EDT, after the second starts.
      schedule: { sunday: [{ start: '01:00', end: '02:30', locationIds: ['a'] }, { start: '03:00', end: '04:00', locationIds: ['b'] }] },
    });
    const slots = generateSlots({ doctor, from: at('2027-03-14T00:00:00Z'), to: at('2027-03-15T00:00:00Z'), now: LONG_AGO });
    expect(slots.map((s) => [new Date(s.start).toISOString(), s.locationIds])).toEqual([
      ['2027-03-14T06:00:00.000Z', ['a']],
      ['2027-03-14T06:30:00.000Z', ['a']],
      ['2027-03-14T07:00:00.000Z', ['a', 'b']],
      ['2027-03-14T07:30:00.000Z', ['b']],
    ]);
    expect(checkSlot({ doctor, start: at('2027-03-14T07:00:00Z'), locationId: 'b', now: LONG_AGO }).ok).toBe(true);
    expect(checkSlot({ doctor, start: at('2027-03-14T06:30:00Z'), locationId: 'b', now: LONG_AGO })).toEqual({
      ok: false,
      code: 'LOCATION_NOT_SERVED',
    });
  });

  it("merges an hours override that opens inside the previous date's interval, and filters the merged slot by location and busy time", () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      rules: { slotLength: 'PT60M' },
      locations: [
        { id: 'a', address: 'A' },
        { id: 'b', address: 'B' },
      ],
      schedule: { monday: [{ start: '22:00', end: '02:00', locationIds: ['a'] }] },
      overrides: [{ kind: 'hours', from: '2027-01-05', intervals: [{ start: '00:00', end: '03:00', locationIds: ['b'] }] }],
    });
    const query = { doctor, from: at('2027-01-04T00:00:00Z'), to: at('2027-01-06T00:00:00Z'), now: LONG_AGO };
    expect(generateSlots(query).map((s) => [new Date(s.start).toISOString(), s.locationIds])).toEqual([
      ['2027-01-04T22:00:00.000Z', ['a']],
      ['2027-01-04T23:00:00.000Z', ['a']],
      ['2027-01-05T00:00:00.000Z', ['a', 'b']],
      ['2027-01-05T01:00:00.000Z', ['a', 'b']],
      ['2027-01-05T02:00:00.000Z', ['b']],
    ]);
    expect(startsOf(generateSlots({ ...query, locationId: 'b' }))).toEqual([
      '2027-01-05T00:00:00.000Z',
      '2027-01-05T01:00:00.000Z',
      '2027-01-05T02:00:00.000Z',
    ]);
    // A booking 01:00-02:00 takes the merged 01:00 slot; the 00:00 slot ends where it begins and stays.
    const busy = [{ start: at('2027-01-05T01:00:00Z'), end: at('2027-01-05T02:00:00Z') }];
    expect(startsOf(generateSlots({ ...query, busy }))).toEqual([
      '2027-01-04T22:00:00.000Z',
      '2027-01-04T23:00:00.000Z',
      '2027-01-05T00:00:00.000Z',
      '2027-01-05T02:00:00.000Z',
    ]);
  });
});

describe('generateSlots where the zone skipped a whole date', () => {
  const week = (timeZone: string, schedule: unknown, overrides: unknown[], from: string, to: string) =>
    startsOf(generateSlots({ doctor: makeDoctor({ timeZone, schedule, overrides, rules: { slotLength: 'PT60M' } }), from: at(from), to: at(to), now: 0 }));

  it('Pacific/Apia skipped Friday 2011-12-30 (-10:00 to +14:00): its Friday hours are not held on Saturday instead', () => {
    const schedule = { friday: [{ start: '09:00', end: '11:00' }] };
    expect(week('Pacific/Apia', schedule, [], '2011-12-20T00:00:00Z', '2012-01-10T00:00:00Z')).toEqual([
      '2011-12-23T19:00:00.000Z', // Friday 23rd, 09:00 -10:00
      '2011-12-23T20:00:00.000Z',
      '2012-01-05T19:00:00.000Z', // Friday 6th, 09:00 +14:00
      '2012-01-05T20:00:00.000Z',
    ]);
  });

  it('Pacific/Apia: Saturday 2011-12-31 closed is closed, whatever Friday says', () => {
    const schedule = { friday: [{ start: '09:00', end: '11:00' }], saturday: [{ start: '09:00', end: '10:00' }] };
    const overrides = [{ kind: 'closed', from: '2011-12-31' }];
    expect(week('Pacific/Apia', schedule, overrides, '2011-12-29T00:00:00Z', '2012-01-02T00:00:00Z')).toEqual([]);
    expect(week('Pacific/Apia', schedule, [], '2011-12-29T00:00:00Z', '2012-01-02T00:00:00Z')).toEqual(['2011-12-30T19:00:00.000Z']);
  });

  it('Pacific/Apia: an interval of Thursday that ends in the skipped Friday ends at that wall-clock time on Saturday', () => {
    const schedule = { thursday: [{ start: '22:00', end: '02:00' }] };
    expect(week('Pacific/Apia', schedule, [], '2011-12-29T00:00:00Z', '2011-12-31T00:00:00Z')).toEqual([
      '2011-12-30T08:00:00.000Z', // Thursday 22:00 -10:00
      '2011-12-30T09:00:00.000Z', // Thursday 23:00 -10:00
      '2011-12-30T10:00:00.000Z', // Saturday 00:00 +14:00
      '2011-12-30T11:00:00.000Z', // Saturday 01:00 +14:00
    ]);
  });

  it('Pacific/Kiritimati skipped Saturday 1994-12-31, Pacific/Kwajalein Saturday 1993-08-21', () => {
    const schedule = { saturday: [{ start: '09:00', end: '10:00' }] };
    expect(week('Pacific/Kiritimati', schedule, [], '1994-12-20T00:00:00Z', '1995-01-10T00:00:00Z')).toEqual([
      '1994-12-24T19:00:00.000Z',
      '1995-01-06T19:00:00.000Z',
    ]);
    expect(week('Pacific/Kwajalein', schedule, [], '1993-08-10T00:00:00Z', '1993-09-01T00:00:00Z')).toEqual([
      '1993-08-14T21:00:00.000Z',
      '1993-08-27T21:00:00.000Z',
    ]);
  });

  it('checkSlot refuses a start only the skipped date would give', () => {
    const doctor = makeDoctor({ timeZone: 'Pacific/Apia', schedule: { friday: [{ start: '09:00', end: '11:00' }] } });
    expect(checkSlot({ doctor, start: at('2011-12-30T19:00:00Z'), locationId: 'main', now: LONG_AGO })).toEqual({
      ok: false,
      code: 'SLOT_NOT_OFFERED',
    });
  });
});
