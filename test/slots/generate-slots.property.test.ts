import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSlots, iterateSlots } from 'clinic-slots';
import { scenarioArb } from './arbitraries.js';
import { datesAround, referenceIntervals, referenceSlots, rulesOf } from './reference.js';
import { runs } from '../support/runs.js';

describe('generateSlots (properties over random doctors, zones, ranges and busy times)', () => {
  it('returns exactly what the Temporal reference implementation returns', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(generateSlots(s)).toEqual(referenceSlots(s));
      }),
      { numRuns: runs(300) },
    );
  });

  it('offers only step-aligned slots inside an open interval, in start order, within notice and horizon, clear of buffered busy times', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { length, step, before, after, notice, horizon } = rulesOf(s.doctor);
        const [first, last] = datesAround(s.doctor.timeZone, s.from, s.to);
        const intervals = referenceIntervals(s.doctor, first, last);
        const slots = generateSlots(s);
        slots.forEach((slot, i) => {
          if (i > 0) expect(slot.start).toBeGreaterThan(slots[i - 1]!.start);
          expect(slot.end - slot.start).toBe(length);
          expect(slot.start).toBeGreaterThanOrEqual(Math.max(s.from, s.now + notice));
          expect(slot.start).toBeLessThan(s.to);
          if (horizon !== undefined) expect(slot.start).toBeLessThanOrEqual(s.now + horizon);
          const home = intervals.filter(
            (iv) => iv.start <= slot.start && slot.end <= iv.end && (slot.start - iv.start) % step === 0,
          );
          expect(home.length, `no open interval holds ${new Date(slot.start).toISOString()}`).toBeGreaterThan(0);
          expect([...slot.locationIds].sort()).toEqual([...new Set(home.flatMap((iv) => iv.locationIds))].sort());
          if (s.locationId !== undefined) expect(slot.locationIds).toContain(s.locationId);
          // The slot's claim, widened by the buffers, meets no busy time (busy times are claims).
          for (const b of s.busy) expect(b.start < slot.end + after && b.end > slot.start - before).toBe(false);
        });
      }),
      { numRuns: runs(150) },
    );
  });

  it('answers a range split in two with the two halves joined', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, cut) => {
        const mid = s.from + Math.floor((s.to - s.from) * cut);
        expect([...generateSlots({ ...s, to: mid }), ...generateSlots({ ...s, from: mid })]).toEqual(generateSlots(s));
      }),
      { numRuns: runs(200) },
    );
  });

  it('gives the same slots through iterateSlots, lazily, as generateSlots', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect([...iterateSlots(s)]).toEqual(generateSlots(s));
      }),
      { numRuns: runs(200) },
    );
  });
});
