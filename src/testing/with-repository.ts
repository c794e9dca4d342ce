import { it } from 'vitest';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor } from './builders.js';
import type { ConformanceOptions } from './conformance-options.js';

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
 * A test (vitest's `it`) whose body gets a fresh repository holding two doctors, `doctor-1` and
 * `doctor-2` (built with {@link aDoctor}).
 *
 * @internal
 */
export function itWithTwoDoctors(
  options: ConformanceOptions,
  name: string,
  body: (repository: SchedulingRepository) => Promise<void>,
): void {
  it(name, () =>
    withRepository(options, async (repository) => {
      await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
      await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
      await body(repository);
    }),
  );
}
