import * as fc from 'fast-check';
import type { ConformanceOptions } from './conformance-options.js';
import { DEFAULT_NUM_RUNS } from './kit-defaults.js';

/**
 * Runs a fast-check property under the kit's options (`numRuns`, and `replay` when it names this
 * property). On failure throws an error whose message holds the object to put in `replay`.
 *
 * @param property - a unique name of the property within the kit
 * @param replayPathOf - for command-based properties: reads the `replayPath` out of the
 *   counterexample
 * @internal
 */
export async function runProperty<Ts>(
  options: ConformanceOptions,
  name: string,
  property: fc.IAsyncProperty<Ts>,
  replayPathOf?: (counterexample: Ts) => string | undefined,
): Promise<void> {
  const replay = options.replay?.property === name ? options.replay : undefined;
  const details = await fc.check(property, {
    numRuns: options.numRuns ?? DEFAULT_NUM_RUNS,
    ...(replay === undefined ? {} : { seed: replay.seed, path: replay.path }),
  });
  if (!details.failed) return;
  const replayPath = details.counterexample === null ? undefined : replayPathOf?.(details.counterexample);
  const replayWith = JSON.stringify({
    property: name,
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    ...(replayPath === undefined ? {} : { replayPath }),
  });
  throw new Error(
    `${options.name}: property "${name}" failed. Replay it with the option replay: ${replayWith}\n\n${
      fc.defaultReportMessage(details) ?? ''
    }`,
    { cause: details.errorInstance },
  );
}
