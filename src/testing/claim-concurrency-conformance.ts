import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Claim, StoredClaim } from '../domain/claims.js';
import type { Appointment } from '../schemas/appointment.js';
import type { Hold } from '../schemas/hold.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, aHold, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import { claimsFor, claimsOfResource, storedClaim } from './claim-helpers.js';
import type { ConformanceOptions } from './conformance-options.js';
import { at, clock } from './instants.js';
import { DEFAULT_SLOW_TIMEOUT } from './kit-defaults.js';
import { listAllAppointments } from './list-all-appointments.js';
import { runProperty } from './run-property.js';
import { runnerOf } from './with-repository.js';

/** How many calls race in the one-start tests. */
const RACERS = 50;
/** How many independent races run at once in the round-based tests. */
const ROUNDS = 20;
const DAY = 24 * 60;

/** The code of a refusal, or the reason itself when it is not an error with a code. */
const codeOf = (reason: unknown): unknown => (reason instanceof Error && 'code' in reason ? reason.code : reason);

/** Splits settled results into values and the codes of the errors. */
function outcomes<T>(results: readonly PromiseSettledResult<T>[]): { values: T[]; codes: unknown[] } {
  const values: T[] = [];
  const codes: unknown[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') values.push(result.value);
    else codes.push(codeOf(result.reason));
  }
  return { values, codes };
}

const times = <T>(count: number, value: T): T[] => Array.from({ length: count }, () => value);

/** Whether two claims are on one resource lane and overlap, computed here. */
const collide = (a: Claim, b: Claim): boolean => a.kind === b.kind && a.id === b.id && a.lane === b.lane && a.from < b.to && b.from < a.to;

const byFromThenOwner = (a: StoredClaim, b: StoredClaim): number =>
  a.from < b.from ? -1 : a.from > b.from ? 1 : a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : a.lane - b.lane;

/**
 * Runs `body` with the repository and the writers to race: the repository alone, or, when it
 * declares `concurrentWriters: 'cross-process'` and the fixture has `connect()`, the repository
 * and two more connections to the same storage.
 */
async function withWriters(options: ConformanceOptions, body: (writers: SchedulingRepository[], repository: SchedulingRepository) => Promise<void>): Promise<void> {
  const fixture = await options.create();
  try {
    const { repository } = fixture;
    const crossProcess = repository.capabilities.concurrentWriters === 'cross-process' && fixture.connect !== undefined;
    const writers = crossProcess ? [repository, await fixture.connect!(), await fixture.connect!()] : [repository];
    await body(writers, repository);
  } finally {
    await fixture.teardown();
  }
}

/**
 * The conformance group for racing writers on claims: concurrent holds of one start give exactly
 * one hold; holds and bookings of one start, one winner; a confirmation and releases of one
 * hold, one winner; a confirmation just before a hold's expiry and a booking just after it,
 * never both; concurrent bookings with buffered and patient claims never leave two overlapping
 * live claims (a property); and a booking at a location and that location's removal never both
 * succeed. The writers race in one process, and also across connections when the repository
 * declares `concurrentWriters: 'cross-process'` and the fixture has `connect()`. Registers one
 * `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeClaimConcurrencyConformance } from 'clinic-slots/testing';
 * describeClaimConcurrencyConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeClaimConcurrencyConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeClaimConcurrencyConformance');
  const { describe, it } = runnerOf(options);
  const timeout = options.timeout ?? DEFAULT_SLOW_TIMEOUT;
  const suffix = '(across connections too when the fixture has connect())';
  const test = (name: string, body: (writers: SchedulingRepository[], repository: SchedulingRepository) => Promise<void>) =>
    it(
      `${name} ${suffix}`,
      () =>
        withWriters(options, async (writers, repository) => {
          await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
          await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
          await body(writers, repository);
        }),
      timeout,
    );
  const writer = (writers: readonly SchedulingRepository[], i: number) => writers[i % writers.length]!;

  describe(`${options.name}: concurrent writers on claims`, () => {
    test(`${RACERS} concurrent holds of one start give one hold and ${RACERS - 1} SLOT_TAKEN`, async (writers, repository) => {
      const holds = Array.from({ length: RACERS }, (_, i) =>
        aHold({ id: `hold-${String(i).padStart(2, '0')}`, start: at(60 + (i % 3)), end: at(90 + (i % 4)), patientRef: `patient/${i}` }),
      );
      const { values, codes } = outcomes(await Promise.allSettled(holds.map((h, i) => writer(writers, i).insertHold(h))));
      assert.equal(values.length, 1, 'exactly one hold should be stored');
      assert.deepStrictEqual(codes, times(RACERS - 1, 'SLOT_TAKEN'));
      const winner = holds.find((h) => h.id === values[0]!.id)!;
      assert.deepStrictEqual(values[0], winner);
      assert.deepStrictEqual(await repository.getHold(winner.id), winner);
      for (const loser of holds.filter((h) => h !== winner)) assert.equal(await repository.getHold(loser.id), undefined);
      assert.deepStrictEqual((await claimsOfResource(repository, 'doctor', 'doctor-1', clock(0))).map((c) => c.ownerId), [winner.id]);
    });

    test('concurrent holds and bookings of one start: exactly one takes it, the rest get SLOT_TAKEN', async (writers, repository) => {
      const writes = Array.from({ length: RACERS }, (_, i) =>
        i % 2 === 0
          ? (w: SchedulingRepository) => w.insertHold(aHold({ id: `h${i}`, start: at(60), end: at(90) }))
          : (w: SchedulingRepository) => w.insertAppointment(anAppointment({ id: `a${i}`, start: at(75), end: at(105) })),
      );
      const { values, codes } = outcomes(await Promise.allSettled(writes.map((write, i) => write(writer(writers, i)))));
      assert.equal(values.length, 1, 'exactly one hold or appointment should take the time');
      assert.deepStrictEqual(codes, times(RACERS - 1, 'SLOT_TAKEN'));
      assert.deepStrictEqual((await claimsOfResource(repository, 'doctor', 'doctor-1', clock(0))).map((c) => c.ownerId), [values[0]!.id]);
      assert.equal((await listAllAppointments(repository, { doctorId: 'doctor-1' })).length, values[0]!.id.startsWith('a') ? 1 : 0);
    });

    test(`concurrent confirmations and releases of one hold: exactly one wins, the rest get NOT_ACTIVE, in each of ${ROUNDS} rounds`, async (writers, repository) => {
      const holds: Hold[] = [];
      for (let round = 0; round < ROUNDS; round++) holds.push(await repository.insertHold(aHold({ id: `h${round}`, start: at(60 * round), end: at(60 * round + 30) })));
      const races = holds.map((hold, round) => {
        const calls = Array.from({ length: 10 }, (_, i) => {
          const w = writer(writers, round + i);
          if (i % 2 === 1) return w.changeHold({ id: hold.id, at: clock(1) });
          const appointment = anAppointment({ id: `a${round}-${i}`, start: hold.start, end: hold.end, createdAt: clock(1), updatedAt: clock(1) });
          return w.confirmHold({ holdId: hold.id, appointment, at: clock(1) });
        });
        return Promise.allSettled(calls);
      });
      const settled = await Promise.all(races);
      const appointments = await listAllAppointments(repository, { doctorId: 'doctor-1' });
      for (const [round, results] of settled.entries()) {
        const { values, codes } = outcomes<unknown>(results);
        assert.equal(values.length, 1, `round ${round}: exactly one call should win`);
        assert.deepStrictEqual(codes, times(9, 'NOT_ACTIVE'), `round ${round}`);
        const stored = await repository.getHold(`h${round}`);
        const winnerIndex = results.findIndex((r) => r.status === 'fulfilled');
        const made = appointments.filter((a) => a.id.startsWith(`a${round}-`));
        if (winnerIndex % 2 === 1) {
          assert.equal(stored?.status, 'released', `round ${round}: the release won`);
          assert.deepStrictEqual(made, []);
        } else {
          assert.deepStrictEqual([stored?.status, stored?.appointmentId], ['confirmed', `a${round}-${winnerIndex}`], `round ${round}: a confirmation won`);
          assert.deepStrictEqual(made.map((a) => a.id), [`a${round}-${winnerIndex}`]);
        }
      }
      const claims = await claimsOfResource(repository, 'doctor', 'doctor-1', clock(1));
      assert.deepStrictEqual(claims.map((c) => c.ownerId), appointments.map((a) => a.id), 'only the confirmed appointments hold time');
    });

    test(`a confirmation just before a hold's expiry and a booking just after it never both land, in each of ${ROUNDS} rounds`, async (writers, repository) => {
      const holds: Hold[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        holds.push(await repository.insertHold(aHold({ id: `h${round}`, start: at(60 * round), end: at(60 * round + 30), expiresAt: clock(10) })));
      }
      const settled = await Promise.all(
        holds.map((hold, round) => {
          const confirmation = anAppointment({ id: `confirmed-${round}`, start: hold.start, end: hold.end, createdAt: clock(9), updatedAt: clock(9) });
          const booking = anAppointment({ id: `booked-${round}`, start: hold.start, end: hold.end, createdAt: clock(10), updatedAt: clock(10) });
          return Promise.allSettled([
            writer(writers, round).confirmHold({ holdId: hold.id, appointment: confirmation, at: clock(9) }),
            writer(writers, round + 1).insertAppointment(booking),
          ]);
        }),
      );
      for (const [round, [confirm, book]] of settled.entries()) {
        const outcome = [confirm!.status === 'fulfilled' ? 'confirmed' : codeOf(confirm!.reason), book!.status === 'fulfilled' ? 'booked' : codeOf(book!.reason)];
        assert.ok(
          // A booking that lands first marks the hold expired (then NOT_ACTIVE); had it not, the confirmation meets its claim (SLOT_TAKEN).
          (outcome[0] === 'confirmed' && outcome[1] === 'SLOT_TAKEN') || ((outcome[0] === 'NOT_ACTIVE' || outcome[0] === 'SLOT_TAKEN') && outcome[1] === 'booked'),
          `round ${round}: exactly one should land (confirmation, booking): ${JSON.stringify(outcome)}`,
        );
        const booked = await listAllAppointments(repository, { doctorId: 'doctor-1', from: holds[round]!.start, to: holds[round]!.end, statuses: ['booked'] });
        assert.equal(booked.length, 1, `round ${round}: one appointment holds the time`);
      }
    });

    test(`two concurrent bookings of 09:00 and 09:30 with a 15-minute buffer after: exactly one lands, in each of ${ROUNDS} rounds`, async (writers, repository) => {
      const settled = await Promise.all(
        Array.from({ length: ROUNDS }, (_, round) => {
          const pair = [60, 90].map((start, i) => anAppointment({ id: `r${round}-${i}`, start: at(round * DAY + start), end: at(round * DAY + start + 30) }));
          return Promise.allSettled(pair.map((a, i) => writer(writers, round + i).insertAppointment(a, { claims: claimsFor(a, { after: 15 }) })));
        }),
      );
      for (const [round, results] of settled.entries()) {
        const { values, codes } = outcomes(results);
        assert.deepStrictEqual([values.length, codes], [1, ['SLOT_TAKEN']], `round ${round}`);
      }
      const claims = await claimsOfResource(repository, 'doctor', 'doctor-1', clock(0));
      for (let i = 1; i < claims.length; i++) assert.ok(claims[i - 1]!.to <= claims[i]!.from, `${claims[i - 1]!.ownerId} overlaps ${claims[i]!.ownerId}`);
    });

    test(`bookings at a location and that location's removal, racing: never both, in each of ${ROUNDS} rounds`, async (writers, repository) => {
      const doctorIds = Array.from({ length: ROUNDS }, (_, round) => `removal-${round}`);
      for (const id of doctorIds) await repository.createDoctor(aDoctor({ id }));
      const settled = await Promise.all(
        doctorIds.map((doctorId, round) => {
          const removal = writer(writers, round).updateDoctor(
            aDoctor({ id: doctorId, version: 2, locations: [{ id: 'location-1', address: '1 Park St' }], updatedAt: clock(1) }),
            1,
            { removedLocation: { id: 'location-2', activeAfter: clock(1) } },
          );
          const bookings = Array.from({ length: 4 }, (_, i) =>
            writer(writers, round + i + 1).insertAppointment(
              anAppointment({ id: `${doctorId}-${i}`, doctorId, locationId: 'location-2', start: at(60 * i), end: at(60 * i + 30), createdAt: clock(1), updatedAt: clock(1) }),
              { doctorVersion: 1 },
            ),
          );
          return Promise.allSettled([removal, ...bookings]);
        }),
      );
      for (const [round, [removal, ...bookings]] of settled.entries()) {
        const doctorId = doctorIds[round]!;
        const booked = await listAllAppointments(repository, { doctorId, statuses: ['booked'] });
        if (removal!.status === 'fulfilled') {
          assert.deepStrictEqual(bookings.map((b) => (b.status === 'fulfilled' ? 'booked' : codeOf(b.reason))), times(4, 'CONFLICT'), `round ${round}: the removal won`);
          assert.deepStrictEqual(booked, [], `round ${round}: no booking at the removed location`);
          assert.equal((await repository.getDoctor(doctorId))?.version, 2);
        } else {
          assert.equal(codeOf(removal!.reason), 'DOCTOR_HAS_APPOINTMENTS', `round ${round}`);
          assert.ok(booked.length > 0, `round ${round}: the removal was refused, so a booking landed`);
          assert.equal((await repository.getDoctor(doctorId))?.version, 1);
        }
      }
    });

    it(
      `concurrent bookings and holds with buffered and patient claims never leave two overlapping live claims (property) ${suffix}`,
      () => {
        const request = fc.record({
          hold: fc.boolean(),
          doctor: fc.constantFrom('doctor-1', 'doctor-2'),
          patient: fc.option(fc.constantFrom('patient/0', 'patient/1'), { nil: undefined }),
          slot: fc.integer({ min: 0, max: 16 }),
          length: fc.integer({ min: 1, max: 4 }),
          before: fc.constantFrom(0, 5, 15),
          after: fc.constantFrom(0, 10, 15),
        });
        return runProperty(
          options,
          'concurrent-claims',
          fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 20 }), async (requests) =>
            withWriters(options, async (writers, repository) => {
              await repository.createDoctor(aDoctor({ id: 'doctor-1' }));
              await repository.createDoctor(aDoctor({ id: 'doctor-2' }));
              const writes = requests.map((r, i) => {
                const fields = { id: `w${i}`, doctorId: r.doctor, start: at(r.slot * 15), end: at((r.slot + r.length) * 15), patientRef: r.patient ?? `patient/solo-${i}` };
                const owner: Appointment | Hold = r.hold ? aHold(fields) : anAppointment(fields);
                return { owner, ownerKind: r.hold ? ('hold' as const) : ('appointment' as const), claims: claimsFor(owner, { before: r.before, after: r.after, patient: r.patient !== undefined }) };
              });
              const results = await Promise.allSettled(
                writes.map((w, i) =>
                  w.ownerKind === 'hold'
                    ? writer(writers, i).insertHold(w.owner as Hold, { claims: w.claims })
                    : writer(writers, i).insertAppointment(w.owner as Appointment, { claims: w.claims }),
                ),
              );
              assert.deepStrictEqual(outcomes(results).codes.filter((code) => code !== 'SLOT_TAKEN' && code !== 'PATIENT_BUSY'), []);
              const landed = writes.filter((_, i) => results[i]!.status === 'fulfilled');
              const listed: StoredClaim[] = [];
              for (const [kind, id] of [['doctor', 'doctor-1'], ['doctor', 'doctor-2'], ['patient', 'patient/0'], ['patient', 'patient/1']] as const) {
                const claims = await claimsOfResource(repository, kind, id, clock(0));
                // What is listed is exactly the claims of the writes that landed ...
                const expected = landed.flatMap((w) => w.claims.filter((c) => c.kind === kind && c.id === id).map((c) => storedClaim(c, w.ownerKind, w.owner.id)));
                assert.deepStrictEqual(claims, expected.sort(byFromThenOwner), `the claims of ${kind} ${id}`);
                // ... no two of them overlap ...
                for (const [i, a] of claims.entries()) for (const b of claims.slice(i + 1)) assert.ok(!collide(a, b), `${a.ownerId} and ${b.ownerId} overlap on ${kind} ${id}`);
                listed.push(...claims);
              }
              // ... and every refused write met a claim that is there.
              for (const [i, w] of writes.entries()) {
                if (results[i]!.status === 'fulfilled') continue;
                assert.ok(w.claims.some((c) => listed.some((l) => collide(c, l))), `${w.owner.id} was refused, but none of its claims is taken`);
              }
            }),
          ),
        );
      },
      timeout,
    );
  });
}
