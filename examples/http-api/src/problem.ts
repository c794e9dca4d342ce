import { SCHEDULING_ERROR_HTTP, SchedulingError, type SchedulingErrorCode, type ValidationIssue } from 'clinic-slots';
import { HTTPException } from 'hono/http-exception';

/**
 * The library's error codes answer with the status and title the library gives them
 * (`SCHEDULING_ERROR_HTTP`: malformed input is 400; well-formed input the rules refuse is 422; a
 * missing doctor or appointment is 404; a clash with the current state is 409; storage trouble is
 * 503). These are the problems of the HTTP layer itself, which the library never raises.
 */
export const HTTP_PROBLEMS = {
  NOT_FOUND: { status: 404, title: 'No such resource' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
} as const;

/** Every code a problem body can carry. */
export type ProblemCode = SchedulingErrorCode | keyof typeof HTTP_PROBLEMS;

/** The status a problem can have. */
export type ProblemStatus =
  | (typeof SCHEDULING_ERROR_HTTP)[SchedulingErrorCode]['status']
  | (typeof HTTP_PROBLEMS)[keyof typeof HTTP_PROBLEMS]['status'];

/** The status and the short, fixed summary (RFC 9457 `title`) of every kind of problem. */
export const PROBLEMS: Readonly<Record<ProblemCode, { readonly status: ProblemStatus; readonly title: string }>> = {
  ...SCHEDULING_ERROR_HTTP,
  ...HTTP_PROBLEMS,
};

/** An RFC 9457 problem details body, with the library's `code` and, for 400, zod's `issues`. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: ProblemStatus;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly issues?: readonly ValidationIssue[];
}

/** The problem type URI of a code: a path this app serves, `/problems/slot-taken`. */
export function problemType(code: ProblemCode): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

/** Finds the code whose problem type path ends in `slug` (`slot-taken`), if any. */
export function codeOfProblemSlug(slug: string): ProblemCode | undefined {
  return (Object.keys(PROBLEMS) as ProblemCode[]).find((code) => problemType(code) === `/problems/${slug}`);
}

/** Builds the problem of a code. */
export function problem(code: ProblemCode, detail: string, issues?: readonly ValidationIssue[]): Problem {
  return {
    type: problemType(code),
    title: PROBLEMS[code].title,
    status: PROBLEMS[code].status,
    detail,
    code,
    ...(code === 'VALIDATION_FAILED' ? { issues: issues ?? [] } : {}),
  };
}

/** The problem of input that failed its schema in one part of the request (body, query...). */
export function problemFromIssues(issues: readonly ValidationIssue[], where: string): Problem {
  const first = issues[0];
  const at = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return problem('VALIDATION_FAILED', `invalid ${where}${at}: ${first?.message ?? 'invalid'}`, issues);
}

/**
 * The problem to answer for anything thrown while handling a request. Library refusals keep their
 * code and message. `STORAGE_FAILED` keeps its code but not its message, which speaks of the
 * database's internals; unknown errors become a generic 500. Both are logged (with the driver's
 * error as `cause`), never shown.
 */
export function problemFromError(error: unknown, log: (error: unknown) => void = console.error): Problem {
  if (error instanceof SchedulingError) {
    if (error.code !== 'STORAGE_FAILED') return problem(error.code, error.message, error.issues);
    log(error);
    return problem('STORAGE_FAILED', 'The storage failed; nothing was changed. Retry later.');
  }
  if (error instanceof HTTPException) {
    if (error.status === 400) {
      const issue: ValidationIssue = { code: 'custom', path: [], message: error.message };
      return problemFromIssues([issue], 'request body');
    }
    if (error.status === 404) return problem('NOT_FOUND', error.message);
    if (error.status === 413) return problem('PAYLOAD_TOO_LARGE', error.message);
    if (error.status === 415) return problem('UNSUPPORTED_MEDIA_TYPE', error.message);
  }
  log(error);
  return problem('INTERNAL_ERROR', 'Something went wrong on our side; the error was logged.');
}
