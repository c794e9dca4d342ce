import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, type Appointment, type Doctor } from 'clinic-slots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import type { StorageOptions } from '../src/storage.js';

// Monday 4 January 2027, 08:00 UTC: 03:00 in New York, where the test doctors work.
const NOW = '2027-01-04T08:00:00Z';
const MONDAY = { from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z' };

const postgresUrl = process.env['TEST_POSTGRES_URL'];
const schema = `http_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const storages: { name: string; storage: (dir: string) => StorageOptions }[] = [
  { name: 'SQLite', storage: (dir) => ({ kind: 'sqlite', path: join(dir, 'e2e.db') }) },
  { name: 'memory', storage: () => ({ kind: 'memory' }) },
  ...(postgresUrl ? [{ name: 'PostgreSQL', storage: (): StorageOptions => ({ kind: 'postgres', url: postgresUrl, schema }) }] : []),
];

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  issues?: { path: (string | number)[] }[];
}

describe.each(storages)('the HTTP API over $name', ({ storage }) => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-slots-http-'));
    server = await startServer({ port: 0, storage: storage(dir), clock: fixedClock(NOW), log: () => {} });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    if (storage(dir).kind === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  async function expectProblem(promise: ReturnType<typeof call>, status: number, code: string): Promise<Problem> {
    const response = await promise;
    expect({ status: response.status, code: (response.body as Problem | undefined)?.code }).toEqual({ status, code });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = response.body as Problem;
    expect(problem).toMatchObject({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status, detail: expect.any(String) });
    return problem;
  }

  /** A new doctor in New York, open on Mondays 09:00-12:00 local (14:00-17:00 UTC in January). */
  async function newYorkDoctor(): Promise<Doctor> {
    const id = `dr-${randomUUID()}`;
    const created = await call('POST', '/doctors', {
      id,
      name: 'Grace Hopper',
      timeZone: 'America/New_York',
      locations: [{ id: 'main', address: '1 Main St' }],
      schedule: { monday: [{ start: '09:00', end: '12:00' }] },
    });
    expect(created.status).toBe(201);
    return created.body as Doctor;
  }

  const bookingAt = (doctor: Doctor, start: string, patientRef = 'patient/42') => ({
    doctorId: doctor.id,
    locationId: 'main',
    start,
    patientRef,
  });

  it('starts with the two seeded doctors', async () => {
    expect(server.seeded).toEqual(['dr-wright', 'dr-lister']);
    const doctors = await call('GET', '/doctors?limit=1000');
    expect((doctors.body as { items: Doctor[] }).items.map((d) => d.name)).toEqual(expect.arrayContaining(['Jane Wright', 'Joseph Lister']));
  });

  it('takes a doctor from creation through booking, rescheduling, cancelling and rebooking', async () => {
    // Create a doctor, then set the hours with the version read.
    const created = await call('POST', '/doctors', {
      name: 'Grace Hopper',
      timeZone: 'America/New_York',
      locations: [{ id: 'main', address: '1 Main St' }],
    });
    expect(created.status).toBe(201);
    const doctor = created.body as Doctor;
    expect(created.headers.get('location')).toBe(`/doctors/${doctor.id}`);
    expect(doctor.version).toBe(1);

    const hours = { monday: [{ start: '09:00', end: '12:00' }] };
    const set = await call('PUT', `/doctors/${doctor.id}/schedule?version=1`, hours);
    expect(set.status).toBe(200);
    expect((set.body as Doctor).version).toBe(2);
    await expectProblem(call('PUT', `/doctors/${doctor.id}/schedule?version=1`, hours), 409, 'CONFLICT');
    expect((await call('GET', `/doctors/${doctor.id}/schedule`)).body).toEqual(hours);

    // Slots: every half hour of the local morning, in UTC.
    const slotsPath = `/doctors/${doctor.id}/slots?from=${MONDAY.from}&to=${MONDAY.to}`;
    const slots = await call('GET', slotsPath);
    expect(slots.status).toBe(200);
    const starts = (slots.body as { start: string }[]).map((s) => s.start);
    expect(starts).toEqual(['14:00', '14:30', '15:00', '15:30', '16:00', '16:30'].map((t) => `2027-01-04T${t}:00.000Z`));

    // Book the first, written in local time with an offset.
    const booked = await call('POST', '/appointments', { ...bookingAt(doctor, '2027-01-04T09:00:00-05:00') });
    expect(booked.status).toBe(201);
    const first = booked.body as Appointment;
    expect(first).toMatchObject({ doctorId: doctor.id, start: '2027-01-04T14:00:00.000Z', status: 'booked' });
    expect(booked.headers.get('location')).toBe(`/appointments/${first.id}`);
    expect((await call('GET', `/appointments/${first.id}`)).body).toEqual(first);
    expect(((await call('GET', slotsPath)).body as { start: string }[]).map((s) => s.start)).not.toContain(first.start);

    const listPath = `/doctors/${doctor.id}/appointments?from=${MONDAY.from}&to=${MONDAY.to}`;
    expect(((await call('GET', `${listPath}&status=booked`)).body as { items: Appointment[] }).items).toEqual([first]);

    // Reschedule to 15:00: the old one is cancelled, the two name each other.
    const moved = await call('POST', `/appointments/${first.id}/reschedule`, { start: '2027-01-04T15:00:00Z' });
    expect(moved.status).toBe(201);
    const { cancelled, booked: second } = moved.body as { cancelled: Appointment; booked: Appointment };
    expect(cancelled).toMatchObject({ id: first.id, status: 'cancelled', rescheduledTo: second.id });
    expect(second).toMatchObject({ start: '2027-01-04T15:00:00.000Z', status: 'booked', rescheduledFrom: first.id });
    expect(moved.headers.get('location')).toBe(`/appointments/${second.id}`);

    const booked2 = (await call('GET', `${listPath}&status=booked`)).body as { items: Appointment[] };
    expect(booked2.items.map((a) => a.id)).toEqual([second.id]);
    const both = (await call('GET', `${listPath}&status=booked&status=cancelled`)).body as { items: Appointment[] };
    expect(both.items.map((a) => a.id)).toEqual([first.id, second.id]);

    // Cancel with a reason; cancelling again is refused.
    const cancel = await call('POST', `/appointments/${second.id}/cancel`, { reason: 'patient called' });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancellationReason: 'patient called' });
    await expectProblem(call('POST', `/appointments/${second.id}/cancel`), 409, 'NOT_ACTIVE');

    // Both times are free again: rebook them, then close them out.
    const again14 = await call('POST', '/appointments', bookingAt(doctor, '2027-01-04T14:00:00Z', 'patient/7'));
    const again15 = await call('POST', '/appointments', bookingAt(doctor, '2027-01-04T15:00:00Z', 'patient/8'));
    expect([again14.status, again15.status]).toEqual([201, 201]);
    const fulfilled = await call('POST', `/appointments/${(again14.body as Appointment).id}/fulfilled`);
    expect(fulfilled.body).toMatchObject({ status: 'fulfilled' });
    const noShow = await call('POST', `/appointments/${(again15.body as Appointment).id}/no-show`);
    expect(noShow.body).toMatchObject({ status: 'noshow' });
    const error = await call('POST', `/appointments/${first.id}/entered-in-error`);
    expect(error.body).toMatchObject({ status: 'entered-in-error' });
  });

  it('answers refusals with problem+json and the right code and status', async () => {
    const doctor = await newYorkDoctor();
    await expectProblem(call('GET', '/doctors/dr-nobody'), 404, 'DOCTOR_NOT_FOUND');
    await expectProblem(call('GET', '/appointments/nothing-here'), 404, 'APPOINTMENT_NOT_FOUND');
    await expectProblem(call('POST', '/appointments', bookingAt(doctor, '2027-01-04T14:10:00Z')), 422, 'SLOT_NOT_OFFERED');
    await expectProblem(call('POST', '/appointments', { ...bookingAt(doctor, '2027-01-04T14:00:00Z'), locationId: 'elsewhere' }), 422, 'LOCATION_NOT_SERVED');
    await expectProblem(call('POST', '/appointments', bookingAt(doctor, '2026-12-28T14:00:00Z')), 422, 'TOO_LATE');
    await expectProblem(call('POST', '/doctors', { id: doctor.id, name: 'Twin', timeZone: 'UTC', locations: [{ address: 'x' }] }), 409, 'CONFLICT');

    const invalid = await expectProblem(call('POST', '/doctors', { name: 'No Zone', timeZone: 'Mars/Olympus', locations: [{ address: 'x' }] }), 400, 'VALIDATION_FAILED');
    expect(invalid.issues).toEqual([expect.objectContaining({ path: ['timeZone'] })]);
    const tooLong = await expectProblem(call('GET', `/doctors/${doctor.id}/slots?from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z`), 400, 'VALIDATION_FAILED');
    expect(tooLong.issues).toEqual([expect.objectContaining({ path: ['to'] })]);

    expect((await call('POST', '/appointments', bookingAt(doctor, '2027-01-04T14:00:00Z'))).status).toBe(201);
    await expectProblem(call('DELETE', `/doctors/${doctor.id}`), 409, 'DOCTOR_HAS_APPOINTMENTS');
  });

  it('changes a doctor only at the version read', async () => {
    const doctor = await newYorkDoctor();
    const renamed = await call('PATCH', `/doctors/${doctor.id}`, { version: doctor.version, name: 'Rear Admiral Hopper' });
    expect(renamed.body).toMatchObject({ name: 'Rear Admiral Hopper', version: doctor.version + 1 });
    await expectProblem(call('PATCH', `/doctors/${doctor.id}`, { version: doctor.version, name: 'Amazing Grace' }), 409, 'CONFLICT');

    const added = await call('POST', `/doctors/${doctor.id}/locations?version=${doctor.version + 1}`, { id: 'annex', address: '3 Side St' });
    expect((added.body as Doctor).locations.map((l) => l.id)).toEqual(['main', 'annex']);
    expect((await call('GET', `/doctors/${doctor.id}/locations`)).body).toEqual((added.body as Doctor).locations);
    const removed = await call('DELETE', `/doctors/${doctor.id}/locations/annex`);
    expect((removed.body as Doctor).locations.map((l) => l.id)).toEqual(['main']);

    const rules = await call('PUT', `/doctors/${doctor.id}/rules`, { slotLength: 'PT20M' });
    expect((rules.body as Doctor).rules).toEqual({ slotLength: 'PT20M' });
    const overrides = [{ kind: 'closed', from: '2027-01-04' }];
    await call('PUT', `/doctors/${doctor.id}/overrides`, overrides);
    expect((await call('GET', `/doctors/${doctor.id}/overrides`)).body).toEqual(overrides);
    expect((await call('GET', `/doctors/${doctor.id}/slots?from=${MONDAY.from}&to=${MONDAY.to}`)).body).toEqual([]);

    expect((await call('DELETE', `/doctors/${doctor.id}`)).status).toBe(204);
    await expectProblem(call('GET', `/doctors/${doctor.id}`), 404, 'DOCTOR_NOT_FOUND');
  });

  it('books one slot for exactly one of 20 concurrent requests; the others get SLOT_TAKEN', async () => {
    const doctor = await newYorkDoctor();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('POST', '/appointments', bookingAt(doctor, '2027-01-04T16:00:00Z', `patient/${i}`))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body).toMatchObject({ code: 'SLOT_TAKEN' });
    const list = await call('GET', `/doctors/${doctor.id}/appointments?status=booked`);
    expect((list.body as { items: Appointment[] }).items).toHaveLength(1);
  });

  it('replays a booking for the same Idempotency-Key and body, and refuses the key for another body', async () => {
    const doctor = await newYorkDoctor();
    const key = randomUUID();
    const request = bookingAt(doctor, '2027-01-04T14:30:00Z');
    const first = await call('POST', '/appointments', request, { 'Idempotency-Key': key });
    const retry = await call('POST', '/appointments', request, { 'Idempotency-Key': key });
    // The quoted form of the IETF draft (an RFC 8941 string) names the same key.
    const quoted = await call('POST', '/appointments', request, { 'Idempotency-Key': `"${key}"` });
    expect([first.status, retry.status, quoted.status]).toEqual([201, 201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(quoted.body).toEqual(first.body);
    expect((first.body as Appointment).idempotencyKey).toBe(key);

    await expectProblem(
      call('POST', '/appointments', { ...request, patientRef: 'patient/someone-else' }, { 'Idempotency-Key': key }),
      422,
      'IDEMPOTENCY_MISMATCH',
    );
    const list = await call('GET', `/doctors/${doctor.id}/appointments`);
    expect((list.body as { items: Appointment[] }).items).toHaveLength(1);
  });

  it('replays concurrent retries of one idempotent booking as one appointment', async () => {
    const doctor = await newYorkDoctor();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/appointments', bookingAt(doctor, '2027-01-04T15:30:00Z'), { 'Idempotency-Key': key })),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => (r.body as Appointment).id)).size).toBe(1);
  });
});
