import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZoneOffsets } from '../../src/time/zone-offsets.js';
import { runs } from '../support/runs.js';

const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
const zoneArb = fc.constantFrom(...ZONES);
const instantArb = fc.noBias(fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2060, 0, 1) }));

/** The offset Temporal sees at an instant, in ms. */
const temporalOffset = (zone: string, instant: number) =>
  Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;

/** An instant near one of the zone's transitions when it has one after `t`, else `t`. */
function nearTransition(zone: string, t: number, shiftMinutes: number): number {
  const next = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
  return next === null ? t : next.epochMilliseconds + shiftMinutes * 60_000;
}

describe('ZoneOffsets', () => {
  it('finds the offset Temporal finds, in every zone, including right at transitions', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.integer({ min: -120, max: 120 }), fc.boolean(), (zone, t, shift, near) => {
        const instant = near ? nearTransition(zone, t, shift) : t;
        expect(ZoneOffsets.of(zone).offsetAt(instant)).toBe(temporalOffset(zone, instant));
        if (near) {
          // The millisecond before and at the transition itself.
          const at = nearTransition(zone, t, 0);
          expect(ZoneOffsets.of(zone).offsetAt(at - 1)).toBe(temporalOffset(zone, at - 1));
          expect(ZoneOffsets.of(zone).offsetAt(at)).toBe(temporalOffset(zone, at));
        }
      }),
      { numRuns: runs(500) },
    );
  });

  it("converts local times to instants as Temporal does with disambiguation 'compatible', in gaps and folds too", () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.integer({ min: -150, max: 150 }), fc.boolean(), (zone, t, shift, near) => {
        const instant = near ? nearTransition(zone, t, 0) : t;
        // A local time within a few hours of the transition's local time.
        const local = Temporal.Instant.fromEpochMilliseconds(instant)
          .toZonedDateTimeISO(zone)
          .toPlainDateTime()
          .round({ smallestUnit: 'minute', roundingMode: 'floor' })
          .add({ minutes: shift });
        const localMs = Temporal.PlainDateTime.compare(local, local) === 0 ? local.toZonedDateTime('UTC').epochMilliseconds : 0;
        const expected = local.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
        expect(ZoneOffsets.of(zone).localToInstant(localMs)).toBe(expected);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('moves a skipped time forward by the gap and takes the earlier of a repeated time (New York, 2027)', () => {
    const ny = ZoneOffsets.of('America/New_York');
    expect(ny.localToInstant(Date.UTC(2027, 2, 14, 2, 30))).toBe(Date.UTC(2027, 2, 14, 7, 30)); // 03:30 EDT
    expect(ny.localToInstant(Date.UTC(2027, 10, 7, 1, 30))).toBe(Date.UTC(2027, 10, 7, 5, 30)); // 01:30 EDT
    expect(ny.localToInstant(Date.UTC(2027, 10, 7, 2, 0))).toBe(Date.UTC(2027, 10, 7, 7, 0)); // 02:00 EST
  });

  it('tells how long an offset lasts: until the next transition', () => {
    const ny = ZoneOffsets.of('America/New_York');
    expect(ny.stableSpan(Date.UTC(2027, 0, 1))).toEqual({ offset: -5 * 3_600_000, until: Date.UTC(2027, 2, 14, 7) });
    expect(ny.stableSpan(Date.UTC(2027, 2, 14, 7))).toEqual({ offset: -4 * 3_600_000, until: Date.UTC(2027, 10, 7, 6) });
    // Across New Year: the next transition is in the next year's table.
    expect(ny.stableSpan(Date.UTC(2027, 10, 7, 6))).toEqual({ offset: -5 * 3_600_000, until: Date.UTC(2028, 2, 12, 7) });
  });

  it('in a zone without transitions, answers up to the end of the next UTC year, and again from there', () => {
    const kolkata = ZoneOffsets.of('Asia/Kolkata');
    expect(kolkata.stableSpan(Date.UTC(2027, 5, 1))).toEqual({ offset: 5.5 * 3_600_000, until: Date.UTC(2029, 0, 1) });
    expect(kolkata.stableSpan(Date.UTC(2029, 0, 1))).toEqual({ offset: 5.5 * 3_600_000, until: Date.UTC(2031, 0, 1) });
  });

  it('sees the day Pacific/Apia skipped (2011-12-30, -10:00 to +14:00)', () => {
    const apia = ZoneOffsets.of('Pacific/Apia');
    const jump = Date.UTC(2011, 11, 30, 10);
    expect(apia.offsetAt(jump - 1)).toBe(temporalOffset('Pacific/Apia', jump - 1));
    expect(apia.offsetAt(jump)).toBe(temporalOffset('Pacific/Apia', jump));
    expect(apia.stableSpan(jump - 1000).until).toBe(jump);
  });

  it('agrees with the offset at every instant of a span it reports', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.double({ min: 0, max: 1, noNaN: true }), (zone, t, where) => {
        const { offset, until } = ZoneOffsets.of(zone).stableSpan(t);
        expect(until).toBeGreaterThan(t);
        const inside = t + Math.floor((until - 1 - t) * where);
        expect(temporalOffset(zone, inside)).toBe(offset);
        expect(temporalOffset(zone, until - 1)).toBe(offset);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('ZoneOffsets.of', () => {
  it('shares one table per zone, whatever the case of its name', () => {
    expect(ZoneOffsets.of('europe/paris')).toBe(ZoneOffsets.of('Europe/Paris'));
    expect(ZoneOffsets.of('EUROPE/PARIS').offsetAt(Date.UTC(2027, 6, 1))).toBe(2 * 3_600_000);
  });
});

describe('ZoneOffsets#skipsDate', () => {
  const day = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

  it('knows the local dates a zone skipped entirely, and only those', () => {
    expect(ZoneOffsets.of('Pacific/Apia').skipsDate(day('2011-12-30'))).toBe(true);
    expect(ZoneOffsets.of('Pacific/Kiritimati').skipsDate(day('1994-12-31'))).toBe(true);
    expect(ZoneOffsets.of('Pacific/Kwajalein').skipsDate(day('1993-08-21'))).toBe(true);
    for (const date of ['2011-12-29', '2011-12-31', '2012-01-01']) expect(ZoneOffsets.of('Pacific/Apia').skipsDate(day(date))).toBe(false);
    // A gap of an hour, and a gap at midnight: the date is still there.
    expect(ZoneOffsets.of('America/New_York').skipsDate(day('2027-03-14'))).toBe(false);
    expect(ZoneOffsets.of('America/Santiago').skipsDate(day('2027-09-05'))).toBe(false);
  });

  it('agrees with Temporal: a date is skipped exactly when its start of day falls on another date (property)', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.integer({ min: -2, max: 2 }), fc.boolean(), (zone, t, shift, near) => {
        const instant = near ? nearTransition(zone, t, 0) : t;
        const date = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone).toPlainDate().add({ days: shift });
        const skipped = !date.toZonedDateTime(zone).toPlainDate().equals(date);
        expect(ZoneOffsets.of(zone).skipsDate(Math.floor(date.toZonedDateTime('UTC').epochMilliseconds / 86_400_000))).toBe(skipped);
      }),
      { numRuns: runs(500) },
    );
  });
});
