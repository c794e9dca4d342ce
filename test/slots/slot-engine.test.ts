import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../../src/slots/compiled-schedule.js';
import { createSlotCursor, fillSlots, isCursorDone } from '../../src/slots/slot-engine.js';
import { generateSlots, iterateSlots, type Slot } from 'clinic-slots';
import { epochDayOfLocalDate } from '../../src/time/epoch-days.js';
import { at, makeDoctor } from './doctor-fixture.js';

const DAY = 86_400_000;
const EVERY_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, [{ start: '09:00', end: '12:00' }]]),
);
const NOTHING_BUSY = { starts: [], ends: [] };
const END_OF_TIME = 253_402_300_799_999;

describe('the slot engine', () => {
  it('keeps only a few days of pending intervals while a long range is read lazily', () => {
    // In Paris a date's intervals end after its UTC midnight, so some are always pending.
    const compiled = compileSchedule(makeDoctor({ timeZone: 'Europe/Paris', schedule: EVERY_DAY }));
    const from = at('2027-01-01T00:00:00Z');
    const cursor = createSlotCursor(compiled, from, from + 20 * 365 * DAY, NOTHING_BUSY, undefined);
    const out: Slot[] = [];
    let days = 0;
    while (days < 5000 && !isCursorDone(cursor)) {
      out.length = 0;
      fillSlots(cursor, out, false);
      days++;
    }
    expect(days).toBe(5000);
    expect(cursor.starts.length).toBeLessThan(2000);
    expect(cursor.ends.length).toBe(cursor.starts.length);
    expect(cursor.locations.length).toBe(cursor.starts.length);
  });

  it('gives the same slots lazily as generateSlots over a range long enough to compact the pending intervals', () => {
    const day = [{ start: '08:00', end: '09:00' }, { start: '10:00', end: '11:30' }, { start: '13:00', end: '14:00' }, { start: '15:00', end: '16:00' }];
    const schedule = { ...Object.fromEntries(Object.keys(EVERY_DAY).map((d) => [d, day])), friday: [...day, { start: '22:00', end: '02:00' }] };
    const doctor = makeDoctor({ timeZone: 'Australia/Lord_Howe', schedule });
    const from = at('2027-01-01T00:00:00Z');
    const query = { doctor, from, to: from + 400 * DAY, now: 0 };
    const all = generateSlots(query);
    expect(all.length).toBeGreaterThan(400 * 6);
    expect([...iterateSlots(query)]).toEqual(all);
  });

  it('reads no date at all for a location the doctor does not have', () => {
    const compiled = compileSchedule(makeDoctor({ timeZone: 'Europe/Paris', schedule: EVERY_DAY }));
    const cursor = createSlotCursor(compiled, at('2027-01-01T00:00:00Z'), END_OF_TIME, NOTHING_BUSY, 'nowhere');
    expect(isCursorDone(cursor)).toBe(true);
  });

  it('reads no date after the last override when the weekly schedule is closed, or open only elsewhere', () => {
    const doctor = makeDoctor({
      timeZone: 'Europe/Paris',
      locations: [
        { id: 'north', address: 'N' },
        { id: 'south', address: 'S' },
      ],
      schedule: { monday: [{ start: '09:00', end: '12:00', locationIds: ['north'] }] },
      overrides: [
        { kind: 'hours', from: '2027-03-01', to: '2027-03-02', intervals: [{ start: '09:00', end: '10:00' }] },
        { kind: 'closed', from: '2027-02-01' },
      ],
    });
    const compiled = compileSchedule(doctor);
    const lastOverride = epochDayOfLocalDate('2027-03-02');
    const south = createSlotCursor(compiled, at('2027-01-01T00:00:00Z'), END_OF_TIME, NOTHING_BUSY, 'south');
    expect(south.lastDay).toBeLessThanOrEqual(lastOverride);
    const north = createSlotCursor(compiled, at('2027-01-01T00:00:00Z'), END_OF_TIME, NOTHING_BUSY, 'north');
    expect(north.lastDay).toBeGreaterThan(lastOverride);
    const retired = compileSchedule({ ...doctor, schedule: {} });
    expect(createSlotCursor(retired, at('2027-01-01T00:00:00Z'), END_OF_TIME, NOTHING_BUSY, undefined).lastDay).toBeLessThanOrEqual(lastOverride);
    expect(isCursorDone(createSlotCursor(retired, at('2027-04-01T00:00:00Z'), END_OF_TIME, NOTHING_BUSY, undefined))).toBe(true);
  });
});
