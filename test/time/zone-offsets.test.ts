import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../src/time/epoch-days.js';
import { ZoneOffsets } from '../../src/time/zone-offsets.js';

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
      { numRuns: 500 },
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
      { numRuns: 1000 },
    );
  });

  it('moves a skipped time forward by the gap and takes the earlier of a repeated time (New York, 2027)', () => {
    const ny = ZoneOffsets.of('America/New_York');
    expect(ny.localToInstant(Date.UTC(2027, 2, 14, 2, 30))).toBe(Date.UTC(2027, 2, 14, 7, 30)); // 03:30 EDT
    expect(ny.localToInstant(Date.UTC(2027, 10, 7, 1, 30))).toBe(Date.UTC(2027, 10, 7, 5, 30)); // 01:30 EDT
    expect(ny.localToInstant(Date.UTC(2027, 10, 7, 2, 0))).toBe(Date.UTC(2027, 10, 7, 7, 0)); // 02:00 EST
  });

  it('reports one offset for a stretch without a transition, and none across one', () => {
    const ny = ZoneOffsets.of('America/New_York');
    expect(ny.constantOffset(Date.UTC(2027, 0, 1), Date.UTC(2027, 2, 14, 6, 59, 59))).toBe(-5 * 3_600_000);
    expect(ny.constantOffset(Date.UTC(2027, 0, 1), Date.UTC(2027, 2, 14, 7))).toBeUndefined();
    expect(ny.constantOffset(Date.UTC(2027, 2, 14, 7), Date.UTC(2027, 2, 14, 7) + 30 * MS_PER_DAY)).toBe(-4 * 3_600_000);
    const kolkata = ZoneOffsets.of('Asia/Kolkata');
    expect(kolkata.constantOffset(Date.UTC(2027, 0, 1), Date.UTC(2030, 0, 1))).toBe(5.5 * 3_600_000);
  });

  it('answers for stretches that span two yearly tables', () => {
    // Pacific/Apia skipped 2011-12-30: its clocks jumped from -10:00 to +14:00 at 2011-12-30T10:00Z.
    const apia = ZoneOffsets.of('Pacific/Apia');
    const jump = Date.UTC(2011, 11, 30, 10);
    expect(apia.offsetAt(jump - 1)).toBe(temporalOffset('Pacific/Apia', jump - 1));
    expect(apia.offsetAt(jump)).toBe(temporalOffset('Pacific/Apia', jump));
    expect(apia.constantOffset(jump - 1000, Date.UTC(2012, 0, 2))).toBeUndefined();
    expect(apia.constantOffset(jump, Date.UTC(2012, 0, 2))).toBe(temporalOffset('Pacific/Apia', jump));
    // Across 1 January with no transition there, one offset.
    const paris = ZoneOffsets.of('Europe/Paris');
    expect(paris.constantOffset(Date.UTC(2026, 11, 1), Date.UTC(2027, 1, 1))).toBe(3_600_000);
  });
});
