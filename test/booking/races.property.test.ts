import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DoctorSchema,
  SchedulingError,
  createMemoryRepository,
  createScheduler,
  fixedClock,
  generateSlots,
  type Appointment,
  type AppointmentStatus,
  type BookingRules,
  type Doctor,
  type SchedulingRepository,
} from 'clinic-slots';
import { PORT_METHODS, snapshot } from './support.js';
import { runs } from '../support/runs.js';

const NOW = '2027-01-01T08:00:00.000Z';

/** Rule sets to start from and to switch to mid-run: step shorter than length, buffers. */
const RULES: BookingRules[] = [
  { slotLength: 'PT30M' },
  { slotLength: 'PT30M', slotStep: 'PT15M' },
  { slotLength: 'PT30M', bufferAfter: 'PT15M' },
  { slotLength: 'PT20M', slotStep: 'PT10M', bufferBefore: 'PT10M' },
];

const doctorWith = (rules: BookingRules): Doctor =>
  DoctorSchema.parse({
    id: 'dr-race',
    name: 'Dr Race',
    timeZone: 'UTC',
    locations: [
      { id: 'a', address: 'A' },
      { id: 'b', address: 'B' },
    ],
    schedule: { monday: [{ start: '09:00', end: '12:00' }] },
    overrides: [],
    rules,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
  });

/** Every start the Monday publishes under any of the rule sets. */
const STARTS = [
  ...new Set(
    RULES.flatMap((rules) =>
      generateSlots({ doctor: doctorWith(rules), from: Date.parse('2027-01-04T00:00:00Z'), to: Date.parse('2027-01-05T00:00:00Z'), now: 0 }).map((s) =>
        new Date(s.start).toISOString(),
      ),
    ),
  ),
].sort();

/** Two appointments already booked before the run, for the run to cancel and move. */
const PRIOR: Appointment[] = [
  { start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T09:30:00.000Z' },
  { start: '2027-01-04T11:00:00.000Z', end: '2027-01-04T11:30:00.000Z' },
].map((t, i) => ({
  id: `prior-${i}`,
  doctorId: 'dr-race',
  locationId: 'a',
  ...t,
  patientRef: `patient/prior-${i}`,
  status: 'booked' as const,
  createdAt: NOW,
  updatedAt: NOW,
}));

/** A repository whose every call waits for the fast-check scheduler before it reaches the store. */
function scheduled(inner: SchedulingRepository, s: fc.Scheduler): SchedulingRepository {
  const wrapped: Record<string, unknown> = { capabilities: inner.capabilities };
  for (const name of PORT_METHODS) {
    wrapped[name] = async (...args: unknown[]) => {
      await s.schedule(Promise.resolve(), name);
      return (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return wrapped as unknown as SchedulingRepository;
}

const then = fc.constantFrom('keep', 'cancel', 'reschedule');

/** One concurrent actor: books then maybe cancels or moves its booking, works on a prior appointment, or changes the rules. */
const actorArb = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), slot: fc.nat(), location: fc.constantFrom('a', 'b'), key: fc.boolean(), then, target: fc.nat() }),
  fc.record({ kind: fc.constant('prior' as const), which: fc.nat({ max: PRIOR.length - 1 }), then: fc.constantFrom('cancel', 'reschedule'), target: fc.nat() }),
  fc.record({ kind: fc.constant('rules' as const), rules: fc.nat({ max: RULES.length - 1 }) }),
);

type Actor = typeof actorArb extends fc.Arbitrary<infer A> ? A : never;

/** Codes a call may legitimately be refused with in these runs. */
const EXPECTED_REFUSALS = ['SLOT_TAKEN', 'SLOT_NOT_OFFERED', 'NOT_ACTIVE', 'CONFLICT', 'LOCATION_NOT_SERVED'];

describe('concurrent book, cancel and reschedule (fc.scheduler over the port)', () => {
  it('never leave overlapping active appointments, never lose an acknowledged booking, never keep an unacknowledged one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.nat({ max: RULES.length - 1 }), fc.array(actorArb, { minLength: 2, maxLength: 6 }), async (s, initial, actors) => {
        const inner = createMemoryRepository({ doctors: [doctorWith(RULES[initial]!)], appointments: PRIOR });
        const scheduler = createScheduler({ repository: scheduled(inner, s), clock: fixedClock(NOW) });

        /** What the run acknowledged: the status each appointment must have at the end. */
        const expected = new Map<string, AppointmentStatus>(PRIOR.map((a) => [a.id, 'booked']));
        /** How often each appointment left `booked` through an acknowledged call (at most once). */
        const left = new Map<string, number>();
        const leave = (id: string) => left.set(id, (left.get(id) ?? 0) + 1);
        const unexpected: unknown[] = [];
        const refused = (error: unknown) => {
          if (!(error instanceof SchedulingError) || !EXPECTED_REFUSALS.includes(error.code)) unexpected.push(error);
        };

        const move = async (id: string, target: number) => {
          const { cancelled, booked } = await scheduler.reschedule(id, { start: STARTS[target % STARTS.length]! });
          expect(cancelled.rescheduledTo).toBe(booked.id);
          expect(booked.rescheduledFrom).toBe(id);
          expected.set(id, 'cancelled');
          expected.set(booked.id, 'booked');
          leave(id);
        };
        const finish = async (id: string, next: string, target: number) => {
          if (next === 'cancel') {
            await scheduler.cancel(id);
            expected.set(id, 'cancelled');
            leave(id);
          } else if (next === 'reschedule') {
            await move(id, target);
          }
        };
        const act = async (actor: Actor, i: number): Promise<void> => {
          if (actor.kind === 'book') {
            const appointment = await scheduler.book({
              doctorId: 'dr-race',
              locationId: actor.location,
              start: STARTS[actor.slot % STARTS.length]!,
              patientRef: `patient/${i}`,
              ...(actor.key ? { idempotencyKey: `key-${i}` } : {}),
            });
            expected.set(appointment.id, 'booked');
            await finish(appointment.id, actor.then, actor.target);
          } else if (actor.kind === 'prior') {
            await finish(PRIOR[actor.which]!.id, actor.then, actor.target);
          } else {
            await scheduler.setBookingRules('dr-race', RULES[actor.rules]!);
          }
        };

        await s.waitFor(Promise.all(actors.map((actor, i) => act(actor, i).catch(refused))));

        expect(unexpected).toEqual([]);
        const { appointments } = await snapshot(inner);
        const active = appointments.filter((a) => a.status === 'booked').sort((a, b) => a.start.localeCompare(b.start));
        for (let i = 1; i < active.length; i++) {
          expect(active[i]!.start >= active[i - 1]!.end, `${active[i - 1]!.id} and ${active[i]!.id} overlap`).toBe(true);
        }
        const stored = new Map(appointments.map((a) => [a.id, a.status]));
        for (const [id, status] of expected) expect(stored.get(id), `appointment ${id}`).toBe(status);
        // Nothing was booked that no call acknowledged.
        const acknowledged = [...expected].filter(([, status]) => status === 'booked').map(([id]) => id).sort();
        expect(active.map((a) => a.id).sort()).toEqual(acknowledged);
        for (const [id, times] of left) expect(times, `appointment ${id} left booked ${times} times`).toBe(1);
      }),
      { numRuns: runs(100) },
    );
  });
});
