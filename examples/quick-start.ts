/**
 * The whole flow in one file: create a doctor, set their hours, find slots, book, list,
 * reschedule, cancel. Run it with `npx tsx examples/quick-start.ts`; the tests run it too.
 */
import { createMemoryRepository, createScheduler, fixedClock, isSchedulingError } from 'clinic-slots';

export async function main(log: (line: string) => void = console.log) {
  // The clock is injected; a fixed one makes this example repeatable (omit it in production).
  const scheduler = createScheduler({ repository: createMemoryRepository(), clock: fixedClock('2027-01-01T08:00:00Z') });

  // A doctor works in a place, in its time zone.
  const doctor = await scheduler.createDoctor({
    id: 'dr-wright',
    name: 'Jane Wright',
    timeZone: 'Europe/London',
    locations: [{ id: 'park-st', address: '1 Park St, London' }],
    rules: { slotLength: 'PT30M', minimumNotice: 'PT2H' },
  });

  // Their hours: local wall-clock times, week by week.
  await scheduler.setWeeklySchedule(doctor.id, { monday: [{ start: '09:00', end: '12:00' }] }, { version: doctor.version });

  // The free published slots of Monday 4 January 2027.
  const slots = await scheduler.findAvailableSlots({ doctorId: doctor.id, from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z' });
  log(`${slots.length} slots, the first at ${slots[0]!.start}`);

  // Book the first one. Retrying with the same idempotency key returns the same appointment.
  const request = { doctorId: doctor.id, locationId: 'park-st', start: slots[0]!.start, patientRef: 'patient/42', idempotencyKey: 'req-1' };
  const appointment = await scheduler.book(request);
  const retried = await scheduler.book(request);
  log(`booked ${appointment.id} at ${appointment.start}; the retry returned ${retried.id}`);

  // Only published, free times can be booked: everything else is a typed refusal.
  try {
    await scheduler.book({ ...request, patientRef: 'patient/43', idempotencyKey: 'req-2' });
  } catch (error) {
    if (!isSchedulingError(error, 'SLOT_TAKEN')) throw error;
    log(`a second booking of ${request.start} was refused: ${error.code}`);
  }

  // The doctor's booked appointments, in start order.
  const booked = await scheduler.listAppointments({ doctorId: doctor.id, statuses: ['booked'] });
  log(`${booked.items.length} booked`);

  // Move it: the new one is booked and the old one cancelled, as one unit.
  const { cancelled, booked: moved } = await scheduler.reschedule(appointment.id, { start: slots[2]!.start });
  log(`moved to ${moved.start}; the old one is ${cancelled.status}`);

  // Cancel: the appointment stays, with its reason, and its time is free again.
  const done = await scheduler.cancel(moved.id, { reason: 'patient called' });
  log(`${done.id} is ${done.status} (${done.cancellationReason})`);

  return { slots, appointment, moved, cancelled: done };
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
