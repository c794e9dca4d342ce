import { SCHEDULING_ERROR_CODES, SCHEDULING_ERROR_HTTP, createMemoryRepository, createScheduler, type Scheduler } from 'clinic-slots';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { HTTP_PROBLEMS } from '../src/problem.js';

// The docs never call the scheduler.
const app = createApp({ scheduler: {} as Scheduler });

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

async function openApiDocument(): Promise<OpenApiDocument> {
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as OpenApiDocument;
}

/** Every `$ref` anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every endpoint', async () => {
    const doc = await openApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'GET /doctors',
        'POST /doctors',
        'GET /doctors/{doctorId}',
        'PATCH /doctors/{doctorId}',
        'DELETE /doctors/{doctorId}',
        'GET /doctors/{doctorId}/locations',
        'POST /doctors/{doctorId}/locations',
        'DELETE /doctors/{doctorId}/locations/{locationId}',
        'GET /doctors/{doctorId}/schedule',
        'PUT /doctors/{doctorId}/schedule',
        'GET /doctors/{doctorId}/overrides',
        'PUT /doctors/{doctorId}/overrides',
        'GET /doctors/{doctorId}/rules',
        'PUT /doctors/{doctorId}/rules',
        'GET /doctors/{doctorId}/slots',
        'GET /doctors/{doctorId}/appointments',
        'POST /appointments',
        'GET /appointments/{appointmentId}',
        'POST /appointments/{appointmentId}/cancel',
        'POST /appointments/{appointmentId}/reschedule',
        'POST /appointments/{appointmentId}/fulfilled',
        'POST /appointments/{appointmentId}/no-show',
        'POST /appointments/{appointmentId}/entered-in-error',
        'POST /holds',
        'GET /holds/{holdId}',
        'POST /holds/{holdId}/renewal',
        'POST /holds/{holdId}/release',
        'POST /holds/{holdId}/confirmation',
      ].sort(),
    );
  });

  it('declares every path parameter, a unique operationId, and problem+json errors on each operation', async () => {
    const doc = await openApiDocument();
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toBeTruthy();
        expect(ids.has(op.operationId!), where).toBe(false);
        ids.add(op.operationId!);
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(op.parameters?.some((p) => p.in === 'path' && p.name === name), `${where}: ${name}`).toBe(true);
        }
        expect(Object.keys(op.responses).some((status) => status.startsWith('2')), where).toBe(true);
        for (const status of ['400', '500', '503']) {
          expect(op.responses[status]?.content, `${where} ${status}`).toHaveProperty(['application/problem+json']);
        }
      }
    }
  });

  it('names the library schemas as components and resolves every $ref', async () => {
    const doc = await openApiDocument();
    for (const name of [
      'Doctor',
      'NewDoctor',
      'Appointment',
      'WeeklySchedule',
      'DateOverrides',
      'BookingRules',
      'BookingRequest',
      'Hold',
      'HoldRequest',
      'HoldRenewal',
      'HoldConfirmation',
      'Problem',
    ]) {
      expect(doc.components.schemas, name).toHaveProperty([name]);
    }
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty([ref.replace('#/components/schemas/', '')]);
    }
  });

  it('documents the status of every error code, the Idempotency-Key header and the version rule', async () => {
    const doc = await openApiDocument();
    for (const code of SCHEDULING_ERROR_CODES) expect(doc.info.description).toContain(`\`${code}\``);
    const book = doc.paths['/appointments']!['post']!;
    expect(book.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(doc.info.description).toMatch(/version/);
  });

  it('names, under each error status of an operation, the codes it answers with there, each of that status', async () => {
    const doc = await openApiDocument();
    const statusOf: Readonly<Record<string, { status: number }>> = { ...SCHEDULING_ERROR_HTTP, ...HTTP_PROBLEMS };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses).filter(([s]) => /^[45]/.test(s))) {
          const where = `${method} ${path} ${status}`;
          const codes = [...response.description.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
          expect(codes.length, where).toBeGreaterThan(0);
          for (const code of codes) expect(statusOf[code]?.status, `${where} ${code}`).toBe(Number(status));
        }
      }
    }
  });

  it('documents the hold routes with their bodies, their Idempotency-Key and the hold refusals', async () => {
    const doc = await openApiDocument();
    const op = (path: string, method = 'post') => doc.paths[path]![method]!;
    const codes = (path: string, status: number, method = 'post') => op(path, method).responses[status]?.description ?? '';

    expect(refsIn(op('/holds').requestBody)).toEqual(['#/components/schemas/HoldRequest']);
    expect(refsIn(op('/holds').responses['201'])).toEqual(['#/components/schemas/Hold']);
    expect(refsIn(op('/holds/{holdId}', 'get').responses['200'])).toEqual(['#/components/schemas/Hold']);
    expect(refsIn(op('/holds/{holdId}/renewal').requestBody)).toEqual(['#/components/schemas/HoldRenewal']);
    expect(refsIn(op('/holds/{holdId}/renewal').responses['200'])).toEqual(['#/components/schemas/Hold']);
    expect(refsIn(op('/holds/{holdId}/release').responses['200'])).toEqual(['#/components/schemas/Hold']);
    expect(refsIn(op('/holds/{holdId}/confirmation').requestBody)).toEqual(['#/components/schemas/HoldConfirmation']);
    expect(refsIn(op('/holds/{holdId}/confirmation').responses['201'])).toEqual(['#/components/schemas/Appointment']);
    for (const path of ['/holds', '/holds/{holdId}/confirmation']) {
      expect(op(path).parameters, path).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    }

    expect(codes('/holds', 409)).toMatch(/`SLOT_TAKEN`.*`PATIENT_BUSY`/);
    expect(codes('/holds', 422)).toContain('`SLOT_NOT_OFFERED`');
    expect(codes('/holds/{holdId}', 404, 'get')).toContain('`HOLD_NOT_FOUND`');
    for (const path of ['/holds/{holdId}/renewal', '/holds/{holdId}/release', '/holds/{holdId}/confirmation']) {
      expect(codes(path, 404), path).toContain('`HOLD_NOT_FOUND`');
      expect(codes(path, 409), path).toMatch(/`HOLD_EXPIRED`.*`NOT_ACTIVE`/);
    }
    expect(codes('/holds/{holdId}/confirmation', 409)).toContain('`PATIENT_BUSY`');
    expect(codes('/holds/{holdId}/confirmation', 422)).toContain('`IDEMPOTENCY_MISMATCH`');
  });

  it('names PATIENT_BUSY among the refusals of a booking', async () => {
    const doc = await openApiDocument();
    expect(doc.paths['/appointments']!['post']!.responses['409']!.description).toContain('`PATIENT_BUSY`');
  });

  it('documents ignoreAppointmentId on the slots route', async () => {
    const doc = await openApiDocument();
    expect(doc.paths['/doctors/{doctorId}/slots']!['get']!.parameters).toContainEqual(expect.objectContaining({ name: 'ignoreAppointmentId', in: 'query' }));
  });
});

describe('the OpenAPI document against the routes', () => {
  const MAX_BODY = 1000;
  const served = createApp({ scheduler: createScheduler({ repository: createMemoryRepository() }), maxBodyBytes: MAX_BODY, log: () => {} });

  /** The operations, with a path that has a valid id for each parameter. */
  async function operations() {
    const doc = await openApiDocument();
    return Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        where: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        path: template.replace(/\{\w+\}/g, 'x-1'),
        op: op as Operation & { requestBody?: unknown },
      })),
    );
  }

  it('declares 413 and 415 on every operation that takes a body, and the routes answer with them', async () => {
    const withBody = (await operations()).filter((o) => o.op.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(5);
    for (const { where, method, path, op } of withBody) {
      const notJson = await served.request(path, { method, body: 'reason=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(notJson.status, where).toBe(415);
      const huge = JSON.stringify({ reason: 'x'.repeat(MAX_BODY) });
      const tooLarge = await served.request(path, { method, body: huge, headers: { 'content-type': 'application/json' } });
      expect(tooLarge.status, where).toBe(413);
      for (const status of ['413', '415']) {
        expect(op.responses, `${where} ${status}`).toHaveProperty([status, 'content', 'application/problem+json']);
      }
    }
  });

  it('declares 422 where a route answers LOCATION_NOT_SERVED', async () => {
    const scheduler = createScheduler({ repository: createMemoryRepository() });
    const app = createApp({ scheduler });
    await scheduler.createDoctor({ id: 'dr-a', name: 'A', timeZone: 'UTC', locations: [{ id: 'here', address: '1 Main St' }] });
    const response = await app.request('/doctors/dr-a/locations/nowhere', { method: 'DELETE' });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { code: string }).code).toBe('LOCATION_NOT_SERVED');
    const doc = await openApiDocument();
    expect(doc.paths['/doctors/{doctorId}/locations/{locationId}']!['delete']!.responses).toHaveProperty(['422']);
  });
});

describe('/docs', () => {
  it('redirects / to the docs', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/docs');
  });

  it('serves Swagger UI whose every asset loads from this server', async () => {
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-initializer.js']));
    const expected: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/, png: /^image\/png/ };
    for (const asset of assets) {
      expect(asset, 'no CDN: assets are served by the app').toMatch(/^\/docs\//);
      const response = await app.request(asset);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(expected[asset.split('.').pop()!]!);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
  });

  it('points Swagger UI at /openapi.json and at no outside validator', async () => {
    const script = await (await app.request('/docs/swagger-initializer.js')).text();
    expect(script).toContain("url: '/openapi.json'");
    expect(script).toContain('validatorUrl: null');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it('serves no other file of the package', async () => {
    for (const name of ['package.json', 'index.js', '..%2F..%2Fpackage.json']) {
      expect((await app.request(`/docs/${name}`)).status, name).toBe(404);
    }
  });
});
