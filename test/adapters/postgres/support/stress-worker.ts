/**
 * One process of the multi-process stress test (started by stress.test.ts with `node --import
 * tsx`). It opens a pool with all its connections, says `ready`, waits for `go`, then books and
 * cancels as fast as it can through the adapter and reports what was acknowledged.
 */
import pg from 'pg';
import { createPostgresRepository } from '../../../../src/postgres.js';
import { isSchedulingError, type Appointment } from '../../../../src/index.js';
import { STRESS, stressAppointment, type WorkerReport } from './stress-plan.js';

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

/** The operations of this worker: every contested slot once, and its share of the churn. */
const tasks: Array<() => Promise<void>> = [];
const report: WorkerReport = { worker, booked: [], cancelled: [], refusals: {}, unexpected: [] };

const refuse = (error: unknown) => {
  if (isSchedulingError(error, 'SLOT_TAKEN')) report.refusals.SLOT_TAKEN = (report.refusals.SLOT_TAKEN ?? 0) + 1;
  else report.unexpected.push(String(isSchedulingError(error) ? `${error.code}: ${error.message}` : error));
};

const book = async (appointment: Appointment, cancelAfter: boolean) => {
  try {
    await repository.insertAppointment(appointment);
  } catch (error) {
    refuse(error);
    return;
  }
  report.booked.push({ id: appointment.id, doctorId: appointment.doctorId, start: appointment.start, end: appointment.end });
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
