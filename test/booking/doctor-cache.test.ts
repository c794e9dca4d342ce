import { describe, expect, it } from 'vitest';
import { aDoctor } from 'clinic-slots/testing';
import { DoctorCache } from '../../src/booking/doctor-cache.js';

describe('DoctorCache', () => {
  it('keeps at most its capacity, forgetting the least recently used doctor', () => {
    const cache = new DoctorCache(2);
    cache.set(aDoctor({ id: 'a' }));
    cache.set(aDoctor({ id: 'b' }));
    expect(cache.get('a')?.id).toBe('a'); // a is now the most recently used
    cache.set(aDoctor({ id: 'c' }));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.get('c')?.id).toBe('c');
  });
  it('never replaces a newer version with an older one', () => {
    const cache = new DoctorCache(10);
    cache.set(aDoctor({ id: 'a', version: 3 }));
    cache.set(aDoctor({ id: 'a', version: 2 }));
    expect(cache.get('a')?.version).toBe(3);
    cache.set(aDoctor({ id: 'a', version: 4 }));
    expect(cache.get('a')?.version).toBe(4);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
