import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedulingError, isSchedulingError, refusals } from 'clinic-slots';

const hostile = new Proxy(
  {},
  {
    get: () => {
      throw new Error('boom');
    },
    getPrototypeOf: () => {
      throw new Error('boom');
    },
    has: () => {
      throw new Error('boom');
    },
  },
);

describe('isSchedulingError', () => {
  it('is true for a SchedulingError, and with a code only for that code', () => {
    const error = new SchedulingError('CONFLICT', 'stale');
    expect(isSchedulingError(error)).toBe(true);
    expect(isSchedulingError(error, 'CONFLICT')).toBe(true);
    expect(isSchedulingError(error, 'SLOT_TAKEN')).toBe(false);
  });

  it('is false for errors and objects that only look like one', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'SchedulingError', code: 'CONFLICT', issues: [] });
    expect(isSchedulingError(lookalike)).toBe(false);
    expect(isSchedulingError({ code: 'CONFLICT' }, 'CONFLICT')).toBe(false);
    expect(isSchedulingError(new Error('x'))).toBe(false);
  });

  it('answers false, never throws, for any value, hostile proxies included', () => {
    expect(isSchedulingError(hostile)).toBe(false);
    expect(isSchedulingError(hostile, 'CONFLICT')).toBe(false);
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true }), (value) => {
        expect(isSchedulingError(value)).toBe(false);
      }),
    );
  });
});

describe('instanceof SchedulingError', () => {
  it('agrees with isSchedulingError', () => {
    expect(new SchedulingError('SLOT_TAKEN', 'x') instanceof SchedulingError).toBe(true);
    expect(new Error('x') instanceof SchedulingError).toBe(false);
    expect((hostile as unknown) instanceof SchedulingError).toBe(false);
    expect(new SchedulingError('SLOT_TAKEN', 'x')).toBeInstanceOf(Error);
  });

  it('keeps the prototype-chain test for a subclass', () => {
    class BookingError extends SchedulingError {}
    expect(new BookingError('SLOT_TAKEN', 'x') instanceof BookingError).toBe(true);
    expect(new BookingError('SLOT_TAKEN', 'x') instanceof SchedulingError).toBe(true);
    expect(new SchedulingError('SLOT_TAKEN', 'x') instanceof BookingError).toBe(false);
  });

  it('leaves the mark out of what an error shows: its own keys, JSON and equality', () => {
    const error = new SchedulingError('SLOT_TAKEN', 'x');
    expect(Reflect.ownKeys(error).filter((k) => typeof k === 'symbol')).toEqual([]);
    expect(error).toEqual(new SchedulingError('SLOT_TAKEN', 'x'));
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'SchedulingError', code: 'SLOT_TAKEN', issues: [], details: { code: 'SLOT_TAKEN' } });
  });
});

describe('SchedulingError details', () => {
  it('carries the code and the fields it was given, frozen', () => {
    const error = new SchedulingError('CONFLICT', 'stale', { details: { kind: 'stale-version', doctorId: 'd', expectedVersion: 1, currentVersion: 2 } });
    expect(error.details).toEqual({ code: 'CONFLICT', kind: 'stale-version', doctorId: 'd', expectedVersion: 1, currentVersion: 2 });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it('gives a VALIDATION_FAILED its issues in the details too', () => {
    const issues = [{ code: 'custom', message: 'no', path: ['a'], input: 1 }] as const;
    const error = new SchedulingError('VALIDATION_FAILED', 'bad', { issues: [...issues] as never });
    expect(error.details).toEqual({ code: 'VALIDATION_FAILED', issues: error.issues });
  });

  it('keeps the code of the error even when the details name another', () => {
    const error = new SchedulingError('SLOT_TAKEN', 'x', { details: { code: 'CONFLICT' } as never });
    expect(error.details.code).toBe('SLOT_TAKEN');
  });

  it('narrows details by code through isSchedulingError', () => {
    const error: unknown = refusals.staleVersion('dr-wright', { expected: 2, current: 3 });
    if (!isSchedulingError(error, 'CONFLICT')) throw new Error('expected a CONFLICT');
    expect(error.details.kind === 'stale-version' ? error.details.currentVersion : undefined).toBe(3);
  });
});
