import assert from 'node:assert/strict';
import type { Appointment } from '../schemas/appointment.js';
import type { SchedulingRepository } from '../ports/repository.js';
import { aDoctor, anAppointment } from './builders.js';
import { checkConformanceOptions } from './check-options.js';
import type { ConformanceOptions } from './conformance-options.js';
import { expectCode } from './expect-code.js';
import { at } from './instants.js';
import { listAllAppointments } from './list-all-appointments.js';
import { itWithTwoDoctors, runnerOf } from './with-repository.js';

/** Inserts booked appointments, then moves those with another status there. */
async function seed(repository: SchedulingRepository, appointments: readonly Appointment[]): Promise<Appointment[]> {
  const stored: Appointment[] = [];
  for (const appointment of appointments) {
    const booked = await repository.insertAppointment({ ...appointment, status: 'booked' });
    stored.push(
      appointment.status === 'booked'
        ? booked
        : await repository.changeAppointmentStatus({
            id: booked.id,
            expectedStatus: 'booked',
            status: appointment.status,
            at: appointment.updatedAt,
          }),
    );
  }
  return stored;
}

/** Sorts appointments the way listings must: by start, then id (code units). */
const inListOrder = (appointments: readonly Appointment[]): Appointment[] =>
  [...appointments].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The conformance group for storing and reading appointments: insert, get, values kept verbatim,
 * listing order (start, then id), paging with cursors, the range filter (overlap semantics) and
 * the status filter, and the `doctorVersion` guard of inserts. Registers one `describe`
 * block with the runner of `options.test`.
 *
 * @param options - the adapter under test; see {@link ConformanceOptions}
 * @throws SchedulingError `VALIDATION_FAILED` when the options are not {@link ConformanceOptions};
 *   nothing is registered then
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryRepository } from 'clinic-slots';
 * import { describeAppointmentConformance } from 'clinic-slots/testing';
 * describeAppointmentConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it } });
 * ```
 */
export function describeAppointmentConformance(options: ConformanceOptions): void {
  checkConformanceOptions(options, 'describeAppointmentConformance');
  const { describe, it } = runnerOf(options);
  const test = (name: string, body: (repository: SchedulingRepository) => Promise<void>) => itWithTwoDoctors(options, name, body);

  describe(`${options.name}: appointments`, () => {
    describe('insertAppointment and getAppointment', () => {
      test('stores an appointment, returns it, and gives back an equal one', async (repository) => {
        const appointment = anAppointment();
        assert.deepStrictEqual(await repository.insertAppointment(appointment), appointment);
        assert.deepStrictEqual(await repository.getAppointment(appointment.id), appointment);
      });

      test('gives undefined for an unknown id', async (repository) => {
        await repository.insertAppointment(anAppointment({ id: 'known' }));
        assert.equal(await repository.getAppointment('unknown'), undefined);
      });

      test('keeps awkward text verbatim: quotes, emoji, SQL, control characters, 1,000 characters', async (repository) => {
        const refs = [
          `O'Brien "Jr."`,
          '🩺👩🏽‍⚕️ emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
          `'; DROP TABLE x; --`,
          'line\nbreak\ttab \\ backslash %_ like',
          'é'.repeat(1000),
          'p'.repeat(1000),
        ];
        for (const [i, patientRef] of refs.entries()) {
          const appointment = anAppointment({ id: `a${i}`, patientRef, idempotencyKey: patientRef, start: at(60 * i) });
          assert.deepStrictEqual(await repository.insertAppointment(appointment), appointment);
          assert.deepStrictEqual(await repository.getAppointment(appointment.id), appointment);
          assert.deepStrictEqual(await repository.findAppointmentByIdempotencyKey(patientRef), appointment);
        }
      });

      test('leaves optional keys absent rather than undefined', async (repository) => {
        const appointment = anAppointment();
        await repository.insertAppointment(appointment);
        const stored = await repository.getAppointment(appointment.id);
        assert.deepStrictEqual(Object.keys(stored ?? {}).sort(), Object.keys(appointment).sort());
        for (const key of ['cancellationReason', 'idempotencyKey', 'rescheduledFrom', 'rescheduledTo']) {
          assert.ok(stored !== undefined && !Object.hasOwn(stored, key), `${key} should be absent`);
        }
        const [listed] = (await repository.listAppointments({ doctorId: 'doctor-1', limit: 1 })).items;
        assert.deepStrictEqual(listed, appointment);
      });

      test('keeps every optional field and instant precision verbatim', async (repository) => {
        const appointment = anAppointment({
          id: 'a:1.b_c-d',
          start: '2030-01-07T09:00:00.001Z',
          end: '2030-01-07T09:29:59.999Z',
          idempotencyKey: 'key-1',
          rescheduledFrom: 'older-appointment',
          createdAt: '1970-01-01T00:00:00.000Z',
          updatedAt: '9998-12-31T23:59:59.999Z',
        });
        assert.deepStrictEqual(await repository.insertAppointment(appointment), appointment);
        assert.deepStrictEqual(await repository.getAppointment(appointment.id), appointment);
      });

      test('inserts when doctorVersion matches the stored doctor, refuses a stale one with CONFLICT', async (repository) => {
        await repository.updateDoctor(aDoctor({ id: 'doctor-1', version: 2 }), 1);
        await expectCode(repository.insertAppointment(anAppointment({ id: 'stale' }), { doctorVersion: 1 }), 'CONFLICT');
        assert.equal(await repository.getAppointment('stale'), undefined);
        const fresh = anAppointment({ id: 'fresh' });
        assert.deepStrictEqual(await repository.insertAppointment(fresh, { doctorVersion: 2 }), fresh);
        assert.deepStrictEqual(await repository.getAppointment('fresh'), fresh);
      });
    });

    describe('listAppointments', () => {
      test('lists one doctor\'s appointments ordered by start, then id', async (repository) => {
        const appointments = [
          anAppointment({ id: 'd', start: at(-60), end: at(600), status: 'fulfilled' }),
          anAppointment({ id: 'c', start: at(120) }),
          anAppointment({ id: 'b', start: at(0), status: 'cancelled' }),
          anAppointment({ id: 'B', start: at(0), status: 'noshow' }),
          anAppointment({ id: 'a', start: at(0) }),
          anAppointment({ id: 'other', doctorId: 'doctor-2', start: at(60) }),
        ];
        const stored = await seed(repository, appointments);
        const page = await repository.listAppointments({ doctorId: 'doctor-1', limit: 100 });
        assert.deepStrictEqual(page.items.map((a) => a.id), ['d', 'B', 'a', 'b', 'c']);
        assert.deepStrictEqual(page.items, inListOrder(stored.filter((a) => a.doctorId === 'doctor-1')));
        assert.equal(page.nextCursor, undefined);
      });

      test('gives an empty last page for a doctor without appointments, and for an unknown doctor', async (repository) => {
        await repository.insertAppointment(anAppointment({ doctorId: 'doctor-2' }));
        for (const doctorId of ['doctor-1', 'ghost']) {
          const page = await repository.listAppointments({ doctorId, limit: 10 });
          assert.deepStrictEqual(page.items, []);
          assert.equal(page.nextCursor, undefined);
        }
      });

      test('pages with cursors: every appointment once, in order, no cursor after the last page', async (repository) => {
        const appointments = Array.from({ length: 9 }, (_, i) =>
          anAppointment({ id: `a${i}`, start: at(((i * 7) % 9) * 30), status: i % 3 === 0 ? 'cancelled' : 'booked' }),
        );
        const stored = await seed(repository, appointments);
        for (const pageSize of [1, 2, 3, 4, 9, 1000]) {
          const pages: Appointment[][] = [];
          let cursor: string | undefined;
          do {
            const page = await repository.listAppointments(
              cursor === undefined ? { doctorId: 'doctor-1', limit: pageSize } : { doctorId: 'doctor-1', limit: pageSize, cursor },
            );
            pages.push([...page.items]);
            cursor = page.nextCursor;
            if (cursor !== undefined) assert.equal(page.items.length, pageSize);
          } while (cursor !== undefined && pages.length < 100);
          assert.deepStrictEqual(pages.flat(), inListOrder(stored));
          assert.equal(pages.length, Math.ceil(stored.length / pageSize));
        }
      });

      test('keeps a cursor valid when appointments are added before and after it', async (repository) => {
        await seed(repository, [0, 60, 120, 180].map((m, i) => anAppointment({ id: `a${i}`, start: at(m) })));
        const first = await repository.listAppointments({ doctorId: 'doctor-1', limit: 2 });
        assert.deepStrictEqual(first.items.map((a) => a.id), ['a0', 'a1']);
        await repository.insertAppointment(anAppointment({ id: 'before', start: at(-60) }));
        await repository.insertAppointment(anAppointment({ id: 'between', start: at(90) }));
        const rest = await listAllAppointments(repository, { doctorId: 'doctor-1' }, 1);
        assert.deepStrictEqual(rest.map((a) => a.id), ['before', 'a0', 'a1', 'between', 'a2', 'a3']);
        const second = await repository.listAppointments({ doctorId: 'doctor-1', limit: 10, cursor: first.nextCursor! });
        assert.deepStrictEqual(second.items.map((a) => a.id), ['between', 'a2', 'a3']);
      });

      test('filters by range with overlap semantics: ends after from and starts before to', async (repository) => {
        // 0-30, 30-60, 60-90, 90-120, and a long one 0-240.
        const stored = await seed(repository, [
          anAppointment({ id: 'long', start: at(0), end: at(240), status: 'cancelled' }),
          anAppointment({ id: 'p', start: at(0), end: at(30) }),
          anAppointment({ id: 'q', start: at(30), end: at(60) }),
          anAppointment({ id: 'r', start: at(60), end: at(90) }),
          anAppointment({ id: 's', start: at(90), end: at(120) }),
        ]);
        const ids = async (from?: number, to?: number) =>
          (await listAllAppointments(repository, {
            doctorId: 'doctor-1',
            ...(from === undefined ? {} : { from: at(from) }),
            ...(to === undefined ? {} : { to: at(to) }),
          })).map((a) => a.id);
        assert.deepStrictEqual(await ids(30, 90), ['long', 'q', 'r']);
        assert.deepStrictEqual(await ids(29, 91), ['long', 'p', 'q', 'r', 's']);
        assert.deepStrictEqual(await ids(45, 46), ['long', 'q']);
        assert.deepStrictEqual(await ids(120), ['long']);
        assert.deepStrictEqual(await ids(undefined, 30), ['long', 'p']);
        assert.deepStrictEqual(await ids(240, 300), []);
        assert.deepStrictEqual(await ids(-60, 0), []);
        assert.deepStrictEqual(await ids(), inListOrder(stored).map((a) => a.id));
      });

      test('filters by status, one or several', async (repository) => {
        const statuses = ['booked', 'cancelled', 'fulfilled', 'noshow', 'entered-in-error'] as const;
        await seed(repository, statuses.map((status, i) => anAppointment({ id: `a${i}`, start: at(60 * i), status })));
        const ids = async (only: readonly (typeof statuses)[number][]) =>
          (await listAllAppointments(repository, { doctorId: 'doctor-1', statuses: only })).map((a) => a.id);
        assert.deepStrictEqual(await ids(['booked']), ['a0']);
        assert.deepStrictEqual(await ids(['noshow']), ['a3']);
        assert.deepStrictEqual(await ids(['entered-in-error', 'cancelled']), ['a1', 'a4']);
        assert.deepStrictEqual(await ids(statuses), ['a0', 'a1', 'a2', 'a3', 'a4']);
      });

      test('pages through a filtered listing, with the filters applied on every page', async (repository) => {
        await seed(
          repository,
          Array.from({ length: 12 }, (_, i) => anAppointment({ id: `a${String(i).padStart(2, '0')}`, start: at(30 * i), status: i % 2 === 0 ? 'booked' : 'cancelled' })),
        );
        const query = { doctorId: 'doctor-1', statuses: ['booked'] as const, from: at(60), to: at(300) };
        const paged = await listAllAppointments(repository, query, 2);
        const whole = await listAllAppointments(repository, query);
        assert.deepStrictEqual(paged.map((a) => a.id), ['a02', 'a04', 'a06', 'a08']);
        assert.deepStrictEqual(paged, whole);
      });
    });
  });
}
