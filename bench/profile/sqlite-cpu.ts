// CPU time per booking on one SQLite file, one process, for each way of booking of the
// book-sqlite bench (raw statements, the adapter's insertAppointment, scheduler.book()), and per
// hold of the hold-confirm-sqlite bench (scheduler.hold() then confirmHold(): `holdConfirm`),
// phases rotating. Every id is a random UUID.
//
//   npx tsx bench/profile/sqlite-cpu.ts [rounds=5] [bookingsPerPhase=2000] [synchronous=FULL]
//   MODES=scheduler node --import tsx --cpu-prof bench/profile/sqlite-cpu.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createScheduler, fixedClock, type Doctor } from 'clinic-slots';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { SQL } from '../../src/adapters/sqlite/sqlite-statements.js';
import { BENCH_NOW, SLOT_MS, slotStart } from '../sqlite/book-plan.js';

const rounds = Number(process.argv[2] ?? 5);
const bookings = Number(process.argv[3] ?? 2000);
const synchronous = (process.argv[4] ?? 'FULL') as 'FULL' | 'NORMAL';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-cpu-'));
const db = new Database(join(dir, 'bench.db'));
try {
  const repository = createSqliteRepository(db, { synchronous });
  const created = new Date(BENCH_NOW).toISOString();
  const allDay = [{ start: '00:00', end: '24:00' }];
  const doctor: Doctor = {
    id: 'dr-0', name: 'Doctor', timeZone: 'UTC', locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay },
    overrides: [], rules: { slotLength: 'PT30M' }, version: 1, createdAt: created, updatedAt: created,
  };
  await repository.createDoctor(doctor);
  const scheduler = createScheduler({ repository, clock: fixedClock(new Date(BENCH_NOW)) });
  const [begin, commit, insert, insertClaim] = [SQL.begin, SQL.commit, SQL.insertAppointment, SQL.insertClaim].map((sql) => db.prepare(sql));
  let next = 0;
  const modes = {
    raw: async () => {
      for (let n = 0; n < bookings; n++, next++) {
        const start = slotStart(next);
        const row = {
          id: globalThis.crypto.randomUUID(), doctor_id: 'dr-0', location_id: 'loc-1', start_ms: start, end_ms: start + SLOT_MS,
          patient_ref: `patient/${next}`, status: 'booked', created_ms: BENCH_NOW, updated_ms: BENCH_NOW, cancellation_reason: null,
          idempotency_key: null, rescheduled_from: null, rescheduled_to: null,
        };
        begin!.run();
        insert!.run(row);
        // The claim trigger checks the overlap.
        insertClaim!.run({ owner_kind: 'appointment', owner_id: row.id, resource_kind: 'doctor', resource_id: row.doctor_id, lane: 0, from_ms: row.start_ms, to_ms: row.end_ms });
        commit!.run();
      }
    },
    insert: async () => {
      for (let n = 0; n < bookings; n++, next++) {
        const start = slotStart(next);
        await repository.insertAppointment(
          {
            id: globalThis.crypto.randomUUID(), doctorId: 'dr-0', locationId: 'loc-1', start: new Date(start).toISOString(),
            end: new Date(start + SLOT_MS).toISOString(), patientRef: `patient/${next}`, status: 'booked', createdAt: created, updatedAt: created,
          },
          { doctorVersion: 1 },
        );
      }
    },
    scheduler: async () => {
      for (let n = 0; n < bookings; n++, next++) {
        await scheduler.book({ doctorId: 'dr-0', locationId: 'loc-1', start: new Date(slotStart(next)).toISOString(), patientRef: `patient/${next}` });
      }
    },
    holdConfirm: async () => {
      for (let n = 0; n < bookings; n++, next++) {
        const hold = await scheduler.hold({ doctorId: 'dr-0', locationId: 'loc-1', start: new Date(slotStart(next)).toISOString() });
        await scheduler.confirmHold(hold.id, { patientRef: `patient/${next}` });
      }
    },
  };
  const names = (process.env.MODES?.split(',') ?? Object.keys(modes)) as Array<keyof typeof modes>;
  const cpu: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  for (let r = -1; r < rounds; r++) {
    for (let m = 0; m < names.length; m++) {
      const name = names[(m + Math.max(r, 0)) % names.length]!;
      const usage = process.cpuUsage();
      const started = performance.now();
      await modes[name]();
      const used = process.cpuUsage(usage);
      if (r >= 0) {
        (cpu[name] ??= []).push((used.user + used.system) / bookings);
        (wall[name] ??= []).push(performance.now() - started);
      }
    }
  }
  console.log(
    JSON.stringify(Object.fromEntries(names.map((n) => [n, { cpuUs: Math.round(median(cpu[n]!)), perSecond: Math.round((bookings / median(wall[n]!)) * 1000) }]))),
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
