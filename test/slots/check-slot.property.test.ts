import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlot, generateSlots, type Doctor } from 'clinic-slots';
import { DAY, MINUTE, scenarioArb } from './arbitraries.js';
import { rulesOf } from './reference.js';
import { runs } from '../support/runs.js';

/** The same doctor without notice, horizon or buffers: what the schedule itself publishes. */
const scheduleOnly = (doctor: Doctor): Doctor => ({
  ...doctor,
  rules: { slotLength: doctor.rules.slotLength, ...(doctor.rules.slotStep ? { slotStep: doctor.rules.slotStep } : {}) },
});

describe('checkSlot agrees with generateSlots (property)', () => {
  it('accepts exactly the starts generateSlots offers at that location, and refuses with the first reason that applies', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.nat(),
        fc.constantFrom('pick', 'pick', 'shifted', 'random'),
        fc.constantFrom('a', 'b', 'c', 'elsewhere'),
        fc.integer({ min: 0, max: 2 * 1440 }),
        fc.integer({ min: 1, max: 2 * 1440 }),
        fc.constantFrom('as drawn', 'at notice', 'inside notice', 'at horizon', 'past horizon'),
        fc.constantFrom('as drawn', 'touching', 'overlapping'),
        (scenario, pick, how, locationId, before, after, nowCase, busyCase) => {
          let s = scenario;
          const published = generateSlots({ doctor: scheduleOnly(s.doctor), from: s.from - DAY, to: s.to + DAY, now: 0 });
          let start = s.from + (pick % Math.max(1, s.to - s.from + 1));
          start = Math.floor(start / MINUTE) * MINUTE;
          if (published.length > 0 && how !== 'random') {
            start = published[pick % published.length]!.start + (how === 'shifted' ? ((pick % 7) - 3) * MINUTE : 0);
          }
          // Put `now` and the busy times right at the edges of the rules, where off-by-ones live.
          const rules = rulesOf(s.doctor);
          const nowFor = {
            'as drawn': s.now,
            'at notice': start - rules.notice,
            'inside notice': start - rules.notice + MINUTE,
            'at horizon': start - (rules.horizon ?? 0),
            'past horizon': start - (rules.horizon ?? 0) - MINUTE,
          }[nowCase];
          const edge = { start: start + rules.length + rules.after, end: start + rules.length + rules.after + 30 * MINUTE };
          const busyFor = {
            'as drawn': s.busy,
            touching: [...s.busy, edge, { start: start - 30 * MINUTE - rules.before, end: start - rules.before }],
            overlapping: [...s.busy, { start: edge.start - MINUTE, end: edge.end }],
          }[busyCase];
          s = { ...s, now: Math.max(0, nowFor), busy: busyFor.filter((b) => b.start >= 0) };
          const check = checkSlot({ doctor: s.doctor, start, locationId, now: s.now, busy: s.busy });
          const listed = generateSlots({
            doctor: s.doctor,
            from: start - before * MINUTE,
            to: start + after * MINUTE,
            now: s.now,
            busy: s.busy,
            locationId,
          }).find((slot) => slot.start === start);
          expect(check.ok).toBe(listed !== undefined);
          // And independently of generateSlots' filters: the reasons in their documented order.
          const { notice, horizon, length, before: bufferBefore, after: bufferAfter } = rules;
          const inSchedule = published.find((slot) => slot.start === start);
          // The slot's claim [start - bufferBefore, end + bufferAfter) meets a busy time (a claim).
          const taken = s.busy.some((b) => b.start < start + length + bufferAfter && b.end > start - bufferBefore);
          const expected =
            inSchedule === undefined
              ? 'SLOT_NOT_OFFERED'
              : !inSchedule.locationIds.includes(locationId)
                ? 'LOCATION_NOT_SERVED'
                : start < s.now + notice
                  ? 'TOO_LATE'
                  : horizon !== undefined && start > s.now + horizon
                    ? 'BEYOND_HORIZON'
                    : taken
                      ? 'SLOT_TAKEN'
                      : 'ok';
          expect(check.ok ? 'ok' : check.code).toBe(expected);
          if (check.ok) expect(check.slot).toEqual(listed);
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
