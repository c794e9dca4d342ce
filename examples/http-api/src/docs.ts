import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { SCHEDULING_ERROR_CODES } from 'clinic-slots';
import { HTTP_PROBLEMS, PROBLEMS, codeOfProblemSlug, problem, problemType } from './problem.js';
import { problemResponse } from './responses.js';

/** Where the installed `swagger-ui-dist` keeps its files: the docs page needs no CDN. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The Swagger UI files the page uses, and their content types. Nothing else is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>clinic-slots HTTP API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-initializer.js"></script>
</body>
</html>
`;

// validatorUrl: null keeps Swagger UI from sending the document to validator.swagger.io.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const ERROR_TABLE = [
  '| code | HTTP status | title |',
  '| --- | --- | --- |',
  ...SCHEDULING_ERROR_CODES.map((code) => `| \`${code}\` | ${PROBLEMS[code].status} | ${PROBLEMS[code].title} |`),
  ...(Object.keys(HTTP_PROBLEMS) as (keyof typeof HTTP_PROBLEMS)[]).map(
    (code) => `| \`${code}\` (HTTP layer) | ${HTTP_PROBLEMS[code].status} | ${HTTP_PROBLEMS[code].title} |`,
  ),
].join('\n');

const DESCRIPTION = `Doctors publish times; patients book only into published times. This is the HTTP face of
the [clinic-slots](https://www.npmjs.com/package/clinic-slots) library.

**Instants** are ISO 8601 with \`Z\` or an offset, and come back in UTC. Doctors' hours are local
wall-clock times in their IANA time zone.

**Optimistic concurrency.** Every doctor has a \`version\` that grows by one on every change. Send
the version you read (\`version\` in the body of \`PATCH /doctors/{doctorId}\`, the \`version\`
query parameter elsewhere): when it is stale, nothing changes and the answer is 409 \`CONFLICT\`.
Without it, the change applies to whatever is stored.

**Idempotent booking.** Send an \`Idempotency-Key\` header with \`POST /appointments\`. A retry
with the same key and the same body answers **201** with the appointment booked the first time
(the original response, replayed); the same key with another body is 422 \`IDEMPOTENCY_MISMATCH\`.

**Holds.** \`POST /holds\` takes a published start for a while (\`ttl\`, default the doctor's
\`holdTtl\`), judged like a booking: while it is held, the start is missing from the slots and other
bookings and holds of it get 409 \`SLOT_TAKEN\`. Then confirm it into an appointment
(\`POST /holds/{holdId}/confirmation\`), renew it, or release it. At \`expiresAt\` it frees its time
by itself, and confirming it is 409 \`HOLD_EXPIRED\`.

**Errors** are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details
(\`application/problem+json\`) with a stable \`code\` to branch on; \`VALIDATION_FAILED\` adds
\`issues\`. Malformed requests are 400; well-formed requests that the booking rules refuse are 422.

${ERROR_TABLE}
`;

/** The OpenAPI 3.1 document, Swagger UI (served from `swagger-ui-dist`) and the problem type pages. */
export function addDocsRoutes(app: OpenAPIHono): void {
  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'clinic-slots HTTP API', version: '1.0.0', description: DESCRIPTION },
      tags: [
        { name: 'Doctors', description: 'Who can be seen, where, and in which time zone.' },
        { name: 'Locations', description: 'Where a doctor sees patients.' },
        { name: 'Hours', description: 'Weekly schedule, date overrides and booking rules: what makes the slots.' },
        { name: 'Slots', description: 'The published, free start times.' },
        { name: 'Appointments', description: 'Booking, and the appointment lifecycle.' },
        { name: 'Holds', description: 'A start taken for a while, then confirmed into an appointment, released, or left to expire.' },
      ],
    });
    return c.json(document);
  });

  app.get('/', (c) => c.redirect('/docs', 302));
  app.get('/docs', (c) => c.html(DOCS_PAGE));
  app.get('/docs/swagger-initializer.js', (c) => c.body(INITIALIZER, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (type === undefined) return problemResponse(c, problem('NOT_FOUND', `no such file: /docs/${name}`));
    const body = await readFile(join(SWAGGER_UI_DIR, name));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });

  app.get('/problems/:slug', (c) => {
    const code = codeOfProblemSlug(c.req.param('slug'));
    if (code === undefined) return problemResponse(c, problem('NOT_FOUND', `no such problem type: ${c.req.param('slug')}`));
    const status = problem(code, '').status;
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${code}</title></head><body>` +
        `<h1>${PROBLEMS[code].title}</h1><p>Problem type <code>${problemType(code)}</code>, code <code>${code}</code>, ` +
        `HTTP status ${status}.</p><p>See <a href="/docs">the API documentation</a>.</p></body></html>`,
    );
  });
}
