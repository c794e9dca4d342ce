import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateOverrideSchema, InstantSchema, TextSchema, WeeklyScheduleSchema, durationToMinutes } from 'clinic-slots';

describe('WeeklyScheduleSchema', () => {
  it('accepts separate intervals and one crossing midnight', () => {
    expect(
      WeeklyScheduleSchema.safeParse({
        monday: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }],
        friday: [{ start: '22:00', end: '02:00' }],
      }).success,
    ).toBe(true);
  });
  it('refuses overlapping intervals of one day', () => {
    expect(WeeklyScheduleSchema.safeParse({ monday: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }).success).toBe(false);
  });
  it('refuses an interval crossing midnight into the next day\'s interval, also from Sunday to Monday', () => {
    expect(WeeklyScheduleSchema.safeParse({ monday: [{ start: '22:00', end: '02:00' }], tuesday: [{ start: '01:00', end: '05:00' }] }).success).toBe(false);
    expect(WeeklyScheduleSchema.safeParse({ sunday: [{ start: '22:00', end: '02:00' }], monday: [{ start: '01:00', end: '05:00' }] }).success).toBe(false);
  });
  it('refuses an empty interval and unknown weekdays', () => {
    expect(WeeklyScheduleSchema.safeParse({ monday: [{ start: '09:00', end: '09:00' }] }).success).toBe(false);
    expect(WeeklyScheduleSchema.safeParse({ funday: [] }).success).toBe(false);
  });
});

describe('DateOverrideSchema', () => {
  it('refuses a range that ends before it starts, and impossible dates', () => {
    expect(DateOverrideSchema.safeParse({ kind: 'closed', from: '2027-12-26', to: '2027-12-24' }).success).toBe(false);
    expect(DateOverrideSchema.safeParse({ kind: 'closed', from: '2027-02-30' }).success).toBe(false);
  });

  it('refuses closed hours that name locations (a closure takes the hours out at every location)', () => {
    const closed = { kind: 'closed', from: '2027-12-24', intervals: [{ start: '09:00', end: '12:00' }] };
    expect(DateOverrideSchema.safeParse(closed).success).toBe(true);
    const result = DateOverrideSchema.safeParse({ ...closed, intervals: [{ start: '09:00', end: '12:00', locationIds: ['north'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['intervals', 0, 'locationIds']);
    expect(
      DateOverrideSchema.safeParse({ kind: 'hours', from: '2027-12-24', intervals: [{ start: '09:00', end: '12:00', locationIds: ['north'] }] }).success,
    ).toBe(true);
  });
});

describe('durationToMinutes', () => {
  it('reads weeks, days, hours and minutes, and refuses months and seconds', () => {
    expect(durationToMinutes('P1W1DT1H1M')).toBe(8 * 1440 + 61);
    expect(durationToMinutes('P1M')).toBeUndefined();
    expect(durationToMinutes('PT30S')).toBeUndefined();
    expect(durationToMinutes('P')).toBeUndefined();
    expect(durationToMinutes('PT')).toBeUndefined();
  });
});

describe('InstantSchema', () => {
  it('normalises to UTC', () => {
    expect(InstantSchema.parse('2027-01-04T09:00:00-05:00')).toBe('2027-01-04T14:00:00.000Z');
  });
});

describe('TextSchema', () => {
  it('keeps quotes, emoji and SQL verbatim, and refuses NUL and lone surrogates', () => {
    expect(TextSchema.parse("O'Brien 🩺 '; DROP TABLE x; --")).toBe("O'Brien 🩺 '; DROP TABLE x; --");
    expect(TextSchema.safeParse('a\u0000b').success).toBe(false);
    expect(TextSchema.safeParse('a\uD83Db').success).toBe(false);
    expect(TextSchema.safeParse('a\uDE00').success).toBe(false);
  });

  it('accepts a string exactly when it holds no lone surrogate (oracle: encodeURIComponent throws on one)', () => {
    const wellFormed = (s: string) => {
      try {
        encodeURIComponent(s);
        return true;
      } catch {
        return false;
      }
    };
    const unit = fc.constantFrom('a', 'é', '🩺', '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uFFFF');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (tail) => {
        const text = `x${tail}`;
        expect(TextSchema.safeParse(text).success).toBe(wellFormed(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('DateOverrideSchema closed hours', () => {
  it('refuses an empty list of closed hours, which would close nothing', () => {
    expect(DateOverrideSchema.safeParse({ kind: 'closed', from: '2027-12-24', intervals: [] }).success).toBe(false);
    expect(DateOverrideSchema.safeParse({ kind: 'closed', from: '2027-12-24' }).success).toBe(true);
    expect(DateOverrideSchema.safeParse({ kind: 'hours', from: '2027-12-24', intervals: [] }).success).toBe(true);
  });
});
