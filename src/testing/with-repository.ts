import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor } from './builders.js';
import type { ConformanceOptions } from './conformance-options.js';
import type { ConformanceTestBody } from './conformance-runner.js';

/** The injected runner's `describe` and `it`, as the kit's groups call them. @internal */
export interface KitRunner {
  /** Registers a group of tests. */
  describe(name: string, body: () => void): void;
  /** Registers a test; `timeout` is passed on only when given. */
  it(name: string, body: ConformanceTestBody, timeout?: number): void;
}

/**
 * The runner of `options.test`, its members called as its methods (so a runner object that
 * needs its `this` still works), with `timeout` passed only when there is one.
 *
 * @internal
 */
export function runnerOf(options: ConformanceOptions): KitRunner {
  const runner = options.test;
  return {
    describe: (name, body) => {
      runner.describe(name, body);
    },
    it: (name, body, timeout) => {
      if (timeout === undefined) runner.it(name, body);
      else runner.it(name, body, timeout);
    },
  };
}

/**
 * Runs `body` with a fresh repository from `options.create()`, and tears it down afterwards.
 *
 * @internal
 */
export async function withRepository<T>(
  options: ConformanceOptions,
  body: (repository: SchedulingRepository) => Promise<T>,
): Promise<T> {
  const fixture = await options.create();
  try {
    return await body(fixture.repository);
  } finally {
    await fixture.teardown();
  }
}

/**
 * A test (the runner's `it`) whose body gets a fresh repository holding two doctors, `doctor-1`
 * and `doctor-2` (built with {@link aDoctor}).
 *
 * @internal
 */
export function itWithTwoDoctors(
  options: ConformanceOptions,
  name: string,
  body: (repository: SchedulingRepository) => Promise<void>,
): void {
  runnerOf(options).it(name, () =>
    withRepository(options, async (repository) => {
      await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
      await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
      await body(repository);
    }),
  );
}
