import { z } from 'zod';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { parseInput } from '../schemas/parse.js';
import { appointmentOperations } from './appointment-operations.js';
import { bookingOperations } from './booking-operations.js';
import { doctorOperations } from './doctor-operations.js';
import { REPOSITORY_METHODS, guardRepository } from './guarded-repository.js';
import { createSchedulerContext } from './scheduler-context.js';
import type { Scheduler, SchedulerOptions } from './types.js';

/** How many doctors one scheduler keeps in its cache. */
const DOCTOR_CACHE_SIZE = 1000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const SchedulerOptionsSchema = z.strictObject({
  repository: z.custom<SchedulingRepository>(
    (r) => isObject(r) && REPOSITORY_METHODS.every((m) => typeof r[m] === 'function'),
    'expected a SchedulingRepository',
  ),
  clock: z.custom<Clock>((c) => isObject(c) && typeof c.now === 'function', 'expected a Clock').optional(),
  newId: z.custom<() => string>((f) => typeof f === 'function', 'expected a function').optional(),
  patientConflicts: z.boolean().optional(),
});

/**
 * Creates the scheduling service on a repository: doctors, their published slots, and
 * appointments. See {@link Scheduler} for every method.
 *
 * How it behaves:
 *
 * - **Errors.** Every method validates its input and throws only `SchedulingError`; a
 *   refused call changes nothing. Whatever else the repository throws becomes `STORAGE_FAILED`
 *   (with the original as `cause`); so does a clock or `newId` that fails or returns nonsense.
 * - **One rule.** `book` and `reschedule` accept a start only if `judgeBooking` does, and it
 *   holds exactly when `findAvailableSlots` would offer that start (same doctor, clock and
 *   appointments). The storage's atomic insert, not a check in JavaScript, keeps two concurrent
 *   bookings from overlapping.
 * - **Schedule cache.** The scheduler keeps the compiled schedules of the last 1,000 doctors it
 *   read, by id, each reused while the stored doctor has the same `version` and `createdAt`: an
 *   unchanged doctor is validated and compiled once. A booking judged against a cached schedule
 *   is stored with `{ doctorVersion }`, so the storage refuses it if the doctor changed since
 *   (through this or any other scheduler); the scheduler then reads the doctor and judges again,
 *   up to 8 times in one call, so a booking made while the doctor's hours are being edited lands
 *   or gets a booking refusal. A refusal is also judged again against the stored doctor before it
 *   is reported. So `book` costs one repository call (`insertAppointment`) when the schedule is
 *   cached, has no buffers and no idempotency key is needed; buffers add one range read.
 * - **Idempotency.** With `idempotencyKey`, the same key and the same request (doctor, location,
 *   start as an instant, patient) return the original appointment, as it is now: even if it was
 *   cancelled or rescheduled since (follow `rescheduledTo`). The same key with another request
 *   fails with `IDEMPOTENCY_MISMATCH`. Keys are global, not per doctor.
 * - **Cache caveat.** A doctor removed and created again with the same id by another process
 *   starts again at version 1; a scheduler that cached the old one judges bookings against it
 *   until it reads the doctor again (any refusal or `findAvailableSlots` does, and tells the two
 *   apart by `createdAt`). Avoid reusing doctor ids.
 * - **Buffers** (`bufferBefore`, `bufferAfter`) are judged by the policy against the appointments
 *   read just before the insert; the storage's atomic check covers overlaps only. So two bookings
 *   made at the same instant may end up closer together than the buffers, but never overlapping.
 * - **Slot queries** span at most 92 days (`MAX_SLOT_QUERY_DAYS`); for longer scans, query range
 *   after range, or run `iterateSlots` on the doctor.
 *
 * @param options - the repository, and optionally a clock and an id maker; see {@link SchedulerOptions}
 * @returns the service
 * @throws SchedulingError `VALIDATION_FAILED` when `options` is not a repository with a clock
 *
 * @example
 * ```ts
 * import { createMemoryRepository, createScheduler, fixedClock } from 'clinic-slots';
 *
 * const scheduler = createScheduler({ repository: createMemoryRepository(), clock: fixedClock('2027-01-01T08:00:00Z') });
 * const doctor = await scheduler.createDoctor({
 *   name: 'Jane Wright', timeZone: 'Europe/London', locations: [{ id: 'park-st', address: '1 Park St' }],
 *   schedule: { monday: [{ start: '09:00', end: '12:00' }] },
 * });
 * const [first] = await scheduler.findAvailableSlots({
 *   doctorId: doctor.id, from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z',
 * });
 * // first: { start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T09:30:00.000Z', locationIds: ['park-st'] }
 * const appointment = await scheduler.book({
 *   doctorId: doctor.id, locationId: 'park-st', start: first!.start, patientRef: 'patient/42',
 * });
 * appointment.status; // 'booked'
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const parsed = parseInput(SchedulerOptionsSchema, options, 'scheduler options');
  const ctx = createSchedulerContext(
    guardRepository(parsed.repository),
    parsed.clock ?? systemClock,
    parsed.newId,
    DOCTOR_CACHE_SIZE,
    parsed.patientConflicts ?? false,
  );
  return Object.freeze({
    ...doctorOperations(ctx),
    ...bookingOperations(ctx),
    ...appointmentOperations(ctx),
  });
}
