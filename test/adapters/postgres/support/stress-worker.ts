/**
 * One process of the multi-process stress test (started by stress.test.ts with `node --import
 * tsx`). It opens a pool with all its connections, says `ready`, waits for `go`, then books,
 * cancels, holds and removes a location as fast as it can through the adapter and reports what
 * was acknowledged.
 */
import pg from 'pg';
import { createPostgresRepository } from '../../../../src/postgres.js';
import { isSchedulingError, type Appointment, type InsertOptions, type SchedulingErrorCode } from '../../../../src/index.js';
import { STRESS, STRESS_NOW, bufferedClaim, siteDoctor, stressAppointment, stressHold, type WorkerReport } from './stress-plan.js';

const [url, schema, indexText] = process.argv.slice(2) as [string, string, string];
const worker = Number(indexText);
const send = (message: unknown) => process.send!(message);

const pool = new pg.Pool({ connectionString: url, max: STRESS.connectionsPerWorker });
// Open every connection before the start, so that the race starts with all of them.
const clients = await Promise.all(Array.from({ length: STRESS.connectionsPerWorker }, () => pool.connect()));
for (const client of clients) client.release();
const repository = createPostgresRepository(pool, { schema, retryDelayMs: 1 });

/** A deterministic shuffle, different for each worker, so the processes collide in many orders. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed * 2654435761;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** The operations of this worker. */
const tasks: Array<() => Promise<void>> = [];
const report: WorkerReport = { worker, booked: [], cancelled: [], held: [], removed: [], refusals: {}, unexpected: [] };

/** Counts a refusal with one of the `expected` codes; anything else is unexpected. */
const refuse = (error: unknown, what: string, expected: readonly SchedulingErrorCode[]) => {
  const code = isSchedulingError(error) ? error.code : undefined;
  if (code !== undefined && expected.includes(code)) report.refusals[code] = (report.refusals[code] ?? 0) + 1;
  else report.unexpected.push(`${what}: ${isSchedulingError(error) ? `${error.code}: ${error.message}` : String(error)}`);
};

const book = async (appointment: Appointment, cancelAfter: boolean, options: InsertOptions = {}, expected: readonly SchedulingErrorCode[] = ['SLOT_TAKEN']) => {
  try {
    await repository.insertAppointment(appointment, options);
  } catch (error) {
    refuse(error, `book ${appointment.id}`, expected);
    return;
  }
  const { id, doctorId, locationId, start, end } = appointment;
  report.booked.push({ id, doctorId, locationId, start, end });
  if (!cancelAfter) return;
  try {
    await repository.changeAppointmentStatus({ id: appointment.id, expectedStatus: 'booked', status: 'cancelled', at: appointment.end });
    report.cancelled.push(appointment.id);
  } catch (error) {
    report.unexpected.push(`cancel ${appointment.id}: ${String(error)}`);
  }
};

for (let slot = 0; slot < STRESS.contestedSlots; slot++) {
  tasks.push(() => book(stressAppointment(`x-${worker}-${slot}`, 'dr-exact', slot * 30, 30), false));
}
for (let n = 0; n < STRESS.churnPerWorker; n++) {
  const doctor = `dr-churn-${n % STRESS.churnDoctors}`;
  const position = (n * 7 + worker * 13) % STRESS.churnPositions;
  tasks.push(() => book(stressAppointment(`c-${worker}-${n}`, doctor, position * 15, 30), n % 3 === 0));
}
// Holds: this worker's share of the attempts at each contested start.
for (let start = 0; start < STRESS.holdStarts; start++) {
  for (let attempt = worker; attempt < STRESS.holdsPerStart; attempt += STRESS.workers) {
    const hold = stressHold(`h-${worker}-${start}-${attempt}`, start * 30);
    tasks.push(async () => {
      try {
        await repository.insertHold(hold, { doctorVersion: 1 });
        report.held.push({ id: hold.id, start: hold.start });
      } catch (error) {
        refuse(error, `hold ${hold.id}`, ['SLOT_TAKEN']);
      }
    });
  }
}
// Buffered bookings: each claims its doctor beyond its own time, so neighbours 15 minutes apart collide.
for (let n = 0; n < STRESS.bufferedPerWorker; n++) {
  const position = (n * 11 + worker * 7) % STRESS.bufferedPositions;
  const appointment = { ...stressAppointment(`b-${worker}-${n}`, 'dr-buffer', position * 15, 30), createdAt: STRESS_NOW, updatedAt: STRESS_NOW };
  tasks.push(() => book(appointment, n % 4 === 0, { doctorVersion: 1, claims: [bufferedClaim(appointment)] }));
}
// Location removal: every worker books at old-site (judged at version 1); worker 0 removes it.
for (let d = 0; d < STRESS.siteDoctors; d++) {
  const doctorId = `dr-site-${d}`;
  for (let k = 0; k < STRESS.siteBookingsPerWorker; k++) {
    const appointment = stressAppointment(`s-${worker}-${d}-${k}`, doctorId, (worker * STRESS.siteBookingsPerWorker + k) * 30, 30, 'old-site');
    tasks.push(() => book(appointment, false, { doctorVersion: 1 }, ['CONFLICT']));
  }
  if (worker === 0) {
    const doctor = siteDoctor(doctorId);
    const updated = { ...doctor, locations: doctor.locations.filter((l) => l.id !== 'old-site'), version: 2, updatedAt: STRESS_NOW };
    tasks.push(async () => {
      try {
        await repository.updateDoctor(updated, 1, { removedLocation: { id: 'old-site', activeAfter: STRESS_NOW } });
        report.removed.push(doctorId);
      } catch (error) {
        refuse(error, `remove old-site of ${doctorId}`, ['DOCTOR_HAS_APPOINTMENTS']);
      }
    });
  }
}
const order = shuffled(tasks, worker + 1);

process.on('message', (message) => {
  if (message !== 'go') return;
  void (async () => {
    // As many operations in flight as the pool has connections.
    let next = 0;
    const lane = async () => {
      while (next < order.length) await order[next++]!();
    };
    await Promise.all(Array.from({ length: STRESS.connectionsPerWorker }, lane));
    await pool.end();
    send({ type: 'done', report });
    process.disconnect();
  })();
});
send({ type: 'ready' });
