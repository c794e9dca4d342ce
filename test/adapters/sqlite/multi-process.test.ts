import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import {
  BUFFERED_PLAN,
  BUFFER_AFTER_MS,
  BUFFER_BEFORE_MS,
  BUFFER_DOCTORS,
  CHURN_DOCTOR,
  CONTESTED_DOCTORS,
  CONTEST_PLAN,
  ENDLESS_DOCTORS,
  HOLD_ATTEMPTS,
  HOLD_DOCTOR,
  HOLD_STARTS,
} from './support/booking-plan.js';
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
  readonly held = new Map<string, WorkerMessage>();
  /** Confirmed holds, by hold id. */
  readonly confirmed = new Map<string, WorkerMessage>();
  readonly released = new Set<string>();
  /** Holds found expired and retired by another writer before their confirmation or release. */
  readonly lost = new Set<string>();

  record(message: WorkerMessage): void {
    if (message.type === 'booked') this.booked.set(message.id as string, message);
    else if (message.type === 'held') this.held.set(message.id as string, message);
    else if (message.type === 'confirmed') this.confirmed.set(message.holdId as string, message);
    else if (message.type === 'released') this.released.add(message.holdId as string);
    else if (message.type === 'lost') this.lost.add(message.holdId as string);
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
  const doctors = new Set<string>([...CONTESTED_DOCTORS, ...ENDLESS_DOCTORS, CHURN_DOCTOR, HOLD_DOCTOR, ...BUFFER_DOCTORS]);
  for (const id of doctors) await repository.createDoctor(doctor({ id }));
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

interface ClaimRow {
  owner_kind: string;
  owner_id: string;
  resource_kind: string;
  resource_id: string;
  lane: number;
  from_ms: number;
  to_ms: number;
  live: number;
}

/** The claims, holds and appointments of the file, and what plain SQL finds wrong with them. */
function readClaims(): {
  claims: ClaimRow[];
  holds: { id: string; status: string; appointment_id: string | null; expires_ms: number }[];
  appointments: Row[];
  overlaps: unknown[];
  liveWithoutOwner: unknown[];
  ownerWithoutLive: unknown[];
  integrity: unknown;
} {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      claims: db.prepare('SELECT * FROM clinic_slots_claims').all() as ClaimRow[],
      holds: db.prepare('SELECT id, status, appointment_id, expires_ms FROM clinic_slots_holds').all() as never,
      appointments: db.prepare('SELECT id, doctor_id, start_ms, end_ms, status FROM clinic_slots_appointments').all() as Row[],
      // Every pair of live claims on one resource lane that overlap, over the whole table.
      overlaps: db
        .prepare(
          `SELECT a.owner_id AS first, b.owner_id AS second, a.resource_kind, a.resource_id FROM clinic_slots_claims a
           JOIN clinic_slots_claims b ON a.resource_kind = b.resource_kind AND a.resource_id = b.resource_id AND a.lane = b.lane
             AND (a.owner_kind, a.owner_id, a.from_ms) < (b.owner_kind, b.owner_id, b.from_ms)
           WHERE a.live = 1 AND b.live = 1 AND a.from_ms < b.to_ms AND b.from_ms < a.to_ms`,
        )
        .all(),
      // A live claim of an owner that is not active, or an active owner with a claim not live.
      liveWithoutOwner: db
        .prepare(
          `SELECT c.owner_kind, c.owner_id FROM clinic_slots_claims c WHERE c.live = 1 AND NOT EXISTS (
             SELECT 1 FROM clinic_slots_appointments a WHERE c.owner_kind = 'appointment' AND a.id = c.owner_id AND a.status = 'booked'
             UNION ALL SELECT 1 FROM clinic_slots_holds h WHERE c.owner_kind = 'hold' AND h.id = c.owner_id AND h.status = 'held')`,
        )
        .all(),
      ownerWithoutLive: db
        .prepare(
          `SELECT c.owner_kind, c.owner_id FROM clinic_slots_claims c WHERE c.live = 0 AND EXISTS (
             SELECT 1 FROM clinic_slots_appointments a WHERE c.owner_kind = 'appointment' AND a.id = c.owner_id AND a.status = 'booked'
             UNION ALL SELECT 1 FROM clinic_slots_holds h WHERE c.owner_kind = 'hold' AND h.id = c.owner_id AND h.status = 'held')`,
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

/** The claims a worker reported as written, as rows (`live` left out). */
function reportedClaims(message: WorkerMessage, ownerKind: 'appointment' | 'hold', ownerId: string): Omit<ClaimRow, 'live'>[] {
  return (message.claims as { kind: string; id: string; lane: number; from: string; to: string }[]).map((c) => ({
    owner_kind: ownerKind, owner_id: ownerId, resource_kind: c.kind, resource_id: c.id, lane: c.lane, from_ms: Date.parse(c.from), to_ms: Date.parse(c.to),
  }));
}

/**
 * Every acknowledged write with claims is stored: each booking and confirmation with its
 * appointment and every claim it reported (live unless a cancellation may have followed), each
 * hold with its claims, each release and confirmation in the hold's status.
 */
function expectEveryClaimedWriteStored(acks: Acknowledgements, read: ReturnType<typeof readClaims>, complete: boolean): void {
  const appointments = new Map(read.appointments.map((a) => [a.id, a]));
  const holds = new Map(read.holds.map((h) => [h.id, h]));
  const claimsOf = (kind: string, id: string) =>
    read.claims.filter((c) => c.owner_kind === kind && c.owner_id === id).map(({ live: _live, ...rest }) => rest);
  const liveOf = (kind: string, id: string) => read.claims.filter((c) => c.owner_kind === kind && c.owner_id === id).map((c) => c.live);
  const sameClaims = (actual: unknown[], expected: unknown[]) =>
    expect(new Set(actual.map((c) => JSON.stringify(c)))).toEqual(new Set(expected.map((c) => JSON.stringify(c))));

  const made = [...acks.booked.values(), ...acks.confirmed.values()];
  for (const message of made) {
    const id = message.id as string;
    const stored = appointments.get(id);
    expect(stored, `acknowledged appointment ${id}`).toMatchObject({ doctor_id: message.doctorId, start_ms: message.startMs, end_ms: message.endMs });
    sameClaims(claimsOf('appointment', id), reportedClaims(message, 'appointment', id));
    if (acks.cancelled.has(id)) expect(stored!.status, `acknowledged cancellation ${id}`).toBe('cancelled');
    // Without a later acknowledgement, a cancellation may still have landed just before a kill.
    else if (complete) expect(stored!.status, `appointment ${id}`).toBe('booked');
    expect(liveOf('appointment', id), `claims of ${id}`).toEqual(liveOf('appointment', id).map(() => (stored!.status === 'booked' ? 1 : 0)));
  }
  for (const [id, message] of acks.held) {
    const stored = holds.get(id);
    expect(stored, `acknowledged hold ${id}`).toBeDefined();
    sameClaims(claimsOf('hold', id), reportedClaims(message, 'hold', id));
    const confirmation = acks.confirmed.get(id);
    if (confirmation !== undefined) expect(stored, `confirmed hold ${id}`).toMatchObject({ status: 'confirmed', appointment_id: confirmation.id });
    else if (acks.released.has(id)) expect(stored!.status, `released hold ${id}`).toBe('released');
    else if (acks.lost.has(id)) expect(stored!.status, `lost hold ${id}`).toBe('expired');
    else if (complete) expect(['held', 'expired'], `hold ${id}`).toContain(stored!.status);
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

  it(`${HOLD_ATTEMPTS} concurrent holds of one start from ${WORKERS} processes: exactly one winner, start after start`, async () => {
    const acks = new Acknowledgements();
    const workers = await startTogether(WORKERS, 'booking-worker.ts', (i) => [file, String(i), 'holds', String(WORKERS)], (_i, m) => acks.record(m));
    const exits = await Promise.all(workers.map((w) => w.exited));

    expect(acks.failures).toEqual([]);
    expect(exits).toEqual(workers.map(() => ({ code: 0, signal: null })));
    for (const startMs of HOLD_STARTS) {
      const winners = [...acks.held.values()].filter((m) => m.startMs === startMs);
      const losers = acks.taken.filter((m) => m.startMs === startMs);
      expect(winners, new Date(startMs).toISOString()).toHaveLength(1);
      expect(losers.map((m) => m.code)).toEqual(Array.from({ length: HOLD_ATTEMPTS - 1 }, () => 'SLOT_TAKEN'));
    }
    const read = readClaims();
    expect(read.integrity).toBe('ok');
    expect(read.overlaps).toEqual([]);
    expect(read.holds.map((h) => h.id).sort()).toEqual([...acks.held.keys()].sort());
    expect(read.claims.filter((c) => c.live === 1).map((c) => c.owner_id).sort()).toEqual([...acks.held.keys()].sort());
  });

  it(`${WORKERS} processes booking and holding with buffered and patient claims: no two live claims overlap, no buffer is broken`, async () => {
    const acks = new Acknowledgements();
    const workers = await startTogether(WORKERS, 'booking-worker.ts', (i) => [file, String(i), 'buffered'], (_i, m) => acks.record(m));
    const exits = await Promise.all(workers.map((w) => w.exited));

    expect(acks.failures).toEqual([]);
    expect(exits).toEqual(workers.map(() => ({ code: 0, signal: null })));
    const read = readClaims();
    expect(read.integrity).toBe('ok');
    expect(read.overlaps).toEqual([]);
    expect(read.liveWithoutOwner).toEqual([]);
    expect(read.ownerWithoutLive).toEqual([]);
    expectEveryClaimedWriteStored(acks, read, true);
    expect(acks.lost).toEqual(new Set());
    // The oracle of the buffers, from the appointments alone: widened by 5 minutes before and
    // 15 after, no two booked ones of a doctor overlap.
    const booked = read.appointments.filter((a) => (BUFFER_DOCTORS as readonly string[]).includes(a.doctor_id) && a.status === 'booked');
    const widened = booked.map((a) => ({ id: a.id, doctor: a.doctor_id, from: a.start_ms - BUFFER_BEFORE_MS, to: a.end_ms + BUFFER_AFTER_MS }));
    const violations = widened.flatMap((a) =>
      widened.filter((b) => a.doctor === b.doctor && a.id < b.id && a.from < b.to && b.from < a.to).map((b) => [a.id, b.id]),
    );
    expect(violations).toEqual([]);
    // Every start was tried by every worker, and refusals were frequent: the contest was real.
    expect(acks.taken.length).toBeGreaterThan(BUFFERED_PLAN.length);
    expect(new Set(acks.taken.map((m) => m.code))).toEqual(new Set(['SLOT_TAKEN', 'PATIENT_BUSY']));
    expect(booked.length).toBeGreaterThan(5);
    expect(acks.confirmed.size).toBeGreaterThan(0);
    expect(acks.released.size).toBeGreaterThan(0);
  });

  it(`${WORKERS} processes writing claims, holds and confirmations, killed with SIGKILL mid-run, keep every acknowledged write`, async () => {
    const acks = new Acknowledgements();
    const killAfter = [20, 30, 40, 50];
    const madeBy = new Array<number>(WORKERS).fill(0);
    const workers = await startTogether(WORKERS, 'booking-worker.ts', (i) => [file, String(i), 'endless-claims'], (i, message, child) => {
      acks.record(message);
      if ((message.type === 'booked' || message.type === 'confirmed') && ++madeBy[i]! === killAfter[i]) child.kill('SIGKILL');
    });
    const exits = await Promise.all(workers.map((w) => w.exited));

    expect(acks.failures).toEqual([]);
    expect(exits).toEqual(workers.map(() => ({ code: null, signal: 'SIGKILL' })));
    const read = readClaims();
    expect(read.integrity).toBe('ok');
    expect(read.overlaps).toEqual([]);
    expect(read.liveWithoutOwner).toEqual([]);
    expect(read.ownerWithoutLive).toEqual([]);
    expectEveryClaimedWriteStored(acks, read, false);
    // Holds left to expire were retired by the writes in their way.
    expect(read.holds.filter((h) => h.status === 'expired').length).toBeGreaterThan(0);

    // And the file still works for the next writer.
    const db = new Database(file);
    try {
      const repository = createSqliteRepository(db);
      const last = Math.max(...read.claims.map((c) => c.to_ms));
      const next = { start: new Date(last).toISOString(), end: new Date(last + 1_800_000).toISOString() };
      await repository.insertHold({
        id: 'after-the-crash', doctorId: 'dr-0', locationId: 'loc-1', ...next, status: 'held',
        expiresAt: '2031-01-01T00:00:00.000Z', createdAt: '2030-12-31T00:00:00.000Z', updatedAt: '2030-12-31T00:00:00.000Z',
      });
      expect((await repository.getHold('after-the-crash'))?.status).toBe('held');
    } finally {
      db.close();
    }
  });
});
