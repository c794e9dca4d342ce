import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStrings, lowerBound, upperBound } from '../../../src/adapters/memory/memory-sorted-array.js';

const sortedStrings = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'B', '-'), maxLength: 3 })).map((xs) => xs.sort());

describe('lowerBound and upperBound', () => {
  it('find the first index not before, and the first index after, the probe (same as a linear scan)', () => {
    fc.assert(
      fc.property(sortedStrings, fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'B', '-'), maxLength: 3 }), (items, probe) => {
        expect(lowerBound(items, probe, compareStrings)).toBe(items.filter((x) => x < probe).length);
        expect(upperBound(items, probe, compareStrings)).toBe(items.filter((x) => x <= probe).length);
      }),
    );
  });

  it('compareStrings orders by code units, like Array.prototype.sort', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (xs) => {
        expect([...xs].sort(compareStrings)).toStrictEqual([...xs].sort());
      }),
    );
  });
});
