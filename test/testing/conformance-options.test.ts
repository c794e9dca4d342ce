/**
 * Every group of the conformance kit takes the same options, checks them before it registers
 * anything, and registers its tests with the runner it is given (not with vitest's globals).
 */
import { describe, expect, it } from 'vitest';
import { SchedulingError, createMemoryRepository } from 'clinic-slots';
import * as kit from 'clinic-slots/testing';
import type { ConformanceOptions, ConformanceRunner } from 'clinic-slots/testing';

const GROUPS = Object.entries(kit).filter(([name]) => /^describe\w+Conformance$/.test(name)) as Array<
  [string, (options: ConformanceOptions) => void]
>;

/** The groups with property, model-based or concurrency tests. */
const SLOW_GROUPS = [
  'describeBufferConformance',
  'describeClaimConcurrencyConformance',
  'describeConcurrencyConformance',
  'describeModelConformance',
  'describeOverlapConformance',
  'describeRepositoryConformance',
];

/** A runner that only records what it is asked to register. */
function recorder(): ConformanceRunner & { readonly groups: string[]; readonly tests: Array<{ name: string; timeout?: number; arity: number }> } {
  const groups: string[] = [];
  const tests: Array<{ name: string; timeout?: number; arity: number }> = [];
  return {
    groups,
    tests,
    describe(name, body) {
      groups.push(name);
      body();
    },
    it(name, body, timeout) {
      tests.push(timeout === undefined ? { name, arity: body.length } : { name, timeout, arity: body.length });
    },
  };
}

const create = () => ({ repository: createMemoryRepository(), teardown: () => {} });

/** What the group throws when called with `options`, or `undefined` when it does not throw. */
function thrownBy(group: (options: ConformanceOptions) => void, options: unknown): unknown {
  try {
    group(options as ConformanceOptions);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the options of every conformance group', () => {
  it('are checked by the sixteen groups the kit exports', () => {
    expect(GROUPS.map(([name]) => name).sort()).toStrictEqual([
      'describeAppointmentConformance',
      'describeBufferConformance',
      'describeClaimConcurrencyConformance',
      'describeClaimConformance',
      'describeConcurrencyConformance',
      'describeDoctorConformance',
      'describeHoldConformance',
      'describeIdempotencyConformance',
      'describeLocationRemovalConformance',
      'describeModelConformance',
      'describeOverlapConformance',
      'describePatientConflictConformance',
      'describeRefusalDetailsConformance',
      'describeRepositoryConformance',
      'describeRescheduleConformance',
      'describeStatusConformance',
    ]);
  });

  for (const [groupName, group] of GROUPS) {
    describe(groupName, () => {
      it('registers its tests with the runner it is given, with the adapter name in every group, and the timeout option', () => {
        const runner = recorder();
        group({ name: 'adapter-x', create, test: runner, timeout: 4321 });
        expect(runner.tests.length).toBeGreaterThan(0);
        expect(runner.groups.filter((name) => name.startsWith('adapter-x: ')).length).toBeGreaterThan(0);
        // The property, model-based and concurrency tests get the timeout; the others the runner's default.
        const slow = runner.tests.filter((t) => t.timeout !== undefined);
        expect(slow.length > 0).toBe(SLOW_GROUPS.includes(groupName));
        for (const t of slow) expect(t.timeout, t.name).toBe(4321);
        // No body declares a parameter: runners that read a test function's length (jest, mocha)
        // would otherwise wait for a `done` callback.
        expect(runner.tests.filter((t) => t.arity !== 0).map((t) => t.name)).toStrictEqual([]);
      });

      type Recorder = ReturnType<typeof recorder>;
      const bad: Array<[string, (runner: Recorder) => unknown, string]> = [
        ['no options', () => undefined, ''],
        ['no test runner', () => ({ name: 'x', create }), 'test'],
        ['a runner without it', (runner) => ({ name: 'x', create, test: { describe: runner.describe } }), 'test.it'],
        ['a runner whose describe is not a function', (runner) => ({ name: 'x', create, test: { describe: 'describe', it: runner.it } }), 'test.describe'],
        ['an empty name', (runner) => ({ name: '', create, test: runner }), 'name'],
        ['create that is not a function', (runner) => ({ name: 'x', create: {}, test: runner }), 'create'],
        ['numRuns 0', (runner) => ({ name: 'x', create, test: runner, numRuns: 0 }), 'numRuns'],
        ['a fractional timeout', (runner) => ({ name: 'x', create, test: runner, timeout: 1.5 }), 'timeout'],
        ['a replay without a seed', (runner) => ({ name: 'x', create, test: runner, replay: { property: 'model', path: '1' } }), 'replay.seed'],
      ];
      for (const [what, optionsFor, path] of bad) {
        it(`refuses ${what} with VALIDATION_FAILED at "${path}", registering nothing`, () => {
          const runner = recorder();
          const error = thrownBy(group, optionsFor(runner));
          expect(error).toBeInstanceOf(SchedulingError);
          expect((error as SchedulingError).code).toBe('VALIDATION_FAILED');
          expect((error as SchedulingError).issues.map((issue) => issue.path.join('.'))).toContain(path);
          expect(runner.groups).toStrictEqual([]);
          expect(runner.tests).toStrictEqual([]);
        });
      }
    });
  }
});
