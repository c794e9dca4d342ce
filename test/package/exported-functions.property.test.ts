/**
 * Every function the entry points export, fed values it was not meant to get: it returns, or it
 * throws (or rejects with) a `SchedulingError` with `VALIDATION_FAILED`. Never a `TypeError`, and
 * never `STORAGE_FAILED` for a "database" that is not one. The list of functions is read from the
 * modules, so a new export is covered without being named here. The conformance kit
 * (`clinic-slots/testing`) is tested on its own.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from 'clinic-slots';
import * as postgres from 'clinic-slots/postgres';
import * as sqlite from 'clinic-slots/sqlite';

const ENTRY_POINTS = { 'clinic-slots': core, 'clinic-slots/sqlite': sqlite, 'clinic-slots/postgres': postgres } as const;

/** The exported functions, without classes (whose constructors are not entry points of their own). */
const FUNCTIONS = Object.entries(ENTRY_POINTS).flatMap(([entry, module]) =>
  Object.entries(module)
    .filter(([name, value]) => typeof value === 'function' && !/^[A-Z]/.test(name))
    .map(([name, value]) => ({ label: `${entry}: ${name}`, fn: value as (...args: unknown[]) => unknown })),
);

/** A value whose every read throws, as a hostile getter or a revoked proxy would. */
const hostile = new Proxy(
  {},
  {
    get: () => {
      throw new Error('boom');
    },
    has: () => {
      throw new Error('boom');
    },
    ownKeys: () => {
      throw new Error('boom');
    },
    getPrototypeOf: () => {
      throw new Error('boom');
    },
    getOwnPropertyDescriptor: () => {
      throw new Error('boom');
    },
  },
);

const valueArb = fc.oneof(
  { weight: 9, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withBoxedValues: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('', 'nope', 'booked', 'PT30M', '09:30', '__proto__', 'constructor', Number.NaN, -1, Symbol('x')) },
);

/** The outcome of one call: fine, or the error it threw or rejected with. */
async function outcome(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<{ error: unknown } | undefined> {
  try {
    await fn(...args);
    return undefined;
  } catch (error) {
    return { error };
  }
}

describe('every exported function fed arbitrary values', () => {
  it('finds the functions of every entry point', () => {
    expect(FUNCTIONS.map((f) => f.label)).toEqual(
      expect.arrayContaining(['clinic-slots: fixedClock', 'clinic-slots/sqlite: migrateSqlite', 'clinic-slots/postgres: migratePostgres']),
    );
  });

  for (const { label, fn } of FUNCTIONS) {
    it(`${label}: returns, or throws SchedulingError VALIDATION_FAILED`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(valueArb, { maxLength: 3 }), async (args) => {
          const result = await outcome(fn, args);
          if (result === undefined) return;
          expect(result.error, `threw ${result.error instanceof Error ? result.error.stack : typeof result.error}`).toBeInstanceOf(core.SchedulingError);
          expect((result.error as core.SchedulingError).code, (result.error as Error).message).toBe('VALIDATION_FAILED');
        }),
        { numRuns: 150 },
      );
    });

    it(`${label}: refuses a hostile value in each argument with VALIDATION_FAILED or ignores it`, async () => {
      for (const position of [0, 1, 2]) {
        const args: unknown[] = [undefined, undefined, undefined];
        args[position] = hostile;
        const result = await outcome(fn, args);
        if (result === undefined) continue;
        expect(result.error, `${position}: ${String(result.error)}`).toBeInstanceOf(core.SchedulingError);
        expect((result.error as core.SchedulingError).code).toBe('VALIDATION_FAILED');
      }
    });
  }
});

describe('values of the right type but not of the right kind', () => {
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (error) {
      return error instanceof core.SchedulingError ? error.code : `not a SchedulingError: ${String(error)}`;
    }
    return undefined;
  };

  it('canTransition and isActiveStatus refuse what is not a status, as written in APPOINTMENT_STATUSES', () => {
    expect(codeOf(() => core.canTransition('booked', 'BOOKED' as never))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => core.canTransition('constructor' as never, 'booked'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => core.isActiveStatus('Booked' as never))).toBe('VALIDATION_FAILED');
    expect(core.canTransition('booked', 'cancelled')).toBe(true);
    expect(core.isActiveStatus('noshow')).toBe(false);
  });

  it('localTimeToMinutes refuses what is not HH:MM from 00:00 to 24:00', () => {
    for (const time of ['25:00', '9:30', '09:30:00', 'ab:cd', '']) expect(codeOf(() => core.localTimeToMinutes(time)), time).toBe('VALIDATION_FAILED');
    expect(core.localTimeToMinutes('24:00')).toBe(1440);
  });

  it('durationToMinutes refuses what is not a string, and answers undefined for a string that is not a duration', () => {
    expect(codeOf(() => core.durationToMinutes(30 as never))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => core.durationToMinutes({ toString: () => 'PT30M' } as never))).toBe('VALIDATION_FAILED');
    expect(core.durationToMinutes('P1M')).toBeUndefined();
  });

  it('migrateSqlite refuses what is not a connection with VALIDATION_FAILED, not STORAGE_FAILED', () => {
    expect(codeOf(() => sqlite.migrateSqlite({ exec: () => undefined } as never))).toBe('VALIDATION_FAILED');
  });
});
