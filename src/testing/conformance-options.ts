import type { SchedulingRepository } from '../ports/repository.js';
import type { ConformanceRunner } from './conformance-runner.js';

/**
 * What {@link ConformanceOptions.create} returns: a fresh repository over empty, isolated
 * storage, and how to dispose of it. The kit calls `create()` once per test (and once per run of
 * a property), and `teardown()` after it, even when the test fails.
 *
 * @example
 * ```ts
 * import { createMemoryRepository } from 'clinic-slots';
 * import type { RepositoryFixture } from 'clinic-slots/testing';
 * const fixture: RepositoryFixture = { repository: createMemoryRepository(), teardown: () => {} };
 * ```
 */
export interface RepositoryFixture {
  /** The repository under test; its storage must be empty. */
  readonly repository: SchedulingRepository;
  /** Releases what `create()` took (connections, files, schemas). Called once. */
  readonly teardown: () => void | Promise<void>;
  /**
   * Optional: opens another repository object over the same storage (another connection or
   * client), for adapters whose `capabilities.concurrentWriters` is `'cross-process'`. When
   * given, the concurrency group also races writers across several repository objects. Whatever
   * it opens, `teardown()` releases too.
   */
  readonly connect?: () => SchedulingRepository | Promise<SchedulingRepository>;
}

/**
 * Options of {@link describeRepositoryConformance} and of each group of the conformance kit: every
 * group takes the same options.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import type { ConformanceOptions } from 'clinic-slots/testing';
 * const options: ConformanceOptions = {
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: () => {} }),
 *   test: { describe, it },
 *   numRuns: 30,
 * };
 * ```
 */
export interface ConformanceOptions {
  /** The adapter's name, shown in the name of every group; not empty. */
  readonly name: string;
  /** Makes a fresh, isolated, empty repository; see {@link RepositoryFixture}. */
  readonly create: () => RepositoryFixture | Promise<RepositoryFixture>;
  /**
   * The test runner that registers the kit's groups and tests: its `describe` and `it`, such as
   * `{ describe, it }` imported from `vitest`, from `node:test`, or jest's globals. See
   * {@link ConformanceRunner}.
   */
  readonly test: ConformanceRunner;
  /**
   * How many runs each property and model-based test makes: a positive integer (default 30).
   * Each run creates its own repository, so slow storage may want fewer.
   */
  readonly numRuns?: number;
  /**
   * Replays one failure of a property or model-based test. When one fails, the kit prints the
   * object to put here (`property` names the failed test; `seed`, `path` and, for the
   * model-based test, `replayPath` come from fast-check). Other properties run as usual.
   */
  readonly replay?: ConformanceReplay;
  /**
   * Timeout in milliseconds of each property, model-based and concurrency test: a positive
   * integer (default 120,000), passed to the runner's `it`.
   */
  readonly timeout?: number;
}

/**
 * Which failed property run to replay; see {@link ConformanceOptions.replay}. Copy it from the
 * failure message.
 *
 * @example
 * ```ts
 * import type { ConformanceReplay } from 'clinic-slots/testing';
 * const replay: ConformanceReplay = { property: 'model', seed: 42, path: '3:1', replayPath: 'AAB' };
 * ```
 */
export interface ConformanceReplay {
  /** The name of the property that failed, as printed. */
  readonly property: string;
  /** fast-check's seed of the failed run. */
  readonly seed: number;
  /** fast-check's path to the shrunk counterexample. */
  readonly path: string;
  /** For the model-based test: the `replayPath` of the failed commands. */
  readonly replayPath?: string;
}
