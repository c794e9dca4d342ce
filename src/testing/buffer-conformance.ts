import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Appointment } from '../schemas/appointment.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor, claimsOfResource, storedClaim } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at, clock } from './instants.js';
import { DEFAULT_SLOW_TIMEOUT } from './kit-defaults.js';
import { runProperty } from './run-property.js';
import { itWithTwoDoctors, runnerOf, withRepository } from './with-repository.js';

/** Buffers in minutes, as a scheduler reads them from the doctor's booking rules (or a visit type). */
interface Buffers {
  readonly before: number;
  readonly after: number;
}

/** A booking to make: the appointment and the buffers its claim is widened by. */
interface Booking {
  readonly appointment: Appointment;
  readonly buffers: Buffers;
}

/** Whether two bookings' buffered times overlap, computed here from minutes, not by the code under test. */
function bufferedOverlap(a: { start: number; end: number; buffers: Buffers }, b: { start: number; end: number; buffers: Buffers }): boolean {
  return a.start - a.buffers.before < b.end + b.buffers.after && b.start - b.buffers.before < a.end + a.buffers.after;
}

/**
 * The conformance group for buffers: a doctor's claim is the appointment widened by its buffers
 * (`[start - bufferBefore, end + bufferAfter)`, computed by the scheduler and passed as claims),
 * so a buffer is held by the storage exactly as an overlap is: a booking whose own time is free
 * but whose buffered claim meets another buffered claim is `SLOT_TAKEN`; buffered claims that
 * meet back to back are fine; and the verdicts do not depend on the order of booking, whatever
 * the buffers before and after (a property test books two appointments in both orders). Holds
 * and cancellations follow the same rule. Registers one `describe` block with the runner of
 * `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeBufferConformance } from 'clinic-slots/testing';
 * describeBufferConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeBufferConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeBufferConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);
  const book = (repository: SchedulingRepository, { appointment, buffers }: Booking) =>
    repository.insertAppointment(appointment, { claims: claimsFor(appointment, buffers) });
  const booking = (id: string, start: number, end: number, buffers: Buffers): Booking => ({
    appointment: anAppointment({ id, start: at(start), end: at(end), patientRef: `patient/${id}` }),
    buffers,
  });

  describe(`${options.name}: buffers`, () => {
    test('refuses a booking that starts in the buffer after another, though their own times are back to back', async (repository) => {
      await book(repository, booking('first', 60, 90, { before: 0, after: 15 }));
      await expectCode(book(repository, booking('second', 90, 120, { before: 0, after: 15 })), 'SLOT_TAKEN');
      assert.equal(await repository.getAppointment('second'), undefined);
    });

    test('refuses a booking whose buffer before reaches into another', async (repository) => {
      await book(repository, booking('first', 60, 90, { before: 0, after: 0 }));
      await expectCode(book(repository, booking('second', 90, 120, { before: 10, after: 0 })), 'SLOT_TAKEN');
    });

    test('accepts bookings whose buffered claims meet back to back', async (repository) => {
      const first = booking('first', 60, 90, { before: 5, after: 10 });
      const second = booking('second', 105, 135, { before: 5, after: 10 });
      assert.deepStrictEqual(await book(repository, first), first.appointment);
      assert.deepStrictEqual(await book(repository, second), second.appointment);
      assert.deepStrictEqual(await claimsOfResource(repository, 'doctor', 'doctor-1', clock(0)), [
        storedClaim(claimsFor(first.appointment, first.buffers)[0]!, 'appointment', 'first'),
        storedClaim(claimsFor(second.appointment, second.buffers)[0]!, 'appointment', 'second'),
      ]);
    });

    for (const buffers of [{ before: 0, after: 15 }, { before: 20, after: 0 }] as const) {
      it(`refuses the second of 09:30 and 10:00 in either order, with ${buffers.before} minutes before and ${buffers.after} after`, async () => {
        // 09:30-10:00 and 10:00-10:30 on the kit's day (which starts at 08:00).
        for (const order of [['early', 'late'], ['late', 'early']] as const) {
          await withRepository(options, async (repository) => {
            await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
            const bookings = { early: booking('early', 90, 120, buffers), late: booking('late', 120, 150, buffers) };
            await book(repository, bookings[order[0]]);
            await expectCode(book(repository, bookings[order[1]]), 'SLOT_TAKEN');
          });
        }
      });
    }

    test('frees an appointment\'s buffers with it when it is cancelled', async (repository) => {
      await book(repository, booking('first', 60, 90, { before: 15, after: 15 }));
      await repository.changeAppointmentStatus({ id: 'first', expectedStatus: 'booked', status: 'cancelled', at: clock(1) });
      const inBuffer = anAppointment({ id: 'in-buffer', start: at(90), end: at(120), createdAt: clock(2), updatedAt: clock(2) });
      assert.deepStrictEqual(await repository.insertAppointment(inBuffer), inBuffer);
    });

    test('keeps a booking out of a live hold\'s buffer, and lets it in once the hold has expired', async (repository) => {
      const hold = aHold({ id: 'hold', start: at(60), end: at(90), expiresAt: clock(10) });
      await repository.insertHold(hold, { claims: claimsFor(hold, { before: 0, after: 15 }) });
      const inBuffer = (createdAt: string) => anAppointment({ id: 'in-buffer', start: at(90), end: at(120), createdAt, updatedAt: createdAt });
      await expectCode(repository.insertAppointment(inBuffer(clock(9))), 'SLOT_TAKEN');
      assert.deepStrictEqual(await repository.insertAppointment(inBuffer(clock(10))), inBuffer(clock(10)));
    });

    it(
      'gives the same verdicts whichever of two bookings comes first, for any buffers before and after (property)',
      () => {
        const side = fc.record({
          slot: fc.integer({ min: 0, max: 16 }),
          length: fc.integer({ min: 1, max: 4 }),
          before: fc.constantFrom(0, 5, 10, 15, 30),
          after: fc.constantFrom(0, 5, 10, 15, 30),
        });
        return runProperty(
          options,
          'buffers-either-order',
          fc.asyncProperty(side, side, async (x, y) => {
            const spans = [x, y].map((s) => ({ start: s.slot * 15, end: (s.slot + s.length) * 15, buffers: { before: s.before, after: s.after } }));
            const [a, b] = spans.map((s, i) => booking(i === 0 ? 'a' : 'b', s.start, s.end, s.buffers)) as [Booking, Booking];
            const overlap = bufferedOverlap(spans[0]!, spans[1]!);
            const verdicts: boolean[] = [];
            for (const [first, second] of [[a, b], [b, a]] as const) {
              await withRepository(options, async (repository) => {
                await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
                assert.deepStrictEqual(await book(repository, first), first.appointment);
                const landed = await book(repository, second).then(
                  () => true,
                  (error: unknown) => {
                    assert.equal((error as { code?: unknown }).code, 'SLOT_TAKEN', String(error));
                    return false;
                  },
                );
                verdicts.push(landed);
                const expected = (landed ? [first, second] : [first])
                  .map((bk) => storedClaim(claimsFor(bk.appointment, bk.buffers)[0]!, 'appointment', bk.appointment.id))
                  .sort((p, q) => (p.from < q.from ? -1 : p.from > q.from ? 1 : p.ownerId < q.ownerId ? -1 : 1));
                assert.deepStrictEqual(await claimsOfResource(repository, 'doctor', 'doctor-1', clock(0)), expected);
              });
            }
            assert.deepStrictEqual(verdicts, [!overlap, !overlap], `a then b, and b then a: the second lands exactly when their buffered times do not overlap`);
          }),
        );
      },
      options.timeout ?? DEFAULT_SLOW_TIMEOUT,
    );
  });
}
