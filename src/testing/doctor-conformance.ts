import assert from 'node:assert/strict';
import type { Doctor } from '../schemas/doctor.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { runnerOf, withRepository } from './with-repository.js';

/** Every doctor, read page by page. */
async function listAllDoctors(repository: SchedulingRepository, pageSize: number): Promise<Doctor[]> {
  const all: Doctor[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await repository.listDoctors(cursor === undefined ? { limit: pageSize } : { limit: pageSize, cursor });
    assert.ok(page.items.length <= pageSize, `a page of ${page.items.length} doctors for a limit of ${pageSize}`);
    all.push(...page.items);
    if (page.nextCursor === undefined) return all;
    assert.equal(page.items.length, pageSize);
    cursor = page.nextCursor;
  }
  throw new Error('listDoctors never reached a last page');
}

/**
 * The conformance group for doctors: create, get, list (id order, paging), update with an
 * optimistic version, and delete (refused while an active appointment ends after `activeAfter`;
 * appointments stay). Registers one `describe` block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeDoctorConformance } from 'clinic-slots/testing';
 * describeDoctorConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeDoctorConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeDoctorConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) =>
    it(name, () => withRepository(options, body));

  describe(`${options.name}: doctors`, () => {
    describe('createDoctor and getDoctor', () => {
      test('stores a doctor and gives back an equal one', async (repository) => {
        const doctor = aDoctor();
        await repository.createDoctor(doctor);
        assert.deepStrictEqual(await repository.getDoctor(doctor.id), doctor);
      });

      test('keeps every field verbatim: schedules, overrides, rules and awkward text', async (repository) => {
        const doctor = aDoctor({
          id: 'dr.o-brien_2:x',
          name: `Seán O'Brien "the 🩺" '; DROP TABLE doctors; --`,
          timeZone: 'America/Argentina/Buenos_Aires',
          locations: [
            { id: 'a', address: 'Straße 1\nZimmer "3"\t\\ 🏥' },
            { id: 'b', address: 'x'.repeat(1000) },
          ],
          schedule: {
            monday: [{ start: '00:00', end: '24:00', locationIds: ['a'] }],
            saturday: [{ start: '22:00', end: '02:00', locationIds: ['b', 'a'] }],
          },
          overrides: [
            { kind: 'closed', from: '2030-12-24', to: '2030-12-26' },
            { kind: 'closed', from: '2030-12-31', intervals: [{ start: '12:00', end: '13:00' }] },
            { kind: 'hours', from: '2031-01-04', intervals: [{ start: '10:00', end: '12:00', locationIds: ['b'] }] },
            { kind: 'hours', from: '2031-01-05', intervals: [] },
          ],
          rules: { slotLength: 'PT20M', slotStep: 'PT10M', bufferBefore: 'PT5M', bufferAfter: 'PT0M', minimumNotice: 'P1D', horizon: 'P12W' },
          version: 7,
          createdAt: '2029-03-31T01:02:03.004Z',
          updatedAt: '2030-10-27T00:59:59.999Z',
        });
        await repository.createDoctor(doctor);
        assert.deepStrictEqual(await repository.getDoctor(doctor.id), doctor);
      });

      test('gives undefined for an unknown id', async (repository) => {
        await repository.createDoctor(aDoctor({ id: 'known' }));
        assert.equal(await repository.getDoctor('unknown'), undefined);
      });

      test('refuses an id that exists with CONFLICT and keeps the stored doctor', async (repository) => {
        const first = aDoctor({ name: 'First' });
        await repository.createDoctor(first);
        await expectCode(repository.createDoctor(aDoctor({ name: 'Second' })), 'CONFLICT');
        assert.deepStrictEqual(await repository.getDoctor(first.id), first);
      });
    });

    describe('listDoctors', () => {
      test('gives an empty last page when there are no doctors', async (repository) => {
        const page = await repository.listDoctors({ limit: 10 });
        assert.deepStrictEqual(page.items, []);
        assert.equal(page.nextCursor, undefined);
      });

      test('orders doctors by id, comparing code units (A-Z before a-z)', async (repository) => {
        const ids = ['b', 'B', 'a-2', 'a.1', 'A', '_x', 'a', '0', 'Z:9', 'a:1'];
        for (const id of ids) await repository.createDoctor(aDoctor({ id }));
        const page = await repository.listDoctors({ limit: 100 });
        assert.deepStrictEqual(page.items.map((d) => d.id), [...ids].sort());
        assert.deepStrictEqual(page.items[0], aDoctor({ id: '0' }));
        assert.equal(page.nextCursor, undefined);
      });

      test('pages through all doctors with cursors, each exactly once, in order', async (repository) => {
        const ids = Array.from({ length: 11 }, (_, i) => `doctor-${String(i).padStart(2, '0')}`).reverse();
        for (const id of ids) await repository.createDoctor(aDoctor({ id }));
        for (const pageSize of [1, 3, 11, 1000]) {
          const listed = await listAllDoctors(repository, pageSize);
          assert.deepStrictEqual(listed.map((d) => d.id), [...ids].sort());
        }
      });

      test('gives no cursor when the last page is exactly full', async (repository) => {
        for (const id of ['a', 'b', 'c', 'd']) await repository.createDoctor(aDoctor({ id }));
        const first = await repository.listDoctors({ limit: 2 });
        assert.deepStrictEqual(first.items.map((d) => d.id), ['a', 'b']);
        assert.equal(typeof first.nextCursor, 'string');
        const second = await repository.listDoctors({ limit: 2, cursor: first.nextCursor! });
        assert.deepStrictEqual(second.items.map((d) => d.id), ['c', 'd']);
        assert.equal(second.nextCursor, undefined);
      });

      test('keeps a cursor valid when doctors are added and deleted between pages', async (repository) => {
        for (const id of ['b', 'd', 'f', 'h']) await repository.createDoctor(aDoctor({ id }));
        const first = await repository.listDoctors({ limit: 2 });
        assert.deepStrictEqual(first.items.map((d) => d.id), ['b', 'd']);
        await repository.createDoctor(aDoctor({ id: 'a' }));
        await repository.createDoctor(aDoctor({ id: 'e' }));
        await repository.deleteDoctor('f', { activeAfter: at(0) });
        const rest = await repository.listDoctors({ limit: 10, cursor: first.nextCursor! });
        assert.deepStrictEqual(rest.items.map((d) => d.id), ['e', 'h']);
      });
    });

    describe('updateDoctor', () => {
      test('replaces the doctor when the expected version is current', async (repository) => {
        await repository.createDoctor(aDoctor());
        const changed = aDoctor({ name: 'Jane Wright-Smith', version: 2, rules: { slotLength: 'PT15M' }, updatedAt: at(1) });
        await repository.updateDoctor(changed, 1);
        assert.deepStrictEqual(await repository.getDoctor(changed.id), changed);
        const again = aDoctor({ name: 'J. Wright', version: 3, updatedAt: at(2) });
        await repository.updateDoctor(again, 2);
        assert.deepStrictEqual(await repository.getDoctor(again.id), again);
      });

      test('refuses a stale version with CONFLICT and changes nothing', async (repository) => {
        await repository.createDoctor(aDoctor());
        const current = aDoctor({ name: 'Current', version: 2 });
        await repository.updateDoctor(current, 1);
        await expectCode(repository.updateDoctor(aDoctor({ name: 'Stale', version: 2 }), 1), 'CONFLICT');
        await expectCode(repository.updateDoctor(aDoctor({ name: 'Future', version: 4 }), 3), 'CONFLICT');
        assert.deepStrictEqual(await repository.getDoctor(current.id), current);
      });

      test('refuses an unknown doctor with DOCTOR_NOT_FOUND and creates nothing', async (repository) => {
        await expectCode(repository.updateDoctor(aDoctor({ id: 'ghost', version: 2 }), 1), 'DOCTOR_NOT_FOUND');
        assert.equal(await repository.getDoctor('ghost'), undefined);
      });
    });

    describe('deleteDoctor', () => {
      test('deletes a doctor without appointments', async (repository) => {
        await repository.createDoctor(aDoctor({ id: 'a' }));
        await repository.createDoctor(aDoctor({ id: 'b' }));
        await repository.deleteDoctor('a', { activeAfter: at(0) });
        assert.equal(await repository.getDoctor('a'), undefined);
        assert.deepStrictEqual((await repository.listDoctors({ limit: 10 })).items.map((d) => d.id), ['b']);
      });

      test('refuses an unknown doctor with DOCTOR_NOT_FOUND', async (repository) => {
        await expectCode(repository.deleteDoctor('ghost', { activeAfter: at(0) }), 'DOCTOR_NOT_FOUND');
      });

      test('deletes only at the expected version when one is given, else CONFLICT', async (repository) => {
        const doctor = aDoctor({ version: 1 });
        await repository.createDoctor(doctor);
        await expectCode(repository.deleteDoctor(doctor.id, { activeAfter: at(0), expectedVersion: 2 }), 'CONFLICT');
        assert.deepStrictEqual(await repository.getDoctor(doctor.id), doctor);
        await repository.deleteDoctor(doctor.id, { activeAfter: at(0), expectedVersion: 1 });
        assert.equal(await repository.getDoctor(doctor.id), undefined);
      });

      test('refuses with DOCTOR_HAS_APPOINTMENTS while an active appointment ends after activeAfter', async (repository) => {
        const doctor = aDoctor();
        await repository.createDoctor(doctor);
        await repository.insertAppointment(anAppointment({ id: 'past', start: at(0), end: at(30) }));
        await repository.insertAppointment(anAppointment({ id: 'running', start: at(60), end: at(90) }));
        await expectCode(repository.deleteDoctor(doctor.id, { activeAfter: at(89) }), 'DOCTOR_HAS_APPOINTMENTS');
        await expectCode(repository.deleteDoctor(doctor.id, { activeAfter: at(-600) }), 'DOCTOR_HAS_APPOINTMENTS');
        assert.deepStrictEqual(await repository.getDoctor(doctor.id), doctor);
      });

      test('allows deleting when the last active appointment ends exactly at activeAfter', async (repository) => {
        await repository.createDoctor(aDoctor());
        await repository.insertAppointment(anAppointment({ start: at(0), end: at(30) }));
        await repository.deleteDoctor('doctor-1', { activeAfter: at(30) });
        assert.equal(await repository.getDoctor('doctor-1'), undefined);
      });

      test('allows deleting with only past, cancelled, fulfilled, no-show or entered-in-error appointments later', async (repository) => {
        await repository.createDoctor(aDoctor());
        await repository.insertAppointment(anAppointment({ id: 'past', start: at(0), end: at(30) }));
        const statuses = ['cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const;
        for (const [i, status] of statuses.entries()) {
          const appointment = await repository.insertAppointment(anAppointment({ id: `later-${i}`, start: at(600 + 60 * i), end: at(630 + 60 * i) }));
          await repository.changeAppointmentStatus({ id: appointment.id, expectedStatus: 'booked', status, at: at(100) });
        }
        await repository.deleteDoctor('doctor-1', { activeAfter: at(300) });
        assert.equal(await repository.getDoctor('doctor-1'), undefined);
      });

      test('leaves the doctor\'s appointments in place', async (repository) => {
        await repository.createDoctor(aDoctor());
        const past = await repository.insertAppointment(anAppointment({ id: 'past', start: at(0), end: at(30) }));
        const later = await repository.insertAppointment(anAppointment({ id: 'later', start: at(600), end: at(630) }));
        const cancelled = await repository.changeAppointmentStatus({ id: later.id, expectedStatus: 'booked', status: 'cancelled', at: at(1) });
        await repository.deleteDoctor('doctor-1', { activeAfter: at(60) });
        assert.deepStrictEqual(await repository.getAppointment(past.id), past);
        assert.deepStrictEqual(await repository.getAppointment(later.id), cancelled);
        assert.deepStrictEqual(await listAllAppointments(repository, { doctorId: 'doctor-1' }), [past, cancelled]);
      });
    });
  });
}
