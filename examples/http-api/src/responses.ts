import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Problem as ProblemSchema } from './openapi-schemas.js';
import type { Problem } from './problem.js';

/** A JSON response of a route, for the OpenAPI document. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

const PROBLEM_DESCRIPTIONS = {
  400: 'Malformed request (`VALIDATION_FAILED`, with `issues`).',
  404: 'Not found (`DOCTOR_NOT_FOUND`, `APPOINTMENT_NOT_FOUND`).',
  409: 'Clashes with the current state (`SLOT_TAKEN`, `CONFLICT`, `NOT_ACTIVE`, `DOCTOR_HAS_APPOINTMENTS`).',
  413: 'The body is larger than the server accepts (`PAYLOAD_TOO_LARGE`).',
  415: 'The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`).',
  422: 'Well-formed but refused by the booking rules (`SLOT_NOT_OFFERED`, `TOO_LATE`, `BEYOND_HORIZON`, `LOCATION_NOT_SERVED`, `IDEMPOTENCY_MISMATCH`).',
  500: 'Unexpected error (`INTERNAL_ERROR`); details are logged on the server, never sent.',
  503: 'The storage failed (`STORAGE_FAILED`); nothing was changed, retry later. Details are logged on the server, never sent.',
} as const;

type ProblemStatusKey = keyof typeof PROBLEM_DESCRIPTIONS;

/** The problem+json responses a route can give, for the OpenAPI document (500 and 503 always). */
export function problemResponses<S extends ProblemStatusKey>(...statuses: S[]) {
  const all = [...new Set<ProblemStatusKey>([...statuses, 500, 503])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTIONS[status], content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  ) as Record<S | 500 | 503, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }>;
}

/** Answers with a problem+json body and the problem's status. */
export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status, { 'content-type': 'application/problem+json' });
}
