// The CPU cost of scheduler.book() itself, without storage: a repository whose insertAppointment
// resolves at once (`null`), or on the next turn of the event loop with 16 bookings in flight
// (`async`, as a pool of connections would), or the memory repository (`memory`); and the same
// inserts made straight on the repository for comparison. Prints µs per booking for each.
//
//   npx tsx bench/profile/book-cpu.ts [bookings=20000] [rounds=7]
//   REPO=async node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/book-cpu.ts
import { createMemoryRepository, createScheduler, fixedClock, type Appointment, type Doctor, type SchedulingRepository } from 'clinic-slots';

const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const SLOT_MS = 30 * 60_000;
const CREATED = new Date(NOW).toISOString();
const DOCTORS = 64;

function benchDoctor(id: string): Doctor {
  const allDay = [{ start: '00:00', end: '24:00' }];
  return {
    id, name: `Doctor ${id}`, timeZone: 'UTC', locations: [{ id: 'loc-1', address: '1 Park St' }],
    schedule: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay },
    overrides: [], rules: { slotLength: 'PT30M' }, version: 1, createdAt: CREATED, updatedAt: CREATED,
  };
}

const bookings = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 7);
const doctors = Array.from({ length: DOCTORS }, (_, d) => benchDoctor(`dr-${d}`));

/** A repository that stores nothing: insertAppointment resolves to its argument, at once or on the next turn. */
function nullRepository(later: boolean): SchedulingRepository {
  const memory = createMemoryRepository({ doctors });
  const insertAppointment = later
    ? (a: Appointment) => new Promise<Appointment>((resolve) => setImmediate(resolve, a))
    : async (a: Appointment) => a;
  return { ...memory, insertAppointment };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Runs `count` tasks, `lanes` at a time. */
async function inLanes(count: number, lanes: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function measure(name: string, repository: SchedulingRepository, lanes: number): Promise<void> {
  const scheduler = createScheduler({ repository, clock: fixedClock(new Date(NOW)) });
  let base = 0;
  const slot = (i: number) => ({ doctorId: `dr-${i % DOCTORS}`, start: NOW + 24 * 3600_000 + (base + Math.floor(i / DOCTORS)) * SLOT_MS });
  const book = async () => {
    await inLanes(bookings, lanes, async (i) => {
      const { doctorId, start } = slot(i);
      await scheduler.book({ doctorId, locationId: 'loc-1', start: new Date(start).toISOString(), patientRef: `patient/${i}` });
    });
    base += Math.ceil(bookings / DOCTORS);
  };
  const insert = async () => {
    await inLanes(bookings, lanes, async (i) => {
      const { doctorId, start } = slot(i);
      await repository.insertAppointment(
        {
          id: globalThis.crypto.randomUUID(), doctorId, locationId: 'loc-1',
          start: new Date(start).toISOString(), end: new Date(start + SLOT_MS).toISOString(),
          patientRef: `patient/${i}`, status: 'booked', createdAt: CREATED, updatedAt: CREATED,
        },
        { doctorVersion: 1 },
      );
    });
    base += Math.ceil(bookings / DOCTORS);
  };
  const times: Record<'book' | 'insert', number[]> = { book: [], insert: [] };
  for (let r = -1; r < rounds; r++) {
    for (const [mode, f] of [['insert', insert], ['book', book]] as const) {
      const usage = process.cpuUsage();
      await f();
      const used = process.cpuUsage(usage);
      if (r >= 0) times[mode].push(used.user + used.system);
    }
  }
  const us = (mode: 'book' | 'insert') => Number((median(times[mode]) / bookings).toFixed(1));
  console.log(JSON.stringify({ repository: name, bookCpuUs: us('book'), insertCpuUs: us('insert') }));
}

const which = process.env.REPO?.split(',') ?? ['null', 'async', 'memory'];
if (which.includes('null')) await measure('null', nullRepository(false), 1);
if (which.includes('async')) await measure('async', nullRepository(true), 16);
if (which.includes('memory')) await measure('memory', createMemoryRepository({ doctors }), 1);
