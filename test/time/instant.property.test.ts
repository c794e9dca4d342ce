import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/time/instant.js';
import { runs } from '../support/runs.js';

const MAX = Date.parse('9999-12-31T23:59:59.999Z');

describe('formatInstant', () => {
  it('writes an instant as toISOString does, from 1970 to 9999 (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: MAX }),
          // Runs of instants close together, across midnights, month and year ends.
          fc.tuple(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: -3, max: 3 })).map(([day, ms]) => Math.max(0, Math.min(MAX, day * 86_400_000 * 365 + ms))),
          fc.constantFrom(0, MAX, Date.parse('2028-02-29T23:59:59.999Z'), Date.parse('2100-03-01T00:00:00.000Z')),
        ),
        (ms) => {
          expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: runs(5000) },
    );
  });

  it('writes consecutive instants of one day and of the next right', () => {
    const start = Date.parse('2030-12-31T23:00:00.000Z');
    for (let ms = start; ms < start + 2 * 3_600_000; ms += 59_999) expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
  });
});
