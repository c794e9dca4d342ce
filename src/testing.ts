/**
 * The conformance kit for adapter authors: tests that prove a `SchedulingRepository`
 * implementation keeps the port's contract, registered with the test runner you pass (vitest,
 * node:test or jest: its `describe` and `it`), and builders of valid test data. ES module and
 * CommonJS. Needs `fast-check` (an optional peer dependency of `clinic-slots`); it asserts with
 * `node:assert`, so it needs no runner's `expect`.
 *
 * @example
 * ```ts
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
 * @packageDocumentation
 */

export type { ConformanceOptions, ConformanceReplay, RepositoryFixture } from './testing/conformance-options.js';
export type { ConformanceRunner, ConformanceTestBody, ConformanceTestContext } from './testing/conformance-runner.js';
export { describeRepositoryConformance } from './testing/repository-conformance.js';
export { describeDoctorConformance } from './testing/doctor-conformance.js';
export { describeAppointmentConformance } from './testing/appointment-conformance.js';
export { describeOverlapConformance } from './testing/overlap-conformance.js';
export { describeStatusConformance } from './testing/status-conformance.js';
export { describeIdempotencyConformance } from './testing/idempotency-conformance.js';
export { describeRescheduleConformance } from './testing/reschedule-conformance.js';
export { describeClaimConformance } from './testing/claim-conformance.js';
export { describeBufferConformance } from './testing/buffer-conformance.js';
export { describeHoldConformance } from './testing/hold-conformance.js';
export { describePatientConflictConformance } from './testing/patient-conflict-conformance.js';
export { describeLocationRemovalConformance } from './testing/location-removal-conformance.js';
export { describeRefusalDetailsConformance } from './testing/refusal-details-conformance.js';
export { describeConcurrencyConformance } from './testing/concurrency-conformance.js';
export { describeClaimConcurrencyConformance } from './testing/claim-concurrency-conformance.js';
export { describeModelConformance } from './testing/model-conformance.js';
export { aDoctor, aHold, anAppointment } from './testing/builders.js';
