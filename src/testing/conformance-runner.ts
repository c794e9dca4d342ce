/**
 * The part of a test runner that the conformance kit needs: `describe` and `it`. It is declared
 * here, as the subset the kit calls, so that the kit depends on no runner: vitest's, node:test's
 * and jest's `describe` and `it` all fit, passed as they are (`test: { describe, it }`).
 *
 * @example
 * ```ts
 * import { describe, it } from 'node:test';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRepositoryConformance, type ConformanceRunner } from 'clinic-slots/testing';
 *
 * const runner: ConformanceRunner = { describe, it };
 * describeRepositoryConformance({
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: () => {} }),
 *   test: runner,
 * });
 * ```
 */
export interface ConformanceRunner {
  /**
   * Registers a group of tests: `body` registers them (with `describe` and `it`), synchronously.
   * What it returns is ignored.
   */
  describe(name: string, body: () => void): unknown;
  /**
   * Registers one test. The runner calls `body` later and fails the test when the promise it
   * returns rejects. `timeout` is in milliseconds; a runner whose `it` takes no third argument
   * (node:test) ignores it. The kit's bodies have a `length` of 0, so that jest does not take
   * them for `done`-callback tests; they read the runner's test context when they are given one.
   * What `it` returns is ignored.
   */
  it(name: string, body: ConformanceTestBody, timeout?: number): unknown;
}

/**
 * The body of a test of the kit, as {@link ConformanceRunner.it} receives it: the runner calls
 * it with its test context, if it has one.
 *
 * @example
 * ```ts
 * import type { ConformanceTestBody } from 'clinic-slots/testing';
 * const body: ConformanceTestBody = async (context) => {
 *   if (context?.skip !== undefined) context.skip('not today');
 * };
 * ```
 */
export type ConformanceTestBody = (context?: ConformanceTestContext) => Promise<void>;

/**
 * What the kit uses of the context a runner passes to a test: `skip(note)`, which vitest's and
 * node:test's contexts have, to skip a test that finds at run time that it does not apply (the
 * cross-process race, on an adapter that declares only `'process'`), with the reason. Under a
 * runner that gives no context (jest), such a test ends without checking anything; its name says
 * when it applies.
 *
 * @example
 * ```ts
 * import type { ConformanceTestContext } from 'clinic-slots/testing';
 * const context: ConformanceTestContext = { skip: (note) => console.log(`skipped: ${note}`) };
 * ```
 */
export interface ConformanceTestContext {
  /** Marks the running test as skipped, with the reason. */
  readonly skip?: (note?: string) => void;
}
