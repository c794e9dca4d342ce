import type { SchedulingRepository } from '../ports/repository.js';
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
