// Where the time of one slot listing goes: each step that `findAvailableSlots`
// (src/booking/booking-operations.ts) takes for the list-memory / list-sqlite workloads, timed
// on its own in one process, µs per call (median over rounds, the steps rotating), beside the
// whole call and its floor. The steps run on the same data the call sees.
//
//   npx tsx bench/profile/list-stages.ts [memory|sqlite] [rounds=7] [callsPerRound=500]
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/list-cpu.ts memory
import { busyTimes } from '../../src/booking/policy.js';
import { formatInstant } from '../../src/booking/iso-instant.js';
import { guardRepository } from '../../src/booking/guarded-repository.js';
import { DoctorSchema, SlotQuerySchema, TimeZoneSchema, generateSlots, type Appointment, type Doctor } from '../../src/index.js';
import { compileSchedule } from '../../src/slots/compiled-schedule.js';
import { LIST_QUERY, LIST_RANGE, isoFormatter, listingFloor, openMemoryListing, openSqliteListing } from '../workloads/list.js';

const adapter = process.argv[2] ?? 'memory';
const rounds = Number(process.argv[3] ?? 7);
const calls = Number(process.argv[4] ?? 500);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const listing = await (adapter === 'sqlite' ? openSqliteListing() : openMemoryListing());
const { scheduler, repository, doctor } = listing;
const guarded = guardRepository(repository);
const from = Date.parse(LIST_QUERY.from);
const to = Date.parse(LIST_QUERY.to);
const now = Date.parse('2027-02-20T12:00:00.000Z');
const range = LIST_RANGE;
const appointments: readonly Appointment[] = (await repository.listAppointments(range)).items;
const busy = busyTimes(appointments);
const slots = generateSlots({ doctor, from, to, now, busy });
/** New doctor objects, made before a step that needs one per call. */
let clones: Doctor[] = [];
let sink: unknown;

type Step = { readonly name: string; readonly run: (i: number) => unknown; readonly fresh?: boolean };
const steps: Step[] = [
  { name: 'findAvailableSlots (whole call)', run: () => scheduler.findAvailableSlots(LIST_QUERY) },
  { name: 'floor (list + busy + generate + fast ISO)', run: () => listingFloor(listing) },
  {
    name: 'floor with toISOString instead',
    run: async () => {
      const page = await repository.listAppointments(range);
      const b = page.items.map((a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) }));
      return generateSlots({ doctor, from, to, now, busy: b }).map((s) => ({
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        locationIds: s.locationIds,
      }));
    },
  },
  { name: 'parseInput(SlotQuerySchema) :209', run: () => SlotQuerySchema.safeParse(LIST_QUERY) },
  { name: 'guarded getDoctor :94', run: () => guarded.getDoctor(doctor.id) },
  { name: '  adapter getDoctor alone', run: () => repository.getDoctor(doctor.id) },
  { name: 'structuredClone(doctor) scheduler-context :100', run: () => structuredClone(doctor) },
  { name: 'compileSchedule(new doctor) = DoctorSchema + compile', run: (i) => compileSchedule(clones[i]!), fresh: true },
  { name: '  DoctorSchema.safeParse(doctor)', run: (i) => DoctorSchema.safeParse(clones[i]!), fresh: true },
  { name: '    TimeZoneSchema.safeParse (new Intl.DateTimeFormat)', run: () => TimeZoneSchema.safeParse(doctor.timeZone) },
  { name: '    new Intl.DateTimeFormat alone', run: () => new Intl.DateTimeFormat('en-US', { timeZone: doctor.timeZone }) },
  { name: 'guarded listAppointments :114', run: () => guarded.listAppointments(range) },
  { name: '  adapter listAppointments alone', run: () => repository.listAppointments(range) },
  { name: 'busyTimes (Date.parse x2 per appointment)', run: () => busyTimes(appointments) },
  { name: 'generateSlots, compiled doctor', run: () => generateSlots({ doctor, from, to, now, busy }) },
  { name: 'generateSlots, new doctor (validate + compile + generate)', run: (i) => generateSlots({ doctor: clones[i]!, from, to, now, busy }), fresh: true },
  {
    name: 'format: toISOString x2 + [...locationIds] :227-231',
    run: () => slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), locationIds: [...s.locationIds] })),
  },
  { name: '  toISOString x2 only', run: () => slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), locationIds: s.locationIds })) },
  { name: '  [...locationIds] only', run: () => slots.map((s) => [...s.locationIds]) },
  {
    name: '  the floor\'s formatter x2 (bench/workloads/list.ts)',
    run: () => {
      const iso = isoFormatter();
      return slots.map((s) => ({ start: iso(s.start), end: iso(s.end), locationIds: s.locationIds }));
    },
  },
  { name: '  formatInstant x2 (iso-instant.ts)', run: () => slots.map((s) => ({ start: formatInstant(s.start), end: formatInstant(s.end), locationIds: s.locationIds })) },
];

const results = new Map<string, number[]>();
try {
  for (let r = -1; r < rounds; r++) {
    for (let k = 0; k < steps.length; k++) {
      const step = steps[(k + Math.max(r, 0)) % steps.length]!;
      if (step.fresh) clones = Array.from({ length: calls }, () => structuredClone(doctor));
      const started = performance.now();
      for (let i = 0; i < calls; i++) {
        const out = step.run(i);
        sink = out instanceof Promise ? await out : out;
      }
      const us = ((performance.now() - started) * 1000) / calls;
      if (r >= 0) (results.get(step.name) ?? results.set(step.name, []).get(step.name)!).push(us);
    }
  }
} finally {
  listing.close();
}
void sink;
const whole = median(results.get(steps[0]!.name)!);
console.log(`${adapter}: µs per call, median of ${rounds} rounds of ${calls} calls (share of the whole call)`);
for (const step of steps) {
  const us = median(results.get(step.name)!);
  console.log(`${step.name.padEnd(62)} ${us.toFixed(1).padStart(8)}  ${((100 * us) / whole).toFixed(0).padStart(4)} %`);
}
