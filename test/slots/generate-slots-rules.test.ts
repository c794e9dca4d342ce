import { describe, expect, it } from 'vitest';
import { checkSlot, generateSlots, iterateSlots, type Doctor } from 'clinic-slots';
import { LONG_AGO, at, makeDoctor, startsOf } from './doctor-fixture.js';

const WEEKDAY_HOURS = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]]),
);

/** Slot starts of one UTC day (the doctor works in UTC), as HH:MM. */
function hoursOn(doctor: Doctor, date: string, extra: { now?: number; busy?: Array<{ start: number; end: number }> } = {}) {
  const from = at(`${date}T00:00:00Z`);
  return generateSlots({ doctor, from, to: from + 86_400_000, now: extra.now ?? LONG_AGO, busy: extra.busy }).map((s) =>
    new Date(s.start).toISOString().slice(11, 16),
  );
}

const ALL_DAY = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'];

describe('generateSlots with date overrides', () => {
  it('publishes the weekly hours when no override covers the date', () => {
    expect(hoursOn(makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS }), '2027-01-04')).toEqual(ALL_DAY);
  });

  it('closes a whole day, and every day of a closed range', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      schedule: WEEKDAY_HOURS,
      overrides: [{ kind: 'closed', from: '2027-01-05' }, { kind: 'closed', from: '2027-01-07', to: '2027-01-08' }],
    });
    expect(hoursOn(doctor, '2027-01-05')).toEqual([]);
    expect(hoursOn(doctor, '2027-01-06')).toEqual(ALL_DAY);
    expect(hoursOn(doctor, '2027-01-07')).toEqual([]);
    expect(hoursOn(doctor, '2027-01-08')).toEqual([]);
  });

  it('takes closed hours out, and steps the rest of the interval from its new start', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      schedule: WEEKDAY_HOURS,
      overrides: [{ kind: 'closed', from: '2027-01-04', intervals: [{ start: '10:00', end: '11:15' }] }],
    });
    expect(hoursOn(doctor, '2027-01-04')).toEqual(['09:00', '09:30', '11:15', ...ALL_DAY.slice(6)]);
  });

  it('replaces the hours of a date, also on a day the weekly schedule leaves closed', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      schedule: WEEKDAY_HOURS,
      overrides: [{ kind: 'hours', from: '2027-01-09', intervals: [{ start: '10:00', end: '12:00' }] }],
    });
    expect(hoursOn(doctor, '2027-01-09')).toEqual(['10:00', '10:30', '11:00', '11:30']);
  });

  it('lets the hours override listed last win, and a closure beat any hours', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      schedule: WEEKDAY_HOURS,
      overrides: [
        { kind: 'closed', from: '2027-01-07', intervals: [{ start: '08:00', end: '08:30' }] },
        { kind: 'hours', from: '2027-01-04', to: '2027-01-08', intervals: [{ start: '08:00', end: '09:00' }] },
        { kind: 'hours', from: '2027-01-06', intervals: [{ start: '14:00', end: '15:00' }] },
        { kind: 'closed', from: '2027-01-08' },
      ],
    });
    expect(hoursOn(doctor, '2027-01-05')).toEqual(['08:00', '08:30']);
    expect(hoursOn(doctor, '2027-01-06')).toEqual(['14:00', '14:30']);
    expect(hoursOn(doctor, '2027-01-07')).toEqual(['08:30']);
    expect(hoursOn(doctor, '2027-01-08')).toEqual([]);
  });

  it('acts only on the intervals that belong to its dates (an interval belongs to the date it starts on)', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      rules: { slotLength: 'PT60M' },
      schedule: { monday: [{ start: '22:00', end: '02:00' }] },
      overrides: [
        { kind: 'closed', from: '2027-01-05' }, // Tuesday: Monday's interval still runs into it
        { kind: 'closed', from: '2027-01-11', intervals: [{ start: '23:00', end: '01:00' }] }, // crosses midnight too
      ],
    });
    const slots = (from: string, to: string) => startsOf(generateSlots({ doctor, from: at(from), to: at(to), now: LONG_AGO }));
    expect(slots('2027-01-04T00:00:00Z', '2027-01-06T00:00:00Z')).toEqual([
      '2027-01-04T22:00:00.000Z',
      '2027-01-04T23:00:00.000Z',
      '2027-01-05T00:00:00.000Z',
      '2027-01-05T01:00:00.000Z',
    ]);
    expect(slots('2027-01-11T00:00:00Z', '2027-01-13T00:00:00Z')).toEqual(['2027-01-11T22:00:00.000Z', '2027-01-12T01:00:00.000Z']);
  });
});

describe('generateSlots with rules, busy times and locations', () => {
  it('steps starts by slotStep from each interval start, keeping only slots that fit', () => {
    const doctor = makeDoctor({ timeZone: 'UTC', schedule: { monday: [{ start: '09:00', end: '10:10' }] }, rules: { slotLength: 'PT30M', slotStep: 'PT20M' } });
    expect(hoursOn(doctor, '2027-01-04')).toEqual(['09:00', '09:20', '09:40']);
  });

  it('keeps buffered busy times free, but a slot ending where a buffered busy time begins stays', () => {
    const doctor = makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS, rules: { slotLength: 'PT30M', bufferBefore: 'PT15M', bufferAfter: 'PT10M' } });
    const busy = [{ start: at('2027-01-04T10:15:00Z'), end: at('2027-01-04T10:45:00Z') }];
    // Widened to 10:00-10:55: 09:30-10:00 ends where it begins.
    expect(hoursOn(doctor, '2027-01-04', { busy }).slice(0, 4)).toEqual(['09:00', '09:30', '11:00', '11:30']);
  });

  it('accepts busy times in any order, overlapping each other', () => {
    const doctor = makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS });
    const busy = [
      { start: at('2027-01-04T15:00:00Z'), end: at('2027-01-04T16:00:00Z') },
      { start: at('2027-01-04T09:00:00Z'), end: at('2027-01-04T10:00:00Z') },
      { start: at('2027-01-04T09:30:00Z'), end: at('2027-01-04T11:00:00Z') },
      { start: at('2027-01-04T15:30:00Z'), end: at('2027-01-04T15:45:00Z') },
    ];
    expect(hoursOn(doctor, '2027-01-04', { busy })).toEqual(['11:00', '11:30', '13:00', '13:30', '14:00', '14:30', '16:00', '16:30']);
  });

  it('offers nothing in the past or within the minimum notice, and nothing beyond the horizon', () => {
    const doctor = makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS, rules: { slotLength: 'PT30M', minimumNotice: 'PT2H', horizon: 'P1DT2H' } });
    const now = at('2027-01-04T08:10:00Z');
    expect(hoursOn(doctor, '2027-01-04', { now })[0]).toBe('10:30');
    expect(hoursOn(doctor, '2027-01-05', { now })).toEqual(['09:00', '09:30', '10:00']); // up to 08:10 + 26 h
    const plain = makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS });
    expect(hoursOn(plain, '2027-01-04', { now: at('2027-01-04T10:15:00Z') })[0]).toBe('10:30');
    expect(hoursOn(plain, '2027-01-04', { now: at('2027-01-04T10:30:00Z') })[0]).toBe('10:30');
  });

  it('offers each interval at its locations, and filters by location', () => {
    const doctor = makeDoctor({
      timeZone: 'UTC',
      locations: [
        { id: 'north', address: 'N' },
        { id: 'south', address: 'S' },
      ],
      schedule: { monday: [{ start: '09:00', end: '10:00', locationIds: ['south'] }, { start: '10:00', end: '11:00' }] },
    });
    const query = { doctor, from: at('2027-01-04T00:00:00Z'), to: at('2027-01-05T00:00:00Z'), now: LONG_AGO };
    expect(generateSlots(query).map((s) => s.locationIds)).toEqual([['south'], ['south'], ['north', 'south'], ['north', 'south']]);
    expect(startsOf(generateSlots({ ...query, locationId: 'north' }))).toEqual(['2027-01-04T10:00:00.000Z', '2027-01-04T10:30:00.000Z']);
    expect(generateSlots({ ...query, locationId: 'west' })).toEqual([]);
    // Slots of one interval share one frozen array.
    const [first, second] = generateSlots(query);
    expect(first!.locationIds).toBe(second!.locationIds);
    expect(Object.isFrozen(first!.locationIds)).toBe(true);
  });

  it('takes a slot into the range by its start, [from, to)', () => {
    const doctor = makeDoctor({ timeZone: 'UTC', schedule: WEEKDAY_HOURS });
    const slots = generateSlots({ doctor, from: at('2027-01-04T09:30:00Z'), to: at('2027-01-04T10:30:00Z'), now: LONG_AGO });
    expect(startsOf(slots)).toEqual(['2027-01-04T09:30:00.000Z', '2027-01-04T10:00:00.000Z']);
    expect(generateSlots({ doctor, from: at('2027-01-04T10:00:00Z'), to: at('2027-01-04T10:00:00Z'), now: LONG_AGO })).toEqual([]);
  });
});

describe('iterateSlots', () => {
  it('reads a range of any length lazily, a date at a time', () => {
    const doctor = makeDoctor({ timeZone: 'Europe/Paris', schedule: WEEKDAY_HOURS });
    const iterator = iterateSlots({ doctor, from: at('2027-01-01T00:00:00Z'), to: at('9999-12-31T00:00:00Z'), now: LONG_AGO });
    const first = [iterator.next().value, iterator.next().value].map((s) => s && new Date(s.start).toISOString());
    expect(first).toEqual(['2027-01-01T08:00:00.000Z', '2027-01-01T08:30:00.000Z']);
  });
});

describe('checkSlot', () => {
  const doctor = makeDoctor({
    timeZone: 'UTC',
    locations: [
      { id: 'north', address: 'N' },
      { id: 'south', address: 'S' },
    ],
    schedule: { monday: [{ start: '09:00', end: '12:00', locationIds: ['north'] }] },
    rules: { slotLength: 'PT30M', minimumNotice: 'PT1H', horizon: 'P7D', bufferAfter: 'PT5M' },
  });
  const now = at('2027-01-04T08:00:00Z');
  const start = at('2027-01-04T10:00:00Z');

  it('gives the slot when it is offered and free', () => {
    expect(checkSlot({ doctor, start, locationId: 'north', now })).toEqual({
      ok: true,
      slot: { start, end: at('2027-01-04T10:30:00Z'), locationIds: ['north'] },
    });
  });

  it('refuses with the first reason that applies', () => {
    const late = at('2027-01-04T09:30:00Z');
    // The 10:00 slot claims 10:00-10:35 (5 minutes of buffer after): a busy time (a claim) that
    // ends at 10:00, or starts at 10:35, touches it; one a minute longer overlaps it.
    const taken = [{ start: at('2027-01-04T09:00:00Z'), end: at('2027-01-04T10:00:00Z') }, { start: at('2027-01-04T10:35:00Z'), end: at('2027-01-04T11:00:00Z') }];
    const overlapping = [{ start: at('2027-01-04T10:34:00Z'), end: at('2027-01-04T11:00:00Z') }];
    expect(checkSlot({ doctor, start: start + 60_000, locationId: 'south', now, busy: overlapping })).toEqual({ ok: false, code: 'SLOT_NOT_OFFERED' });
    expect(checkSlot({ doctor, start: late, locationId: 'south', now, busy: overlapping })).toEqual({ ok: false, code: 'LOCATION_NOT_SERVED' });
    expect(checkSlot({ doctor, start: late, locationId: 'nowhere', now })).toEqual({ ok: false, code: 'LOCATION_NOT_SERVED' });
    expect(checkSlot({ doctor, start: late, locationId: 'north', now: late - 59 * 60_000 })).toEqual({ ok: false, code: 'TOO_LATE' });
    expect(checkSlot({ doctor, start, locationId: 'north', now: start - 8 * 86_400_000 })).toEqual({ ok: false, code: 'BEYOND_HORIZON' });
    expect(checkSlot({ doctor, start, locationId: 'north', now, busy: overlapping })).toEqual({ ok: false, code: 'SLOT_TAKEN' });
    expect(checkSlot({ doctor, start, locationId: 'north', now, busy: taken }).ok).toBe(true);
  });
});

describe('iterateSlots searching far ahead', () => {
  const doctor = makeDoctor({
    timeZone: 'Europe/Paris',
    locations: [
      { id: 'north', address: 'N' },
      { id: 'south', address: 'S' },
    ],
    schedule: { monday: [{ start: '09:00', end: '10:00', locationIds: ['north'] }] },
    overrides: [{ kind: 'hours', from: '2027-03-02', intervals: [{ start: '09:00', end: '10:00' }] }],
  });
  const query = { doctor, from: at('2027-01-01T00:00:00Z'), to: at('9999-12-31T00:00:00Z'), now: LONG_AGO };

  it('ends at once for a location the doctor does not have', () => {
    expect([...iterateSlots({ ...query, locationId: 'west' })]).toEqual([]);
  });

  it('ends after the last override when the weekly schedule never opens at that location', () => {
    expect(startsOf([...iterateSlots({ ...query, locationId: 'south' })])).toEqual(['2027-03-02T08:00:00.000Z', '2027-03-02T08:30:00.000Z']);
    expect(startsOf([...iterateSlots({ ...query, doctor: { ...doctor, schedule: {} } })])).toEqual([
      '2027-03-02T08:00:00.000Z',
      '2027-03-02T08:30:00.000Z',
    ]);
  });
});
