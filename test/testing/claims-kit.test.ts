/**
 * The conformance kit v2 (claims, buffers, holds, patient conflicts, location removal, details,
 * races, the model with holds) tested on its own: it passes on a plain reference repository
 * written from the port's TSDoc, and each deliberate mistake in that repository makes the kit's
 * tests that are meant to catch it fail. So no group passes because it cannot fail.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as kit from 'clinic-slots/testing';
import type { ConformanceOptions, ConformanceTestBody } from 'clinic-slots/testing';
import { createReferenceRepository, type Mutation } from './support/reference-repository.js';

const fixtureOf = (mutation?: Mutation) => () => ({ repository: createReferenceRepository(mutation), teardown: () => {} });

describe('the kit on a correct repository', () => {
  kit.describeRepositoryConformance({ name: 'reference', create: fixtureOf(), test: { describe, it } });

  // The races again over two more repository objects on the same storage, as a fixture with connect() gives them.
  kit.describeClaimConcurrencyConformance({
    name: 'reference with connect()',
    create: () => {
      const repository = createReferenceRepository(undefined, { concurrentWriters: 'cross-process' });
      return { repository, connect: () => ({ ...repository }), teardown: () => {} };
    },
    test: { describe, it },
    numRuns: 10,
  });
});

type Group = (options: ConformanceOptions) => void;

/** The seed of every property run on a mistaken repository. */
const SEED = 20300107;

/**
 * Registers `group` for the mutated repository with a recording runner, runs every test, and
 * names those that fail. The properties run from one fixed seed, so that whether the model-based
 * test finds a mistake does not change from run to run (a verdict here must not be luck).
 */
async function failuresOf(group: Group, mutation: Mutation): Promise<string[]> {
  const tests: Array<{ name: string; body: ConformanceTestBody }> = [];
  group({
    name: mutation,
    create: fixtureOf(mutation),
    test: { describe: (_name, body) => body(), it: (name, body) => tests.push({ name, body }) },
    numRuns: 30,
  });
  const failed: string[] = [];
  fc.configureGlobal({ seed: SEED });
  try {
    for (const test of tests) {
      try {
        await test.body();
      } catch {
        failed.push(test.name);
      }
    }
  } finally {
    fc.resetConfigureGlobal();
  }
  return failed;
}

/** Each mistake, the group meant to catch it, and (some of) the tests of that group that must fail. */
const CAUGHT: Array<[Mutation, string, Group, string[]]> = [
  ['ignores-patient-claims', 'patient conflicts', kit.describePatientConflictConformance, [
    'refuses a patient at another doctor at an overlapping time with PATIENT_BUSY, and stores nothing',
    "a patient's live hold refuses that patient at another doctor with PATIENT_BUSY, until it is released",
  ]],
  ['ignores-given-claims', 'claims', kit.describeClaimConformance, ['takes exactly the claims it is given: its doctor widened by buffers, and its patient']],
  ['ignores-given-claims', 'buffers', kit.describeBufferConformance, [
    'refuses a booking that starts in the buffer after another, though their own times are back to back',
    'gives the same verdicts whichever of two bookings comes first, for any buffers before and after (property)',
  ]],
  ['ignores-given-claims', 'the model', kit.describeModelConformance, ['matches a Map model after every command of any sequence']],
  // Round one's mistake: a new booking's buffers checked against the raw times of the others, so the order of booking decides.
  ['checks-new-claims-against-raw-times', 'buffers', kit.describeBufferConformance, [
    'refuses a booking that starts in the buffer after another, though their own times are back to back',
    'refuses the second of 09:30 and 10:00 in either order, with 0 minutes before and 15 after',
  ]],
  ['keeps-claims-of-cancelled', 'claims', kit.describeClaimConformance, ['releases the doctor and patient claims of an appointment that becomes cancelled']],
  ['keeps-claims-of-cancelled', 'the model', kit.describeModelConformance, ['matches a Map model after every command of any sequence']],
  ['partial-claims', 'claims', kit.describeClaimConformance, ['takes its claims all or none: a refused patient claim leaves its doctor claim free, and stores nothing']],
  ['reschedule-not-atomic', 'claims', kit.describeClaimConformance, [
    'reschedule is all or nothing: a replacement whose buffered claim is taken gets SLOT_TAKEN, and the old claims stay',
    'reschedule is all or nothing: a replacement whose patient claim is taken gets PATIENT_BUSY, and the old claims stay',
  ]],
  ['expiry-by-wall-clock', 'holds', kit.describeHoldConformance, [
    'judges expiry by the instant passed, never by the wall clock: a hold of 2001 is live in 2001, one of 2090 expired in 2090',
    "frees an expired hold's time for an appointment written at its expiresAt, not a millisecond before",
  ]],
  ['expired-holds-still-block', 'holds', kit.describeHoldConformance, [
    "frees an expired hold's time for an appointment written at its expiresAt, not a millisecond before",
    'refuses a held hold at or past its expiresAt with HOLD_EXPIRED, renewing or releasing, and changes nothing',
  ]],
  ['expired-holds-still-block', 'claims', kit.describeClaimConformance, ["judges liveness at `at`: a hold's claims are listed before its expiresAt and left out from then on"]],
  ['never-marks-expired', 'holds', kit.describeHoldConformance, ['marks an expired hold that a write meets as expired, with its claims released; it is then NOT_ACTIVE']],
  ['confirm-meets-own-hold', 'holds', kit.describeHoldConformance, ['confirms a live hold into the appointment: the hold confirmed with appointmentId and updatedAt, the appointment stored']],
  ['confirm-meets-own-hold', 'the model', kit.describeModelConformance, ['matches a Map model after every command of any sequence']],
  ['no-retried-confirmation', 'holds', kit.describeHoldConformance, [
    'returns the same for a retried confirmation and changes nothing: the same request, or a new appointment id with the same key, even after the expiry',
  ]],
  ['refused-confirmation-changes-hold', 'holds', kit.describeHoldConformance, [
    'refuses a claim the hold did not have, taken by another, with SLOT_TAKEN, and changes nothing',
    'refuses an appointment idempotency key that another appointment has with CONFLICT, and changes nothing',
  ]],
  ['refused-change-marks-expired', 'holds', kit.describeHoldConformance, ['refuses a held hold at or past its expiresAt with HOLD_EXPIRED, renewing or releasing, and changes nothing']],
  ['renewal-drops-claims', 'holds', kit.describeHoldConformance, ['renews a live hold: a new expiresAt and updatedAt, the same claims, holding its time past the old expiry']],
  ['renewal-drops-claims', 'the model', kit.describeModelConformance, ['matches a Map model after every command of any sequence']],
  ['hold-claims-outlive-release', 'holds', kit.describeHoldConformance, ['releases a live hold: released, with updatedAt, and its time free at once']],
  ['hold-claims-outlive-release', 'the model', kit.describeModelConformance, ['matches a Map model after every command of any sequence']],
  ['shared-key-namespace', 'holds', kit.describeHoldConformance, ["keeps holds' idempotency keys apart from appointments': one key can name a hold and an appointment"]],
  ['no-location-check', 'location removal', kit.describeLocationRemovalConformance, [
    'refuses with DOCTOR_HAS_APPOINTMENTS while a booked appointment there ends after activeAfter, and changes nothing',
  ]],
  ['location-check-counts-cancelled', 'location removal', kit.describeLocationRemovalConformance, [
    "ignores the doctor's appointments at other locations, and those there that are no longer booked",
  ]],
  ['claims-in-insertion-order', 'claims', kit.describeClaimConformance, ['lists the live claims of one resource ordered by from, then owner id, across lanes, appointments and holds']],
  ['lists-expired-holds', 'claims', kit.describeClaimConformance, ["judges liveness at `at`: a hold's claims are listed before its expiresAt and left out from then on"]],
  ['bare-refusals', 'details of refusals', kit.describeRefusalDetailsConformance, [
    'SLOT_TAKEN names the doctor whose claim is taken, for an appointment and for a hold',
    'PATIENT_BUSY names the patient and the start of the refused claim',
    'CONFLICT of a stale doctor version says stale-version, with the current version',
    'HOLD_NOT_FOUND names the hold',
    'HOLD_EXPIRED names the hold and when it expired, for a change and for a confirmation',
    'NOT_ACTIVE of a hold names the hold and its status',
    'DOCTOR_HAS_APPOINTMENTS of a location removal names the doctor and the location',
    'CONFLICT of an id or key that exists says already-exists, with the subject and the id',
  ]],
  // A check, then a turn of the event loop, then the write: every race has two winners.
  ['yields-between-check-and-write', 'races on claims', kit.describeClaimConcurrencyConformance, [
    '50 concurrent holds of one start give one hold and 49 SLOT_TAKEN (across connections too when the fixture has connect())',
    'concurrent holds and bookings of one start: exactly one takes it, the rest get SLOT_TAKEN (across connections too when the fixture has connect())',
    'concurrent confirmations and releases of one hold: exactly one wins, the rest get NOT_ACTIVE, in each of 20 rounds (across connections too when the fixture has connect())',
    "a confirmation just before a hold's expiry and a booking just after it never both land, in each of 20 rounds (across connections too when the fixture has connect())",
    'two concurrent bookings of 09:00 and 09:30 with a 15-minute buffer after: exactly one lands, in each of 20 rounds (across connections too when the fixture has connect())',
    "bookings at a location and that location's removal, racing: never both, in each of 20 rounds (across connections too when the fixture has connect())",
    'concurrent bookings and holds with buffered and patient claims never leave two overlapping live claims (property) (across connections too when the fixture has connect())',
  ]],
];

describe('each deliberate mistake fails the tests meant to catch it', () => {
  for (const [mutation, groupName, group, expected] of CAUGHT) {
    it(`${mutation}: ${groupName}`, async () => {
      const failed = await failuresOf(group, mutation);
      expect(failed).toEqual(expect.arrayContaining(expected));
    }, 60_000);
  }
});
