import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  dateFromEpochDay,
  epochDayFromDate,
  epochDayOfLocalDate,
  weekdayIndexOfEpochDay,
} from '../../src/time/epoch-days.js';
import { runs } from '../support/runs.js';

const dateArb = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });

describe('epoch days', () => {
  it('counts days since 1970-01-01 as Date.UTC does, both ways', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const day = epochDayFromDate(y, m, d);
        expect(day).toBe(Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY));
        expect(dateFromEpochDay(day)).toEqual({ year: y, month: m, day: d });
      }),
      { numRuns: runs(2000) },
    );
  });

  it('knows the weekday, Monday first, as Date#getUTCDay does', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const day = Math.floor(date.getTime() / MS_PER_DAY);
        expect(weekdayIndexOfEpochDay(day)).toBe((date.getUTCDay() + 6) % 7);
      }),
      { numRuns: runs(2000) },
    );
  });

  it('reads ISO dates, leap days and dates before 1970 included', () => {
    expect(epochDayOfLocalDate('1970-01-01')).toBe(0);
    expect(epochDayOfLocalDate('1969-12-31')).toBe(-1);
    expect(epochDayOfLocalDate('2000-02-29')).toBe(11016);
    expect(weekdayIndexOfEpochDay(epochDayOfLocalDate('2027-01-04'))).toBe(0); // a Monday
    expect(weekdayIndexOfEpochDay(epochDayOfLocalDate('1969-12-28'))).toBe(6); // a Sunday
  });
});
