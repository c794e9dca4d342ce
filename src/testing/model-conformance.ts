import * as fc from 'fast-check';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { DEFAULT_SLOW_TIMEOUT } from './kit-defaults.js';
import { runnerOf, withRepository } from './with-repository.js';
import { modelCommands, startModel } from './model-commands.js';
import { runProperty } from './run-property.js';

/** Reads fast-check's `replayPath` out of a printed command sequence. */
const replayPathOf = (counterexample: readonly unknown[]): string | undefined =>
  /replayPath="([^"]*)"/.exec(String(counterexample[0]))?.[1];

/**
 * The model-based conformance group: random sequences of commands (create, update, remove a
 * location from and delete doctors; insert overlapping and separate appointments and holds, with
 * and without idempotency keys, doctor versions, buffered and patient claims; change statuses;
 * reschedule; renew, release and confirm holds, retried confirmations too; find by key; let time
 * pass) run against the repository and against a plain `Map` model written from the port's
 * contract. Every write carries the model's clock, so holds expire as it moves. After every
 * command, everything the repository lists (doctors, appointments, holds, and the live claims of
 * every doctor and patient at the model's clock) must equal the model. Failures print the seed, `path` and `replayPath` to
 * put in {@link ConformanceOptions.replay}; runs are counted by `numRuns`. Registers one
 * `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeModelConformance } from 'clinic-slots/testing';
 * describeModelConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it }, numRuns: 50 });
 * ```
 */
export function describeModelConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeModelConformance');
  const { describe, it } = runnerOf(options);
  describe(`${options.name}: model-based`, () => {
    it(
      'matches a Map model after every command of any sequence',
      () => {
        const replay = options.replay?.property === 'model' ? options.replay : undefined;
        const commands = fc.commands(modelCommands(), {
          maxCommands: 40,
          size: 'medium',
          ...(replay?.replayPath === undefined ? {} : { replayPath: replay.replayPath }),
        });
        return runProperty(
          options,
          'model',
          fc.asyncProperty(commands, (sequence) =>
            withRepository(options, async (repository) => {
              const model = await startModel(repository);
              await fc.asyncModelRun(() => ({ model, real: repository }), sequence);
            }),
          ),
          replayPathOf,
        );
      },
      options.timeout ?? DEFAULT_SLOW_TIMEOUT,
    );
  });
}
