// One writer process of the book-sqlite benchmark. It opens the shared file and says `ready`;
// then, for each `phase` message, makes its share of bookings one after the other and answers
// `done` (with the CPU time it took, µs); `close` ends it.
// Usage: node --import tsx bench/sqlite/book-worker.ts <file> <doctorId> <synchronous>
//
// Modes of a phase:
// raw:       better-sqlite3 directly: BEGIN IMMEDIATE, INSERT the appointment, INSERT its claim (the trigger checks the overlap), COMMIT.
// insert:    the adapter's insertAppointment (which also checks the doctor and its version).
// scheduler: scheduler.book() over the adapter: validation, the booking policy, then the insert.
// hold-confirm: scheduler.hold() of the slot (no patient yet), then scheduler.confirmHold() of
//            that hold for the patient: two writes (the hold and its claim; the hold confirmed,
//            its claim released, the appointment and its claim) and a read of the hold between.
import Database from 'better-sqlite3';
import { createScheduler, fixedClock, type Appointment } from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { SQL } from '../../src/adapters/sqlite/sqlite-statements.js';
import { BENCH_NOW, SLOT_MS, slotStart, type BookMode, type WorkerCommand } from './book-plan.js';

const [file, doctorId, synchronous] = process.argv.slice(2) as [string, string, 'FULL' | 'NORMAL'];
const db = new Database(file);
const repository = createSqliteRepository(db, { migrate: false, synchronous, busyTimeoutMs: 60_000 });
const scheduler = createScheduler({ repository, clock: fixedClock(new Date(BENCH_NOW)) });
const created = new Date(BENCH_NOW).toISOString();
// The same kind of id as the scheduler makes (a random UUID), so that every mode writes the
// primary key index alike (random 36-character keys cost SQLite ~20 µs of CPU per booking more
// than short sequential ones). BENCH_IDS=short gives raw and insert short ids, as before.
const newId = process.env.BENCH_IDS === 'short' ? (i: number) => `${doctorId}-${i}` : () => globalThis.crypto.randomUUID();

function appointment(i: number): Appointment {
  const start = slotStart(i);
  return {
    id: newId(i), doctorId, locationId: 'loc-1', start: new Date(start).toISOString(),
    end: new Date(start + SLOT_MS).toISOString(), patientRef: `patient/${i}`, status: 'booked', createdAt: created, updatedAt: created,
  };
}

const begin = db.prepare(SQL.begin);
const commit = db.prepare(SQL.commit);
const rollback = db.prepare(SQL.rollback);
const insert = db.prepare(SQL.insertAppointment);
const insertClaim = db.prepare(SQL.insertClaim);

/** The raw baseline: the adapter's own statements in the same transaction, without the adapter. */
function rawBook(i: number): void {
  const start = slotStart(i);
  const row = {
    id: newId(i), doctor_id: doctorId, location_id: 'loc-1', start_ms: start, end_ms: start + SLOT_MS,
    patient_ref: `patient/${i}`, status: 'booked', created_ms: BENCH_NOW, updated_ms: BENCH_NOW, cancellation_reason: null,
    idempotency_key: null, rescheduled_from: null, rescheduled_to: null,
  };
  begin.run();
  try {
    insert.run(row);
    insertClaim.run({ owner_kind: 'appointment', owner_id: row.id, resource_kind: 'doctor', resource_id: doctorId, lane: 0, from_ms: row.start_ms, to_ms: row.end_ms });
    commit.run();
  } catch (error) {
    if (db.inTransaction) rollback.run();
    throw error;
  }
}

async function phase(mode: BookMode, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    if (mode === 'raw') rawBook(i);
    else if (mode === 'insert') await repository.insertAppointment(appointment(i), { doctorVersion: 1 });
    else if (mode === 'scheduler') {
      await scheduler.book({ doctorId, locationId: 'loc-1', start: new Date(slotStart(i)).toISOString(), patientRef: `patient/${i}` });
    } else {
      const hold = await scheduler.hold({ doctorId, locationId: 'loc-1', start: new Date(slotStart(i)).toISOString() });
      await scheduler.confirmHold(hold.id, { patientRef: `patient/${i}` });
    }
  }
}

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'close') {
    db.close();
    process.disconnect();
    return;
  }
  const usage = process.cpuUsage();
  phase(command.mode, command.from, command.count).then(
    () => {
      const used = process.cpuUsage(usage);
      process.send!({ type: 'done', cpuUs: used.user + used.system });
    },
    (error: unknown) => process.send!({ type: 'failed', message: String(error) }),
  );
});
process.send!({ type: 'ready' });
