/**
 * The conformance kit for adapter authors: vitest tests that prove a `SchedulingRepository`
 * implementation keeps the port's contract, and builders of valid test data. Needs `vitest` and
 * `fast-check` (optional peer dependencies of `clinic-slots`).
 *
 * @example
 * ```ts
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeRepositoryConformance } from 'clinic-slots/testing';
 *
 * describeRepositoryConformance({
 *   name: 'memory',
 *   create: () => ({ repository: createMemoryRepository(), teardown: async () => {} }),
 * });
 * ```
 *
 * @packageDocumentation
 */

export type { ConformanceOptions, ConformanceReplay, RepositoryFixture } from './testing/conformance-options.js';
export { describeRepositoryConformance } from './testing/repository-conformance.js';
export { describeDoctorConformance } from './testing/doctor-conformance.js';
export { describeAppointmentConformance } from './testing/appointment-conformance.js';
export { describeOverlapConformance } from './testing/overlap-conformance.js';
export { describeStatusConformance } from './testing/status-conformance.js';
export { describeIdempotencyConformance } from './testing/idempotency-conformance.js';
export { describeRescheduleConformance } from './testing/reschedule-conformance.js';
export { describeConcurrencyConformance } from './testing/concurrency-conformance.js';
export { describeModelConformance } from './testing/model-conformance.js';
export { aDoctor, anAppointment } from './testing/builders.js';
