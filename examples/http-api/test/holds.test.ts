import { randomUUID } from 'node:crypto';
import { fixedClock, type Appointment, type Doctor, type Hold } from 'clinic-slots';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

// Monday 4 January 2027, 08:00 UTC: 03:00 in New York, where the test doctors work.
const NOW = '2027-01-04T08:00:00Z';
const MONDAY = { from: '2027-01-04T00:00:00Z', to: '2027-01-05T00:00:00Z' };
const MINUTE = 60_000;

// On the memory store: the SQLite and PostgreSQL adapters do not keep holds yet on this branch.
const clock = fixedClock(NOW);
let server: RunningServer;
let strict: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0, storage: { kind: 'memory' }, clock, seed: false, log: () => {} });
  strict = await startServer({ port: 0, storage: { kind: 'memory' }, clock, seed: false, log: () => {}, patientConflicts: true });
});

afterAll(async () => {
  await server?.close();
  await strict?.close();
});

beforeEach(() => clock.set(NOW));

interface Response {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, on = server): Promise<Response> {
  const response = await fetch(`${on.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { method, path, status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

type Paths = Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
let paths: Promise<Paths> | undefined;

/** What the OpenAPI document says the route of a request answers with `status`. */
async function documented(method: string, path: string, status: number): Promise<string> {
  paths ??= call('GET', '/openapi.json').then((r) => (r.body as { paths: Paths }).paths);
  const bare = path.split('?')[0]!;
  const template = Object.keys(await paths).find((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare));
  return (await paths)[template!]?.[method.toLowerCase()]?.responses[status]?.description ?? `nothing for ${method} ${bare}`;
}

/** Expects a problem+json answer with this status and code, and the code documented for the route. */
async function expectProblem(promise: Promise<Response>, status: number, code: string): Promise<void> {
  const response = await promise;
  expect({ status: response.status, code: (response.body as { code?: string } | undefined)?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(await documented(response.method, response.path, status), `${response.method} ${response.path}`).toContain(`\`${code}\``);
}

/** A new doctor in New York, open on Mondays 09:00-12:00 local (14:00-17:00 UTC in January). */
async function newYorkDoctor(rules?: Record<string, string>, on = server): Promise<Doctor> {
  const created = await call(
    'POST',
    '/doctors',
    {
      id: `dr-${randomUUID()}`,
      name: 'Grace Hopper',
      timeZone: 'America/New_York',
      locations: [{ id: 'main', address: '1 Main St' }],
      schedule: { monday: [{ start: '09:00', end: '12:00' }] },
      ...(rules ? { rules } : {}),
    },
    {},
    on,
  );
  expect(created.status).toBe(201);
  return created.body as Doctor;
}

const at = (doctor: Doctor, start: string, extra: Record<string, string> = {}) => ({ doctorId: doctor.id, locationId: 'main', start, ...extra });

async function startsOf(doctor: Doctor, query = ''): Promise<string[]> {
  const slots = await call('GET', `/doctors/${doctor.id}/slots?from=${MONDAY.from}&to=${MONDAY.to}${query}`);
  expect(slots.status).toBe(200);
  return (slots.body as { start: string }[]).map((s) => s.start);
}

async function hold(doctor: Doctor, start: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Hold> {
  const response = await call('POST', '/holds', at(doctor, start, extra), headers);
  expect(response.status).toBe(201);
  return response.body as Hold;
}

describe('POST /holds, then confirmation', () => {
  it('holds a start (hiding it and refusing it to others) until it is confirmed into an appointment', async () => {
    const doctor = await newYorkDoctor();
    const start = '2027-01-04T14:00:00.000Z';
    expect(await startsOf(doctor)).toContain(start);

    const held = await call('POST', '/holds', at(doctor, start, { ttl: 'PT5M' }));
    expect(held.status).toBe(201);
    const h = held.body as Hold;
    expect(h).toMatchObject({ doctorId: doctor.id, locationId: 'main', start, end: '2027-01-04T14:30:00.000Z', status: 'held', expiresAt: '2027-01-04T08:05:00.000Z' });
    expect(held.headers.get('location')).toBe(`/holds/${h.id}`);
    expect((await call('GET', `/holds/${h.id}`)).body).toEqual(h);

    // The hold hides its start and refuses it to a booking and to another hold.
    expect(await startsOf(doctor)).not.toContain(start);
    await expectProblem(call('POST', '/appointments', at(doctor, start, { patientRef: 'patient/7' })), 409, 'SLOT_TAKEN');
    await expectProblem(call('POST', '/holds', at(doctor, start)), 409, 'SLOT_TAKEN');

    const key = randomUUID();
    const confirmed = await call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' }, { 'Idempotency-Key': key });
    expect(confirmed.status).toBe(201);
    const appointment = confirmed.body as Appointment;
    expect(appointment).toMatchObject({ doctorId: doctor.id, locationId: 'main', start, patientRef: 'patient/42', status: 'booked', idempotencyKey: key });
    expect(confirmed.headers.get('location')).toBe(`/appointments/${appointment.id}`);
    expect((await call('GET', `/appointments/${appointment.id}`)).body).toEqual(appointment);
    expect((await call('GET', `/holds/${h.id}`)).body).toMatchObject({ status: 'confirmed', appointmentId: appointment.id });
    expect(await startsOf(doctor)).not.toContain(start);

    // A retry with the same key answers with the same appointment; without it, the hold is used up.
    const retry = await call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' }, { 'Idempotency-Key': `"${key}"` });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: appointment });
    await expectProblem(call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' }), 409, 'NOT_ACTIVE');
    const booked = await call('GET', `/doctors/${doctor.id}/appointments?status=booked`);
    expect((booked.body as { items: Appointment[] }).items).toEqual([appointment]);
  });

  it('refuses a confirmation key used by another appointment with 422 IDEMPOTENCY_MISMATCH', async () => {
    const doctor = await newYorkDoctor();
    const key = randomUUID();
    expect((await call('POST', '/appointments', at(doctor, '2027-01-04T15:00:00Z', { patientRef: 'patient/1' }), { 'Idempotency-Key': key })).status).toBe(201);
    const h = await hold(doctor, '2027-01-04T14:00:00Z');
    await expectProblem(call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/1' }, { 'Idempotency-Key': key }), 422, 'IDEMPOTENCY_MISMATCH');
    expect((await call('GET', `/holds/${h.id}`)).body).toMatchObject({ status: 'held' });
  });

  it('replays a hold for the same Idempotency-Key and body, and refuses the key for another body', async () => {
    const doctor = await newYorkDoctor();
    const key = randomUUID();
    const first = await hold(doctor, '2027-01-04T14:30:00Z', { patientRef: 'patient/42' }, { 'Idempotency-Key': key });
    const retry = await call('POST', '/holds', at(doctor, '2027-01-04T14:30:00Z', { patientRef: 'patient/42' }), { 'Idempotency-Key': key });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first });
    expect(first.idempotencyKey).toBe(key);
    await expectProblem(call('POST', '/holds', at(doctor, '2027-01-04T15:00:00Z', { patientRef: 'patient/42' }), { 'Idempotency-Key': key }), 422, 'IDEMPOTENCY_MISMATCH');
    expect(await startsOf(doctor)).toContain('2027-01-04T15:00:00.000Z');
  });

  it('takes one start for exactly one of 20 concurrent holds; the others get SLOT_TAKEN', async () => {
    const doctor = await newYorkDoctor();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('POST', '/holds', at(doctor, '2027-01-04T16:00:00Z', { patientRef: `patient/${i}` }))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body).toMatchObject({ code: 'SLOT_TAKEN' });
    const winner = responses.find((r) => r.status === 201)!.body as Hold;
    expect((await call('GET', `/holds/${winner.id}`)).body).toMatchObject({ status: 'held', start: '2027-01-04T16:00:00.000Z' });
    expect(await startsOf(doctor)).not.toContain('2027-01-04T16:00:00.000Z');
  });

  it('answers refusals of a hold with the codes of booking', async () => {
    const doctor = await newYorkDoctor({ slotLength: 'PT30M', maxHoldTtl: 'PT15M' });
    await expectProblem(call('POST', '/holds', { ...at(doctor, '2027-01-04T14:00:00Z'), doctorId: 'dr-nobody' }), 404, 'DOCTOR_NOT_FOUND');
    await expectProblem(call('POST', '/holds', at(doctor, '2027-01-04T14:10:00Z')), 422, 'SLOT_NOT_OFFERED');
    await expectProblem(call('POST', '/holds', { ...at(doctor, '2027-01-04T14:00:00Z'), locationId: 'elsewhere' }), 422, 'LOCATION_NOT_SERVED');
    await expectProblem(call('POST', '/holds', at(doctor, '2026-12-28T14:00:00Z')), 422, 'TOO_LATE');
    await expectProblem(call('POST', '/holds', at(doctor, '2027-01-04T14:00:00Z', { ttl: 'PT16M' })), 400, 'VALIDATION_FAILED');
    await expectProblem(call('POST', '/holds', at(doctor, '2027-01-04T14:00:00Z', { ttl: 'soon' })), 400, 'VALIDATION_FAILED');
    await expectProblem(call('POST', '/holds', at(doctor, '2027-01-04T14:00:00Z', { idempotencyKey: 'k' })), 400, 'VALIDATION_FAILED');
    expect(await startsOf(doctor)).toContain('2027-01-04T14:00:00.000Z');
  });

  it('answers 404 HOLD_NOT_FOUND for a hold that does not exist, and 400 for a malformed id', async () => {
    await expectProblem(call('GET', '/holds/no-such-hold'), 404, 'HOLD_NOT_FOUND');
    await expectProblem(call('POST', '/holds/no-such-hold/renewal', { ttl: 'PT5M' }), 404, 'HOLD_NOT_FOUND');
    await expectProblem(call('POST', '/holds/no-such-hold/release'), 404, 'HOLD_NOT_FOUND');
    await expectProblem(call('POST', '/holds/no-such-hold/confirmation', { patientRef: 'patient/42' }), 404, 'HOLD_NOT_FOUND');
    await expectProblem(call('GET', '/holds/not%20an%20id'), 400, 'VALIDATION_FAILED');
  });
});

describe('POST /holds/{holdId}/release', () => {
  it('frees the held start at once, and answers with the released hold', async () => {
    const doctor = await newYorkDoctor();
    const start = '2027-01-04T14:30:00.000Z';
    const h = await hold(doctor, start);
    expect(await startsOf(doctor)).not.toContain(start);

    const released = await call('POST', `/holds/${h.id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ id: h.id, status: 'released' });
    expect(await startsOf(doctor)).toContain(start);
    expect((await call('POST', '/appointments', at(doctor, start, { patientRef: 'patient/7' }))).status).toBe(201);

    await expectProblem(call('POST', `/holds/${h.id}/release`), 409, 'NOT_ACTIVE');
    await expectProblem(call('POST', `/holds/${h.id}/renewal`, { ttl: 'PT5M' }), 409, 'NOT_ACTIVE');
    await expectProblem(call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' }), 409, 'NOT_ACTIVE');
  });
});

describe('expiry, by the injected clock', () => {
  it('frees the start at expiresAt: the hold reads expired, and confirming or renewing it is 409 HOLD_EXPIRED', async () => {
    const doctor = await newYorkDoctor();
    const start = '2027-01-04T15:00:00.000Z';
    const h = await hold(doctor, start, { ttl: 'PT5M' });

    clock.advance(5 * MINUTE - 1);
    expect((await call('GET', `/holds/${h.id}`)).body).toMatchObject({ status: 'held' });
    expect(await startsOf(doctor)).not.toContain(start);

    clock.advance(1);
    expect((await call('GET', `/holds/${h.id}`)).body).toMatchObject({ status: 'expired', expiresAt: h.expiresAt });
    expect(await startsOf(doctor)).toContain(start);
    await expectProblem(call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' }), 409, 'HOLD_EXPIRED');
    await expectProblem(call('POST', `/holds/${h.id}/renewal`, { ttl: 'PT5M' }), 409, 'HOLD_EXPIRED');
    await expectProblem(call('POST', `/holds/${h.id}/release`), 409, 'HOLD_EXPIRED');

    // Another patient can take the time.
    expect((await call('POST', '/appointments', at(doctor, start, { patientRef: 'patient/7' }))).status).toBe(201);
  });

  it('keeps a renewed hold past its first expiry', async () => {
    const doctor = await newYorkDoctor({ slotLength: 'PT30M', maxHoldTtl: 'PT10M' });
    const start = '2027-01-04T16:30:00.000Z';
    const h = await hold(doctor, start, { ttl: 'PT5M' });

    clock.advance(4 * MINUTE);
    const renewed = await call('POST', `/holds/${h.id}/renewal`, { ttl: 'PT5M' });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ id: h.id, status: 'held', expiresAt: '2027-01-04T08:09:00.000Z' });
    await expectProblem(call('POST', `/holds/${h.id}/renewal`, { ttl: 'PT11M' }), 400, 'VALIDATION_FAILED');
    await expectProblem(call('POST', `/holds/${h.id}/renewal`, {}), 400, 'VALIDATION_FAILED');

    clock.advance(4 * MINUTE);
    expect(await startsOf(doctor)).not.toContain(start);
    const confirmed = await call('POST', `/holds/${h.id}/confirmation`, { patientRef: 'patient/42' });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ start, status: 'booked' });
  });
});

describe('GET /doctors/{doctorId}/slots?ignoreAppointmentId', () => {
  it("lists the starts as if the appointment were not there: its own start and those its time blocks", async () => {
    const doctor = await newYorkDoctor({ slotLength: 'PT30M', slotStep: 'PT15M' });
    const booked = await call('POST', '/appointments', at(doctor, '2027-01-04T14:15:00Z', { patientRef: 'patient/42' }));
    expect(booked.status).toBe(201);
    const appointment = booked.body as Appointment;

    const without = await startsOf(doctor);
    const ignoring = await startsOf(doctor, `&ignoreAppointmentId=${appointment.id}`);
    const blocked = ['14:00', '14:15', '14:30'].map((t) => `2027-01-04T${t}:00.000Z`);
    for (const start of blocked) {
      expect(without).not.toContain(start);
      expect(ignoring).toContain(start);
    }
    expect(ignoring.filter((s) => !blocked.includes(s))).toEqual(without);

    // reschedule accepts what that listing offers: a start next to the old one.
    const moved = await call('POST', `/appointments/${appointment.id}/reschedule`, { start: '2027-01-04T14:30:00Z' });
    expect(moved.status).toBe(201);
    expect((moved.body as { booked: Appointment }).booked.start).toBe('2027-01-04T14:30:00.000Z');
  });

  it('refuses a malformed appointment id with 400', async () => {
    const doctor = await newYorkDoctor();
    await expectProblem(call('GET', `/doctors/${doctor.id}/slots?from=${MONDAY.from}&to=${MONDAY.to}&ignoreAppointmentId=a%20b`), 400, 'VALIDATION_FAILED');
  });
});

describe('the patient-conflict rule (--patient-conflicts)', () => {
  it('is off by default: one patient can be booked with two doctors at once', async () => {
    const [a, b] = [await newYorkDoctor(), await newYorkDoctor()];
    const patient = { patientRef: `patient/${randomUUID()}` };
    expect((await call('POST', '/appointments', at(a, '2027-01-04T14:00:00Z', patient))).status).toBe(201);
    expect((await call('POST', '/appointments', at(b, '2027-01-04T14:00:00Z', patient))).status).toBe(201);
  });

  it('when on, refuses a patient a second overlapping booking, hold or confirmation, at any doctor, with 409 PATIENT_BUSY', async () => {
    const [a, b, c] = [await newYorkDoctor(undefined, strict), await newYorkDoctor(undefined, strict), await newYorkDoctor(undefined, strict)];
    const patient = { patientRef: `patient/${randomUUID()}` };
    expect((await call('POST', '/appointments', at(a, '2027-01-04T14:00:00Z', patient), {}, strict)).status).toBe(201);
    await expectProblem(call('POST', '/appointments', at(b, '2027-01-04T14:00:00Z', patient), {}, strict), 409, 'PATIENT_BUSY');
    await expectProblem(call('POST', '/holds', at(b, '2027-01-04T14:00:00Z', patient), {}, strict), 409, 'PATIENT_BUSY');

    const anonymous = await call('POST', '/holds', at(c, '2027-01-04T14:00:00Z'), {}, strict);
    expect(anonymous.status).toBe(201);
    await expectProblem(call('POST', `/holds/${(anonymous.body as Hold).id}/confirmation`, patient, {}, strict), 409, 'PATIENT_BUSY');
    expect((await call('POST', '/appointments', at(b, '2027-01-04T14:30:00Z', patient), {}, strict)).status).toBe(201);
  });
});
