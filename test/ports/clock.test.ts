import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedulingError, fixedClock } from 'clinic-slots';

const START = '2027-01-04T08:00:00Z';

/** Calls `f` and returns the code of the SchedulingError it threw; fails if it threw anything else or nothing. */
function codeThrownBy(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof SchedulingError) return error.code;
    throw new Error(`threw ${Object.prototype.toString.call(error)} instead of a SchedulingError: ${String(error)}`);
  }
  throw new Error('threw nothing');
}

const hostile = new Proxy(
  {},
  {
    get: () => {
      throw new Error('boom');
    },
    getPrototypeOf: () => {
      throw new Error('boom');
    },
  },
);

/** What fixedClock, set and advance must refuse, by name: values that are not an instant of the library. */
const notInstants: Record<string, unknown> = {
  "'nope'": 'nope',
  "''": '',
  'a date-time without an offset (it would mean the host\'s local time)': '2027-01-04T08:00:00',
  'a month 13': '2027-13-01T00:00:00Z',
  'an instant before 1970': '1969-12-31T23:59:59Z',
  'an invalid Date': new Date(Number.NaN),
  'a Date before 1970': new Date('1969-01-01T00:00:00Z'),
  'epoch milliseconds': Date.parse(START),
  null: null,
  undefined: undefined,
  '{}': {},
  'an object without a prototype': Object.create(null),
  'a symbol': Symbol('x'),
  'a bigint': 10n,
  'a proxy whose traps throw': hostile,
};

describe('fixedClock', () => {
  it('starts at an ISO 8601 instant or a Date, and moves with set and advance', () => {
    const clock = fixedClock(START);
    expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2027-01-04T08:01:30.000Z');
    clock.advance(-30_000);
    expect(clock.now().toISOString()).toBe('2027-01-04T08:01:00.000Z');
    clock.set(new Date('2027-02-01T00:00:00+01:00'));
    expect(clock.now().toISOString()).toBe('2027-01-31T23:00:00.000Z');
    expect(fixedClock(new Date('2030-06-01T12:00:00Z')).now().toISOString()).toBe('2030-06-01T12:00:00.000Z');
  });

  it('gives a fresh Date each time, so a caller cannot move it by mutating one', () => {
    const clock = fixedClock(START);
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');
  });

  it.each(Object.entries(notInstants))(
    'refuses to start at %s with VALIDATION_FAILED',
    (_name, value) => {
      expect(codeThrownBy(() => fixedClock(value as string))).toBe('VALIDATION_FAILED');
    },
  );

  it('refuses to be set to anything but an instant, with VALIDATION_FAILED, and keeps its time', () => {
    const clock = fixedClock(START);
    for (const value of Object.values(notInstants)) {
      expect(codeThrownBy(() => clock.set(value as string))).toBe('VALIDATION_FAILED');
      expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');
    }
  });

  it('refuses to advance by anything but a finite number of milliseconds, with VALIDATION_FAILED, and keeps its time', () => {
    const clock = fixedClock(START);
    for (const value of [Number.NaN, Infinity, -Infinity, '1000', null, undefined, 10n, {}, hostile]) {
      expect(codeThrownBy(() => clock.advance(value as number))).toBe('VALIDATION_FAILED');
      expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');
    }
  });

  it('refuses to advance out of the years 1970 to 9999, with VALIDATION_FAILED, and keeps its time', () => {
    const clock = fixedClock(START);
    for (const ms of [1e300, -1e300, Date.parse('9999-01-01T00:00:00Z'), -Date.parse(START) - 1]) {
      expect(codeThrownBy(() => clock.advance(ms))).toBe('VALIDATION_FAILED');
      expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');
    }
  });

  it('throws nothing but SchedulingError for any value, from fixedClock, set or advance', () => {
    const clock = fixedClock(START);
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withBoxedValues: true, withNullPrototype: true, withTypedArray: true }), (value) => {
        for (const call of [() => fixedClock(value as string), () => clock.set(value as string), () => clock.advance(value as number)]) {
          try {
            call();
          } catch (error) {
            expect(error).toBeInstanceOf(SchedulingError);
            expect((error as SchedulingError).code).toBe('VALIDATION_FAILED');
          }
        }
        clock.set(START);
      }),
      { numRuns: 500 },
    );
  });
});
