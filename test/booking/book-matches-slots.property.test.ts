import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedulingError, createMemoryRepository, createScheduler, fixedClock, generateSlots, type AvailableSlot, type Doctor, type Scheduler } from 'clinic-slots';
import { snapshot } from './support.js';
import { WEEK_FROM, WEEK_TO, attemptArb, doctorArb, instantArb, priorAppointmentsArb } from './arbitraries.js';

const REFUSALS = ['SLOT_NOT_OFFERED', 'LOCATION_NOT_SERVED', 'TOO_LATE', 'BEYOND_HORIZON', 'SLOT_TAKEN'];
/** Every start the schedule and overrides publish in the week, ignoring bookings, notice and horizon. */
function published(doctor: Doctor): AvailableSlot[] {
  const { slotLength, slotStep } = doctor.rules;
  const plain = { ...doctor, rules: slotStep === undefined ? { slotLength } : { slotLength, slotStep } };
  return generateSlots({ doctor: plain, from: WEEK_FROM, to: WEEK_TO, now: 0 }).map((s) => ({
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    locationIds: s.locationIds,
  }));
}

/** The published starts within two hours of an active appointment. */
async function near(scheduler: Scheduler, all: AvailableSlot[]): Promise<AvailableSlot[]> {
  const { items } = await scheduler.listAppointments({ doctorId: 'dr-prop', statuses: ['booked'], limit: 1000 });
  const reach = 2 * 3_600_000;
  return all.filter((s) => items.some((a) => Date.parse(s.start) < Date.parse(a.end) + reach && Date.parse(a.start) - reach < Date.parse(s.end)));
}

/** The candidate (start, location) of an attempt. */
function candidate(attempt: Attempt, offered: AvailableSlot[], all: AvailableSlot[], nearby: AvailableSlot[]) {
  const pool = attempt.kind === 'offered' ? offered : attempt.kind === 'published' ? all : attempt.kind === 'near' ? nearby : [];
  const slot = pool.length > 0 ? pool[attempt.index % pool.length]! : undefined;
  const start = slot?.start ?? new Date(attempt.instant).toISOString();
  const locationId = slot && attempt.useSlotLocation ? slot.locationIds[attempt.index % slot.locationIds.length]! : attempt.location;
  return { start, locationId };
}

type Attempt = typeof attemptArb extends fc.Arbitrary<infer A> ? A : never;

const WEEK = { doctorId: 'dr-prop', from: new Date(WEEK_FROM).toISOString(), to: new Date(WEEK_TO).toISOString() };

describe('book and findAvailableSlots', () => {
  it('agree: book accepts exactly the (start, location) pairs findAvailableSlots offers, booking after booking', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(doctorArb, priorAppointmentsArb, instantArb, fc.array(attemptArb, { minLength: 3, maxLength: 10 }), async (doctor, prior, now, attempts) => {
        const repository = createMemoryRepository({ doctors: [doctor], appointments: prior });
        const scheduler = createScheduler({ repository, clock: fixedClock(new Date(now)) });
        const all = published(doctor);
        for (const [i, attempt] of attempts.entries()) {
          const offered = await scheduler.findAvailableSlots(WEEK);
          const { start, locationId } = candidate(attempt, offered, all, await near(scheduler, all));
          const expected = offered.some((s) => s.start === start && s.locationIds.includes(locationId));
          const outcome = await scheduler.book({ doctorId: 'dr-prop', locationId, start, patientRef: `new/${i}` }).then(
            (appointment) => ({ ok: true as const, appointment }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (outcome.ok) {
            accepted++;
            expect(expected, `booked ${start} at ${locationId}, which was not offered`).toBe(true);
            const the = offered.find((s) => s.start === start)!;
            expect(outcome.appointment).toMatchObject({ start: the.start, end: the.end, locationId, status: 'booked' });
          } else {
            refused++;
            expect(expected, `refused ${start} at ${locationId}, which was offered: ${String(outcome.error)}`).toBe(false);
            expect(outcome.error).toBeInstanceOf(SchedulingError);
            expect(REFUSALS).toContain((outcome.error as SchedulingError).code);
          }
        }
      }),
      { numRuns: 100 },
    );
    // The property is not vacuous: both outcomes happened.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('agree for reschedule: an appointment moves exactly to what the listing that ignores it offers', async () => {
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(doctorArb, priorAppointmentsArb, instantArb, fc.array(attemptArb, { minLength: 1, maxLength: 6 }), async (doctor, prior, now, attempts) => {
        fc.pre(prior.some((a) => a.status === 'booked'));
        const repository = createMemoryRepository({ doctors: [doctor], appointments: prior });
        const scheduler = createScheduler({ repository, clock: fixedClock(new Date(now)) });
        const all = published(doctor);
        for (const attempt of attempts) {
          const { appointments } = await snapshot(repository);
          const active = appointments.filter((a) => a.status === 'booked');
          const old = active[attempt.index % active.length]!;
          // What is offered as if the old appointment were not there is what a move may take.
          const offered = await scheduler.findAvailableSlots({ ...WEEK, ignoreAppointmentId: old.id });
          const { start, locationId } = candidate(attempt, offered, all, await near(scheduler, all));
          const expected = offered.some((s) => s.start === start && s.locationIds.includes(locationId));
          const outcome = await scheduler.reschedule(old.id, { start, locationId }).then(
            () => true,
            (error: unknown) => {
              expect(REFUSALS).toContain((error as SchedulingError).code);
              return false;
            },
          );
          if (outcome) moved++;
          expect(outcome, `moving ${old.start} to ${start} at ${locationId}`).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
    expect(moved).toBeGreaterThan(5);
  });
});
