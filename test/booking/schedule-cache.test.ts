import { describe, expect, it } from 'vitest';
import { aDoctor } from 'clinic-slots/testing';
import { ScheduleCache } from '../../src/booking/schedule-cache.js';

describe('ScheduleCache', () => {
  it('keeps at most its capacity, forgetting the least recently used doctor', () => {
    const cache = new ScheduleCache(2);
    cache.of(aDoctor({ id: 'a' }));
    cache.of(aDoctor({ id: 'b' }));
    expect(cache.get('a')?.doctorId).toBe('a'); // a is now the most recently used
    cache.of(aDoctor({ id: 'c' }));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.doctorId).toBe('a');
    expect(cache.get('c')?.doctorId).toBe('c');
  });

  it('compiles a doctor once per (id, version, createdAt): another object of the same version reuses it', () => {
    const cache = new ScheduleCache(10);
    const first = cache.of(aDoctor({ id: 'a', version: 3 }));
    expect(cache.of(aDoctor({ id: 'a', version: 3 }))).toBe(first);
    const next = cache.of(aDoctor({ id: 'a', version: 4 }));
    expect(next).not.toBe(first);
    expect(next.version).toBe(4);
    // A doctor removed and created again with the same id starts at version 1 again.
    const recreated = cache.of(aDoctor({ id: 'a', version: 4, createdAt: '2027-06-01T00:00:00.000Z' }));
    expect(recreated).not.toBe(next);
    expect(recreated.createdAt).toBe('2027-06-01T00:00:00.000Z');
  });

  it('never replaces a newer version of the same doctor with an older one', () => {
    const cache = new ScheduleCache(10);
    cache.of(aDoctor({ id: 'a', version: 3 }));
    const older = cache.of(aDoctor({ id: 'a', version: 2 }));
    expect(older.version).toBe(2);
    expect(cache.get('a')?.version).toBe(3);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses an invalid doctor with VALIDATION_FAILED and caches nothing', () => {
    const cache = new ScheduleCache(10);
    expect(() => cache.of({ ...aDoctor({ id: 'a' }), timeZone: 'Mars/Olympus' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(cache.size).toBe(0);
  });
});
