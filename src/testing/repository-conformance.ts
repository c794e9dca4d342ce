import type { ConformanceOptions } from './conformance-options.js';
import { describeAppointmentConformance } from './appointment-conformance.js';
import { describeDoctorConformance } from './doctor-conformance.js';
import { describeConcurrencyConformance } from './concurrency-conformance.js';
import { describeIdempotencyConformance } from './idempotency-conformance.js';
import { describeModelConformance } from './model-conformance.js';
import { describeOverlapConformance } from './overlap-conformance.js';
import { describeRescheduleConformance } from './reschedule-conformance.js';
import { describeStatusConformance } from './status-conformance.js';

/**
 * The whole conformance kit for a `SchedulingRepository` adapter, as vitest tests: every
 * group of the kit, each in its own `describe` block. `create()` is called for every test (and
 * every run of a property), so each test works on its own, empty repository.
 *
 * Groups that need an optional capability read it from `repository.capabilities`; a test that
 * does not apply is skipped, with the reason in its name.
 *
 * @param options - the adapter's name and factory; see {@link ConformanceOptions}
 *
 * @example
 * ```ts
 * // test/conformance.test.ts of an adapter
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRepositoryConformance } from 'clinic-slots/testing';
 *
 * describeRepositoryConformance({
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: async () => {} }),
 * });
 * ```
 */
export function describeRepositoryConformance(options: ConformanceOptions): void {
  describeDoctorConformance(options);
  describeAppointmentConformance(options);
  describeOverlapConformance(options);
  describeStatusConformance(options);
  describeIdempotencyConformance(options);
  describeRescheduleConformance(options);
  describeConcurrencyConformance(options);
  describeModelConformance(options);
}
