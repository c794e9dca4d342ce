import { SchedulingError, type Scheduler } from 'clinic-slots';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';

/**
 * A scheduler whose every method records its call and throws `error`: enough to observe what the
 * HTTP layer does around the library, without a store.
 */
function throwingScheduler(error: unknown) {
  const calls: string[] = [];
  const scheduler = new Proxy({} as Scheduler, {
    get: (_, method) => async () => {
      calls.push(String(method));
      throw error;
    },
  });
  return { scheduler, calls };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

const booking = { doctorId: 'dr-wright', locationId: 'park-st', start: '2027-01-04T09:00:00Z', patientRef: 'patient/42' };

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { type: string; title: string; status: number; detail: string; code: string; issues?: unknown[] };
}

describe('createApp', () => {
  it('answers a library error with its status and a problem+json body', async () => {
    const { scheduler } = throwingScheduler(new SchedulingError('SLOT_TAKEN', 'someone was faster'));
    const response = await createApp({ scheduler }).request('/appointments', json(booking));
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toEqual({
      type: '/problems/slot-taken',
      title: expect.any(String),
      status: 409,
      detail: 'someone was faster',
      code: 'SLOT_TAKEN',
    });
  });

  it('answers STORAGE_FAILED with 503, logs it, and keeps its internal message out of the body', async () => {
    const log = vi.fn();
    const error = new SchedulingError('STORAGE_FAILED', 'listDoctors: the database failed (SQLITE_IOERR)');
    const { scheduler } = throwingScheduler(error);
    const response = await createApp({ scheduler, log }).request('/doctors');
    expect(response.status).toBe(503);
    const problem = await problemOf(response);
    expect(problem.code).toBe('STORAGE_FAILED');
    expect(problem.detail).not.toMatch(/listDoctors|SQLITE/);
    expect(log).toHaveBeenCalledWith(error);
  });

  it('answers an unexpected error with a generic 500, logs it, and shows no stack', async () => {
    const log = vi.fn();
    const { scheduler } = throwingScheduler(new Error('connection string postgres://admin:secret@db'));
    const response = await createApp({ scheduler, log }).request('/doctors/dr-wright');
    expect(response.status).toBe(500);
    const body = JSON.stringify(await problemOf(response));
    expect(body).not.toMatch(/secret|at .*\.ts|Error:/);
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('secret') }));
  });

  it('refuses malformed JSON with a 400 problem, without calling the scheduler', async () => {
    const { scheduler, calls } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler }).request('/appointments', json('{"doctorId": '));
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.anything()] });
    expect(calls).toEqual([]);
  });

  it('refuses a body that does not match its schema with 400 and the issues', async () => {
    const { scheduler, calls } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler }).request('/appointments', json({ ...booking, start: 'tomorrow' }));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.issues).toEqual([expect.objectContaining({ path: ['start'] })]);
    expect(calls).toEqual([]);
  });

  it('refuses unknown fields in a body (the library schemas are strict)', async () => {
    const { scheduler } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler }).request('/appointments', json({ ...booking, idempotencyKey: 'k' }));
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('VALIDATION_FAILED');
  });

  it('refuses bad query parameters with 400', async () => {
    const { scheduler, calls } = throwingScheduler(new Error('not reached'));
    const app = createApp({ scheduler });
    for (const [method, url] of [
      ['GET', '/doctors?limit=0'],
      ['GET', '/doctors?limit=many'],
      ['GET', '/doctors/dr-wright/slots?from=2027-01-04T00:00:00Z'],
      ['GET', '/doctors/dr-wright/appointments?status=pending'],
      ['DELETE', '/doctors/dr-wright?version=0'],
      ['DELETE', '/doctors/dr-wright/locations/park%20st'],
    ] as const) {
      const response = await app.request(url, { method });
      expect(response.status, url).toBe(400);
      expect((await problemOf(response)).code, url).toBe('VALIDATION_FAILED');
    }
    expect(calls).toEqual([]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { scheduler } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler }).request('/appointments', {
      method: 'POST',
      body: 'doctorId=dr-wright',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over the limit with 413', async () => {
    const { scheduler } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler, maxBodyBytes: 100 }).request(
      '/appointments',
      json({ ...booking, patientRef: 'x'.repeat(200) }),
    );
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { scheduler } = throwingScheduler(new Error('not reached'));
    const response = await createApp({ scheduler }).request('/patients');
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('NOT_FOUND');
  });

  it('serves a page for each problem type it uses', async () => {
    const { scheduler } = throwingScheduler(new SchedulingError('NOT_ACTIVE', 'already cancelled'));
    const app = createApp({ scheduler });
    const problem = await problemOf(await app.request('/appointments/a1/cancel', { method: 'POST' }));
    const page = await app.request(problem.type);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('NOT_ACTIVE');
  });
});
