import type { z } from '@hono/zod-openapi';
import type { SCHEDULING_ERROR_HTTP, SchedulingErrorCode } from 'clinic-slots';
import type { Context } from 'hono';
import { Problem as ProblemSchema } from './openapi-schemas.js';
import { PROBLEMS, type HTTP_PROBLEMS, type Problem, type ProblemCode } from './problem.js';

/** A JSON response of a route, for the OpenAPI document. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** What each error status means in this API, before the codes a route names under it. */
const STATUS_MEANINGS: Readonly<Record<number, string>> = {
  400: 'Malformed request; `issues` says what and where',
  404: 'Not found',
  409: 'Clashes with the current state',
  413: 'The body is larger than the server accepts',
  415: 'The body is not `application/json`',
  422: 'Well-formed but refused by the booking rules',
  500: 'Unexpected error; details are logged on the server, never sent',
  503: 'The storage failed; nothing was changed, retry later. Details are logged on the server, never sent',
};

/** The codes every route can answer with: malformed input, and trouble on the server's side. */
const ALWAYS = ['VALIDATION_FAILED', 'INTERNAL_ERROR', 'STORAGE_FAILED'] as const satisfies readonly ProblemCode[];

/** The codes of a route that takes a JSON body. */
export const BODY_PROBLEMS = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const satisfies readonly ProblemCode[];

/** The HTTP status of a problem code, as a literal type. */
type StatusOf<C extends ProblemCode> = C extends SchedulingErrorCode
  ? (typeof SCHEDULING_ERROR_HTTP)[C]['status']
  : C extends keyof typeof HTTP_PROBLEMS
    ? (typeof HTTP_PROBLEMS)[C]['status']
    : never;

type ProblemResponse = { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } };

/**
 * The problem+json responses of a route, for the OpenAPI document: one per status of the codes
 * it can answer with (each status as `SCHEDULING_ERROR_HTTP` or the HTTP layer gives it), whose
 * description names those codes. `VALIDATION_FAILED` (400), `INTERNAL_ERROR` (500) and
 * `STORAGE_FAILED` (503) are always there.
 */
export function problemResponses<C extends ProblemCode>(...codes: C[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set<ProblemCode>([...ALWAYS, ...codes])) {
    const status = PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, inStatus]) => [
        status,
        {
          description: `${STATUS_MEANINGS[status]}: ${inStatus.map((code) => `\`${code}\``).join(', ')}.`,
          content: { 'application/problem+json': { schema: ProblemSchema } },
        },
      ]),
  ) as Record<StatusOf<C | (typeof ALWAYS)[number]>, ProblemResponse>;
}

/** Answers with a problem+json body and the problem's status. */
export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status, { 'content-type': 'application/problem+json' });
}
