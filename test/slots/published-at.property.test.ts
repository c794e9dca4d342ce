import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlot, generateSlots, type Slot } from 'clinic-slots';
import { compileSchedule, type CompiledSchedule } from '../../src/slots/compiled-schedule.js';
import { publishedAt } from '../../src/slots/check-slot.js';
import { createSlotCursor, fillSlots } from '../../src/slots/slot-engine.js';
import { DAY, MINUTE, scenarioArb } from './arbitraries.js';
import { LONG_AGO, at, makeDoctor } from './doctor-fixture.js';
import { runs } from '../support/runs.js';

/** The engine of generateSlots run on the single instant `start`, nothing busy. */
function engineAt(compiled: CompiledSchedule, start: number): readonly string[] | undefined {
  const found: Slot[] = [];
  fillSlots(createSlotCursor(compiled, start, start, { starts: [], ends: [] }, undefined), found, true);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.locationIds;
}

/** At most `n` of `values`, spread over them. */
const spread = <T>(values: readonly T[], n: number): T[] => values.filter((_, i) => i % Math.ceil(values.length / n) === 0);

describe('publishedAt', () => {
  it('finds the slot the engine publishes at an instant, and only that one (property)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.integer({ min: -2 * 1440, max: 8 * 1440 }), { maxLength: 20 }), (s, minutes) => {
        const compiled = compileSchedule(s.doctor);
        // Starts the schedule publishes around the range, the minutes next to them, and some
        // instants anywhere near.
        const published = generateSlots({ doctor: s.doctor, from: s.from - DAY, to: s.to + DAY, now: 0 }).map((slot) => slot.start);
        const near = spread(published, 40).flatMap((t) => [t, t - MINUTE, t + MINUTE, t + compiled.slotStep - MINUTE]);
        const anywhere = minutes.map((m) => s.from + m * MINUTE);
        for (const start of [...near, ...anywhere]) {
          if (start < 0) continue;
          expect(publishedAt(compiled, start)).toEqual(engineAt(compiled, start));
        }
        for (const start of published) expect(publishedAt(compiled, start)).toBeDefined();
      }),
      { numRuns: runs(300) },
    );
  });

  it('finds a slot in an interval that opened two local dates before the UTC date of its start', () => {
    // Saturday 23:00 to Sunday 22:30 in Samoa (UTC-11) is Sunday 10:00Z to Monday 09:30Z.
    const doctor = makeDoctor({ timeZone: 'Pacific/Pago_Pago', schedule: { saturday: [{ start: '23:00', end: '22:30' }] } });
    const start = at('2027-01-04T09:00:00Z');
    expect(publishedAt(compileSchedule(doctor), start)).toEqual(['main']);
    expect(checkSlot({ doctor, start, locationId: 'main', now: LONG_AGO }).ok).toBe(true);
    expect(publishedAt(compileSchedule(doctor), start + 30 * MINUTE)).toBeUndefined();
  });

  it('offers a start that two overlapping intervals both publish at the union of their locations', () => {
    const doctor = makeDoctor({
      timeZone: 'Europe/Paris',
      locations: [{ id: 'a', address: '1 A St' }, { id: 'b', address: '2 B St' }],
      schedule: { tuesday: [{ start: '09:00', end: '12:00', locationIds: ['b'] }] },
      // Monday 22:00 to Tuesday 12:00 at a: it overlaps Tuesday's hours at b.
      overrides: [{ kind: 'hours', from: '2027-01-04', intervals: [{ start: '22:00', end: '12:00', locationIds: ['a'] }] }],
    });
    const start = at('2027-01-05T09:00:00+01:00');
    const listed = generateSlots({ doctor, from: start - DAY, to: start + DAY, now: LONG_AGO }).find((slot) => slot.start === start);
    expect(listed?.locationIds).toEqual(['a', 'b']);
    expect(publishedAt(compileSchedule(doctor), start)).toEqual(['a', 'b']);
    expect(checkSlot({ doctor, start, locationId: 'b', now: LONG_AGO })).toEqual({ ok: true, slot: listed });
    expect(publishedAt(compileSchedule(doctor), at('2027-01-05T08:30:00+01:00'))).toEqual(['a']);
  });
});
