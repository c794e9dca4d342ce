import { SchedulingError, type SchedulingErrorCode, type ValidationIssue } from 'clinic-slots';
import { HTTPException } from 'hono/http-exception';

/**
 * The one HTTP status of each library error code. The rule: malformed input is 400; well-formed
 * input the rules refuse is 422; a missing doctor or appointment is 404; a clash with the current
 * state (a taken slot, a stale version, a finished appointment) is 409; storage trouble is 503.
 */
export const HTTP_STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  DOCTOR_NOT_FOUND: 404,
  APPOINTMENT_NOT_FOUND: 404,
  LOCATION_NOT_SERVED: 422,
  SLOT_NOT_OFFERED: 422,
  SLOT_TAKEN: 409,
  TOO_LATE: 422,
  BEYOND_HORIZON: 422,
  NOT_ACTIVE: 409,
  IDEMPOTENCY_MISMATCH: 422,
  CONFLICT: 409,
  DOCTOR_HAS_APPOINTMENTS: 409,
  STORAGE_FAILED: 503,
} as const satisfies Record<SchedulingErrorCode, number>;

/** Problems of the HTTP layer itself, which the library never raises. */
export const HTTP_PROBLEM_STATUS = {
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
} as const;

/** Every code a problem body can carry. */
export type ProblemCode = SchedulingErrorCode | keyof typeof HTTP_PROBLEM_STATUS;

/** The status a problem can have. */
export type ProblemStatus =
  | (typeof HTTP_STATUS_BY_CODE)[SchedulingErrorCode]
  | (typeof HTTP_PROBLEM_STATUS)[keyof typeof HTTP_PROBLEM_STATUS];

/** A short, fixed summary of each kind of problem (RFC 9457 `title`). */
export const PROBLEM_TITLES: Readonly<Record<ProblemCode, string>> = {
  VALIDATION_FAILED: 'The request is malformed',
  DOCTOR_NOT_FOUND: 'No such doctor',
  APPOINTMENT_NOT_FOUND: 'No such appointment',
  LOCATION_NOT_SERVED: 'The doctor is not seen at that location then',
  SLOT_NOT_OFFERED: 'That start is not a published slot',
  SLOT_TAKEN: 'The slot is taken',
  TOO_LATE: 'Too late to book that slot',
  BEYOND_HORIZON: 'That slot is beyond the booking horizon',
  NOT_ACTIVE: 'The appointment does not allow that change',
  IDEMPOTENCY_MISMATCH: 'The Idempotency-Key was used for a different request',
  CONFLICT: 'The resource changed or already exists',
  DOCTOR_HAS_APPOINTMENTS: 'There are future appointments',
  STORAGE_FAILED: 'The storage is unavailable',
  NOT_FOUND: 'No such resource',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  INTERNAL_ERROR: 'Internal server error',
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
  return (Object.keys(PROBLEM_TITLES) as ProblemCode[]).find((code) => problemType(code) === `/problems/${slug}`);
}

function statusOf(code: ProblemCode): ProblemStatus {
  return code in HTTP_STATUS_BY_CODE
    ? HTTP_STATUS_BY_CODE[code as SchedulingErrorCode]
    : HTTP_PROBLEM_STATUS[code as keyof typeof HTTP_PROBLEM_STATUS];
}

/** Builds the problem of a code. */
export function problem(code: ProblemCode, detail: string, issues?: readonly ValidationIssue[]): Problem {
  return {
    type: problemType(code),
    title: PROBLEM_TITLES[code],
    status: statusOf(code),
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
