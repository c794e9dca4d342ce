import assert from 'node:assert/strict';
import type { SchedulingRepository } from '../ports/repository.js';
import { anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/**
 * The conformance group for idempotency keys: a second insert with a key already used inserts
 * nothing and returns the earlier appointment (as it is now), whatever else it says; keys are
 * unique across the repository; `findAppointmentByIdempotencyKey` finds the appointment; a
 * reschedule whose replacement reuses a key is refused with `CONFLICT`. Registers one
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
 * import { describeIdempotencyConformance } from 'clinic-slots/testing';
 * describeIdempotencyConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeIdempotencyConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeIdempotencyConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);

  describe(`${options.name}: idempotency keys`, () => {
    test('returns the earlier appointment for a repeated key and inserts nothing new', async (repository) => {
      const first = anAppointment({ id: 'first', idempotencyKey: 'request-1', start: at(0) });
      assert.deepStrictEqual(await repository.insertAppointment(first), first);
      // The same request again, with a fresh id, as a retry would send it.
      assert.deepStrictEqual(await repository.insertAppointment({ ...first, id: 'retry' }), first);
      assert.equal(await repository.getAppointment('retry'), undefined);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [first]);
    });

    test('returns the earlier appointment even when the second insert differs (time, doctor), inserting nothing', async (repository) => {
      const first = anAppointment({ id: 'first', idempotencyKey: 'request-1', start: at(0) });
      await repository.insertAppointment(first);
      assert.deepStrictEqual(await repository.insertAppointment(anAppointment({ id: 'later', idempotencyKey: 'request-1', start: at(600) })), first);
      assert.deepStrictEqual(await repository.insertAppointment(anAppointment({ id: 'elsewhere', doctorId: 'doctor-2', idempotencyKey: 'request-1', start: at(600) })), first);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [first]);
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-2' }), []);
    });

    test('returns the earlier appointment as it is now, after it was cancelled', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'first', idempotencyKey: 'request-1' }));
      const cancelled = await repository.changeAppointmentStatus({ id: 'first', expectedStatus: 'booked', status: 'cancelled', at: at(-5) });
      assert.deepStrictEqual(await repository.insertAppointment(anAppointment({ id: 'retry', idempotencyKey: 'request-1' })), cancelled);
      assert.equal(await repository.getAppointment('retry'), undefined);
    });

    test('lets appointments without a key, or with different keys, coexist', async (repository) => {
      const a = await repository.insertAppointment(anAppointment({ id: 'a', start: at(0) }));
      const b = await repository.insertAppointment(anAppointment({ id: 'b', start: at(60) }));
      const c = await repository.insertAppointment(anAppointment({ id: 'c', start: at(120), idempotencyKey: 'k-1' }));
      const d = await repository.insertAppointment(anAppointment({ id: 'd', start: at(180), idempotencyKey: 'K-1' }));
      assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [a, b, c, d]);
    });

    test('findAppointmentByIdempotencyKey finds the appointment as it is now, or undefined', async (repository) => {
      const first = await repository.insertAppointment(anAppointment({ id: 'first', idempotencyKey: 'request-1' }));
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('request-1'), first);
      assert.equal(await repository.findAppointmentByIdempotencyKey('request-2'), undefined);
      assert.equal(await repository.findAppointmentByIdempotencyKey('REQUEST-1'), undefined);
      const noshow = await repository.changeAppointmentStatus({ id: 'first', expectedStatus: 'booked', status: 'noshow', at: at(40) });
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('request-1'), noshow);
    });

    test('reschedule: a replacement with a key already used is refused with CONFLICT, and nothing changes', async (repository) => {
      const other = await repository.insertAppointment(anAppointment({ id: 'other', idempotencyKey: 'taken', start: at(300) }));
      const old = await repository.insertAppointment(anAppointment({ id: 'old', start: at(0) }));
      const replacement = anAppointment({ id: 'new', start: at(60), idempotencyKey: 'taken', rescheduledFrom: 'old' });
      await expectCode(repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(-1) }), 'CONFLICT');
      assert.deepStrictEqual(await repository.getAppointment('old'), old);
      assert.equal(await repository.getAppointment('new'), undefined);
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('taken'), other);
    });

    test('reschedule: a replacement with a new key can be found by it', async (repository) => {
      await repository.insertAppointment(anAppointment({ id: 'old', start: at(0), idempotencyKey: 'book-1' }));
      const replacement = anAppointment({ id: 'new', start: at(60), idempotencyKey: 'move-1', rescheduledFrom: 'old' });
      const { cancelled, booked } = await repository.rescheduleAppointment({ fromId: 'old', replacement, at: at(-1) });
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('move-1'), booked);
      assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey('book-1'), cancelled);
    });
  });
}
