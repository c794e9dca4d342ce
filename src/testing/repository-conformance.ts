import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { describeAppointmentConformance } from './appointment-conformance.js';
import { describeBufferConformance } from './buffer-conformance.js';
import { describeClaimConcurrencyConformance } from './claim-concurrency-conformance.js';
import { describeClaimConformance } from './claim-conformance.js';
import { describeDoctorConformance } from './doctor-conformance.js';
import { describeConcurrencyConformance } from './concurrency-conformance.js';
import { describeHoldConformance } from './hold-conformance.js';
import { describeIdempotencyConformance } from './idempotency-conformance.js';
import { describeLocationRemovalConformance } from './location-removal-conformance.js';
import { describeModelConformance } from './model-conformance.js';
import { describeOverlapConformance } from './overlap-conformance.js';
import { describePatientConflictConformance } from './patient-conflict-conformance.js';
import { describeRefusalDetailsConformance } from './refusal-details-conformance.js';
import { describeRescheduleConformance } from './reschedule-conformance.js';
import { describeStatusConformance } from './status-conformance.js';

/**
 * The whole conformance kit for a `SchedulingRepository` adapter: every group of the kit, each in
 * its own `describe` block, registered with the test runner given as `options.test` (vitest's,
 * node:test's or jest's `describe` and `it`). `create()` is called for every test (and every run
 * of a property), so each test works on its own, empty repository.
 *
 * Groups that need an optional capability read it from `repository.capabilities`; a test that
 * does not apply is skipped, with the reason in its name.
 *
 * @param options - the adapter's name and factory, and the test runner; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions}
 *   (for example without `test`); nothing is registered then
 *
 * @example
 * ```ts
 * // test/conformance.test.ts of an adapter, run by vitest
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRepositoryConformance } from 'clinic-slots/testing';
 *
 * describeRepositoryConformance({
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: async () => {} }),
 *   test: { describe, it },
 * });
 * ```
 *
 * @example
 * ```ts
 * // test/conformance.test.ts of an adapter, run by `node --test`
 * import { describe, it } from 'node:test';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRepositoryConformance } from 'clinic-slots/testing';
 *
 * describeRepositoryConformance({
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: async () => {} }),
 *   test: { describe, it },
 * });
 * ```
 */
export function describeRepositoryConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeRepositoryConformance');
  describeDoctorConformance(options);
  describeAppointmentConformance(options);
  describeOverlapConformance(options);
  describeStatusConformance(options);
  describeIdempotencyConformance(options);
  describeRescheduleConformance(options);
  describeClaimConformance(options);
  describeBufferConformance(options);
  describeHoldConformance(options);
  describePatientConflictConformance(options);
  describeLocationRemovalConformance(options);
  describeRefusalDetailsConformance(options);
  describeConcurrencyConformance(options);
  describeClaimConcurrencyConformance(options);
  describeModelConformance(options);
}
