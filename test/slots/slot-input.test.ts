import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSlot, compileDoctor, generateSlots, isSchedulingError, iterateSlots, MAX_SLOT_RANGE_DAYS, type Doctor } from 'clinic-slots';
import {
  BoundedSlotGenerationInputSchema,
  SlotCheckInputSchema,
  readCheckInput,
  readGenerationInput,
} from '../../src/slots/slot-input.js';
import { LONG_AGO, at, makeDoctor } from './doctor-fixture.js';
import { runs } from '../support/runs.js';

const doctor = makeDoctor({ timeZone: 'Europe/Paris', schedule: { monday: [{ start: '09:00', end: '12:00' }] } });
const valid = { doctor, from: at('2027-01-04T00:00:00Z'), to: at('2027-01-11T00:00:00Z'), now: LONG_AGO };

/** The code of the error `run` throws, or 'none'. */
function codeOf(run: () => unknown): string {
  try {
    run();
    return 'none';
  } catch (error) {
    return isSchedulingError(error) ? error.code : `not a SchedulingError: ${String(error)}`;
  }
}

describe('slot generator input validation', () => {
  it.each([
    ['a NaN instant', { ...valid, from: Number.NaN }],
    ['a fractional instant', { ...valid, to: valid.to + 0.5 }],
    ['an instant before 1970', { ...valid, now: -1 }],
    ['an instant after 9999', { ...valid, to: Date.UTC(10000, 0, 1) }],
    ['a string instant', { ...valid, from: '2027-01-04T00:00:00Z' }],
    ['from after to', { ...valid, from: valid.to + 1 }],
    ['a busy time that ends at its start', { ...valid, busy: [{ start: valid.from, end: valid.from }] }],
    ['a busy list that is not an array', { ...valid, busy: { start: 1, end: 2 } }],
    ['a malformed location id', { ...valid, locationId: 'no spaces allowed' }],
    ['a doctor that is not one', { ...valid, doctor: { ...doctor, timeZone: 'Mars/Olympus_Mons' } }],
    ['no doctor', { ...valid, doctor: null }],
    ['no input', null],
  ])('refuses %s with VALIDATION_FAILED, from generateSlots and iterateSlots', (_, input) => {
    expect(codeOf(() => generateSlots(input as never))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => iterateSlots(input as never))).toBe('VALIDATION_FAILED'); // at the call, not at next()
  });

  it(`limits generateSlots to ${MAX_SLOT_RANGE_DAYS} days, but not iterateSlots`, () => {
    const to = valid.from + MAX_SLOT_RANGE_DAYS * 86_400_000;
    expect(codeOf(() => generateSlots({ ...valid, to }))).toBe('none');
    expect(codeOf(() => generateSlots({ ...valid, to: to + 1 }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => iterateSlots({ ...valid, to: to + 1 }).next())).toBe('none');
  });

  it('attaches the issues, with the path of the wrong field', () => {
    try {
      generateSlots({ ...valid, busy: [{ start: 1, end: 2 }, { start: 5, end: 3 }] });
      expect.unreachable();
    } catch (error) {
      expect(isSchedulingError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: Array<{ path: unknown[] }> }).issues[0]!.path).toEqual(['busy', 1, 'end']);
    }
  });

  it('refuses an input whose getter throws with VALIDATION_FAILED, not the getter error', () => {
    const input = { ...valid, get busy(): never { throw new Error('boom'); } };
    expect(codeOf(() => generateSlots(input))).toBe('VALIDATION_FAILED');
  });

  it('refuses a bad checkSlot input with VALIDATION_FAILED', () => {
    const check = { doctor, start: at('2027-01-04T08:00:00Z'), locationId: 'main', now: LONG_AGO };
    expect(codeOf(() => checkSlot(check))).toBe('none');
    expect(codeOf(() => checkSlot({ ...check, locationId: undefined } as never))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkSlot({ ...check, start: Number.POSITIVE_INFINITY }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkSlot({ ...check, busy: [null] } as never))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkSlot({ ...check, doctor: {} as Doctor }))).toBe('VALIDATION_FAILED');
  });

  it('validates and compiles a compiled doctor once, and reads nothing of the doctor after', () => {
    let reads = 0;
    const watched = new Proxy(doctor, {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const compiled = compileDoctor(watched);
    const first = reads;
    expect(first).toBeGreaterThan(0);
    const slots = generateSlots({ ...valid, doctor: compiled });
    checkSlot({ doctor: compiled, start: valid.from, locationId: 'main', now: LONG_AGO });
    expect(reads).toBe(first);
    // The same slots as the plain doctor gives, which is validated and compiled on every call.
    expect(generateSlots({ ...valid, doctor: watched })).toEqual(slots);
    expect(reads).toBeGreaterThan(first);
    // An invalid doctor is refused by compileDoctor and by every call that is given it.
    const broken = { ...doctor, locations: [] } as Doctor;
    expect(codeOf(() => compileDoctor(broken))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => generateSlots({ ...valid, doctor: broken }))).toBe('VALIDATION_FAILED');
  });

  it('accepts exactly what its zod schema accepts (the fast check and the schema agree)', () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.constantFrom(-1, 253_402_300_800_000, 0.5, Number.NaN, Number.POSITIVE_INFINITY, -0),
      fc.double(),
      fc.string(),
      fc.constant(undefined),
    );
    const busy = fc.option(fc.array(fc.oneof(fc.record({ start: instant, end: instant }), fc.anything()), { maxLength: 3 }), { nil: undefined });
    const id = fc.option(fc.oneof(fc.constantFrom('main', 'a.b:c-d_e', '', 'x'.repeat(129), 'a b'), fc.string(), fc.integer()), { nil: undefined });
    const generation = fc.record({ doctor: fc.constantFrom<unknown>(doctor, null, 'doctor'), from: instant, to: instant, now: instant, busy, locationId: id });
    fc.assert(
      fc.property(generation, (input) => {
        const fast = codeOf(() => readGenerationInput(input, true));
        expect(fast === 'none').toBe(BoundedSlotGenerationInputSchema.safeParse(input).success);
        const check = { ...input, start: input.from };
        expect(codeOf(() => readCheckInput(check)) === 'none').toBe(SlotCheckInputSchema.safeParse(check).success);
      }),
      { numRuns: runs(2000) },
    );
  });
});
