import { OpenAPIHono } from '@hono/zod-openapi';
import type { Scheduler } from 'clinic-slots';
import { bodyLimit } from 'hono/body-limit';
import { addDocsRoutes } from './docs.js';
import { problem, problemFromError, problemFromIssues } from './problem.js';
import { problemResponse } from './responses.js';
import { addAppointmentRoutes } from './routes/appointment-routes.js';
import { addDoctorRoutes } from './routes/doctor-routes.js';
import { addHoldRoutes } from './routes/hold-routes.js';

/** What {@link createApp} needs. */
export interface AppOptions {
  /** The scheduling service; the app calls nothing else of the library. */
  readonly scheduler: Scheduler;
  /** Where unexpected errors are logged (default `console.error`). They are never sent. */
  readonly log?: (error: unknown) => void;
  /** The largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

const WHERE: Readonly<Record<string, string>> = {
  json: 'request body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'headers',
};

/**
 * The HTTP API as a Hono app: routes, validation, problem+json errors, the OpenAPI document at
 * `/openapi.json` and Swagger UI at `/docs`. Serve it with any Hono adapter, or call
 * `app.request()` in tests.
 */
export function createApp({ scheduler, log = console.error, maxBodyBytes = 1024 * 1024 }: AppOptions): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, problemFromIssues(result.error.issues, WHERE[result.target] ?? result.target));
      return undefined;
    },
  });

  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problemResponse(c, problem('PAYLOAD_TOO_LARGE', `the body is over ${maxBodyBytes} bytes`)),
    }),
  );

  addDoctorRoutes(app, scheduler);
  addAppointmentRoutes(app, scheduler);
  addHoldRoutes(app, scheduler);
  addDocsRoutes(app);

  app.notFound((c) => problemResponse(c, problem('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => problemResponse(c, problemFromError(error, log)));
  return app;
}
