import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { CHURN_DOCTOR, CONTESTED_DOCTORS, CONTEST_PLAN, ENDLESS_DOCTORS } from './support/booking-plan.js';
import { doctor, tempDir } from './support/fixtures.js';
import { killWorkers, startTogether, type Worker, type WorkerMessage } from './support/workers.js';

const WORKERS = 4;

interface Row {
  id: string;
  doctor_id: string;
  start_ms: number;
  end_ms: number;
  status: string;
}

/** What the workers said the adapter acknowledged. */
class Acknowledgements {
  readonly booked = new Map<string, WorkerMessage>();
  readonly cancelled = new Set<string>();
  readonly taken: WorkerMessage[] = [];
  readonly failures: WorkerMessage[] = [];

  record(message: WorkerMessage): void {
    if (message.type === 'booked') this.booked.set(message.id as string, message);
    else if (message.type === 'cancelled') this.cancelled.add(message.id as string);
    else if (message.type === 'taken') this.taken.push(message);
    else if (message.type === 'failed') this.failures.push(message);
  }
}

let dir: ReturnType<typeof tempDir>;
let file: string;
beforeEach(async () => {
  dir = tempDir();
  file = dir.file('clinic.db');
  const db = new Database(file);
  const repository = createSqliteRepository(db);
  for (const id of new Set<string>([...CONTESTED_DOCTORS, ...ENDLESS_DOCTORS, CHURN_DOCTOR])) await repository.createDoctor(doctor({ id }));
  db.close();
});
afterEach(async () => {
  await killWorkers();
  dir.remove();
});

function readBack(): { rows: Row[]; overlaps: unknown[]; integrity: unknown } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      rows: db.prepare('SELECT id, doctor_id, start_ms, end_ms, status FROM clinic_slots_appointments').all() as Row[],
      // Every pair of active appointments of one doctor that overlap, over the whole table.
      overlaps: db
        .prepare(
          `SELECT a.id AS first, b.id AS second FROM clinic_slots_appointments a
           JOIN clinic_slots_appointments b ON a.doctor_id = b.doctor_id AND a.id < b.id
           WHERE a.status = 'booked' AND b.status = 'booked' AND a.start_ms < b.end_ms AND b.start_ms < a.end_ms`,
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

function expectEveryAcknowledgementStored(acks: Acknowledgements, rows: Row[]): void {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const [id, booked] of acks.booked) {
    expect(byId.get(id), `acknowledged booking ${id}`).toMatchObject({
      doctor_id: booked.doctorId,
      start_ms: booked.startMs,
      end_ms: booked.endMs,
    });
  }
  for (const id of acks.cancelled) expect(byId.get(id)?.status, `acknowledged cancellation ${id}`).toBe('cancelled');
}

describe('several processes booking one SQLite file', () => {
  it(`${WORKERS} processes contesting the same slots: one winner each, no overlap, every acknowledged booking stored`, async () => {
    const acks = new Acknowledgements();
    const workers = await startTogether(WORKERS, 'booking-worker.ts', (i) => [file, String(i), 'contest'], (_i, m) => acks.record(m));
    const exits = await Promise.all(workers.map((w) => w.exited));

    expect(acks.failures).toEqual([]);
    expect(exits).toEqual(workers.map(() => ({ code: 0, signal: null })));
    expect(workers.map((w: Worker) => w.messages.at(-1)?.type)).toEqual(workers.map(() => 'done'));
    const { rows, overlaps, integrity } = readBack();
    expect(integrity).toBe('ok');
    expect(overlaps).toEqual([]);
    expectEveryAcknowledgementStored(acks, rows);
    // No process was interrupted, so every stored appointment was acknowledged, and every
    // acknowledged booking that was not cancelled is still booked.
    expect(rows.map((r) => r.id).sort()).toEqual([...acks.booked.keys()].sort());
    for (const row of rows) expect(row.status).toBe(acks.cancelled.has(row.id) ? 'cancelled' : 'booked');

    const bookedAcks = [...acks.booked.values()];
    for (const doctorId of ['dr-0', 'dr-1']) {
      const plan = CONTEST_PLAN.filter((s) => s.doctorId === doctorId);
      for (const slot of plan) {
        const winners = bookedAcks.filter((b) => b.doctorId === doctorId && b.startMs === slot.startMs);
        expect(winners, `${doctorId} at ${new Date(slot.startMs).toISOString()}`).toHaveLength(1);
      }
      expect(acks.taken.filter((t) => t.doctorId === doctorId)).toHaveLength(plan.length * (WORKERS - 1));
    }
    // dr-2's slots overlap their neighbours: each start was tried by every process and refused
    // only because an overlapping one was booked, which therefore is still there.
    const dr2 = rows.filter((r) => r.doctor_id === 'dr-2' && r.status === 'booked');
    for (const slot of CONTEST_PLAN.filter((s) => s.doctorId === 'dr-2')) {
      expect(dr2.some((r) => r.start_ms < slot.endMs && slot.startMs < r.end_ms)).toBe(true);
    }
    // The churn doctor's slots were cancelled and booked again.
    const churned = bookedAcks.filter((b) => b.doctorId === CHURN_DOCTOR);
    expect(churned.length).toBeGreaterThan(12);
    expect(acks.cancelled.size).toBeGreaterThan(0);
  });

  it(`${WORKERS} processes killed with SIGKILL mid-run leave an intact file holding every acknowledged booking`, async () => {
    const acks = new Acknowledgements();
    const killAfter = [20, 30, 40, 50];
    const bookedBy = new Array<number>(WORKERS).fill(0);
    const workers = await startTogether(WORKERS, 'booking-worker.ts', (i) => [file, String(i), 'endless'], (i, message, child) => {
      acks.record(message);
      // Kill a worker as soon as it has reported its quota of bookings: it is somewhere in its
      // next transaction, or between two.
      if (message.type === 'booked' && ++bookedBy[i]! === killAfter[i]) child.kill('SIGKILL');
    });
    const exits = await Promise.all(workers.map((w) => w.exited));

    expect(acks.failures).toEqual([]);
    expect(exits).toEqual(workers.map(() => ({ code: null, signal: 'SIGKILL' })));
    expect(acks.booked.size).toBeGreaterThanOrEqual(killAfter.reduce((a, b) => a + b, 0));
    const { rows, overlaps, integrity } = readBack();
    expect(integrity).toBe('ok');
    expect(overlaps).toEqual([]);
    expectEveryAcknowledgementStored(acks, rows);

    // And the file still works for the next writer.
    const db = new Database(file);
    try {
      const repository = createSqliteRepository(db);
      const last = Math.max(...rows.map((r) => r.end_ms));
      const next = { start: new Date(last).toISOString(), end: new Date(last + 1_800_000).toISOString() };
      await repository.insertAppointment({
        id: 'after-the-crash', doctorId: 'dr-0', locationId: 'loc-1', ...next, patientRef: 'p', status: 'booked',
        createdAt: next.start, updatedAt: next.start,
      });
      expect((await repository.getAppointment('after-the-crash'))?.start).toBe(next.start);
    } finally {
      db.close();
    }
  });
});
