import { SCHEDULING_ERROR_CODES, SchedulingError } from 'clinic-slots';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HTTP_STATUS_BY_CODE, problemFromError, problemFromIssues } from '../src/problem.js';

describe('HTTP_STATUS_BY_CODE', () => {
  it('gives every library error code exactly one HTTP status', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...SCHEDULING_ERROR_CODES].sort());
    for (const code of SCHEDULING_ERROR_CODES) {
      expect(HTTP_STATUS_BY_CODE[code], code).toBeGreaterThanOrEqual(400);
      expect(HTTP_STATUS_BY_CODE[code], code).toBeLessThan(600);
    }
  });

  it('maps malformed input to 400, refusals to 422, missing to 404, clashes to 409, storage to 503', () => {
    expect(HTTP_STATUS_BY_CODE).toMatchObject({
      VALIDATION_FAILED: 400,
      SLOT_NOT_OFFERED: 422,
      TOO_LATE: 422,
      BEYOND_HORIZON: 422,
      LOCATION_NOT_SERVED: 422,
      IDEMPOTENCY_MISMATCH: 422,
      DOCTOR_NOT_FOUND: 404,
      APPOINTMENT_NOT_FOUND: 404,
      SLOT_TAKEN: 409,
      CONFLICT: 409,
      NOT_ACTIVE: 409,
      DOCTOR_HAS_APPOINTMENTS: 409,
      STORAGE_FAILED: 503,
    });
  });
});

describe('problemFromError', () => {
  it.each(SCHEDULING_ERROR_CODES)('turns %s into a problem with its status, code and own type', (code) => {
    const problem = problemFromError(new SchedulingError(code, 'what happened'), () => {});
    expect(problem).toMatchObject({ status: HTTP_STATUS_BY_CODE[code], code });
    expect(problem.type).toBe(`/problems/${code.toLowerCase().replaceAll('_', '-')}`);
    expect(problem.title.length).toBeGreaterThan(0);
  });

  it('gives distinct problem types to distinct codes', () => {
    const types = SCHEDULING_ERROR_CODES.map((code) => problemFromError(new SchedulingError(code, 'x'), () => {}).type);
    expect(new Set(types).size).toBe(SCHEDULING_ERROR_CODES.length);
  });

  it('keeps the message of a refusal as the detail', () => {
    expect(problemFromError(new SchedulingError('SLOT_TAKEN', 'someone was faster'))).toMatchObject({ detail: 'someone was faster' });
  });

  it('answers STORAGE_FAILED with a generic detail and logs the error with its cause', () => {
    const log = vi.fn();
    const cause = Object.assign(new Error('FATAL: terminating connection, password=hunter2'), { code: '57P01' });
    const error = new SchedulingError('STORAGE_FAILED', 'insertAppointment: the database failed (SQLSTATE 57P01)', { cause });
    const problem = problemFromError(error, log);
    expect(problem).toMatchObject({ status: 503, code: 'STORAGE_FAILED' });
    expect(JSON.stringify(problem)).not.toMatch(/insertAppointment|SQLSTATE|57P01|hunter2/);
    expect(log).toHaveBeenCalledWith(error);
  });

  it('does not log refusals', () => {
    const log = vi.fn();
    for (const code of SCHEDULING_ERROR_CODES.filter((c) => c !== 'STORAGE_FAILED')) problemFromError(new SchedulingError(code, 'x'), log);
    expect(log).not.toHaveBeenCalled();
  });

  it('carries the validation issues', () => {
    const parsed = z.object({ start: z.string() }).safeParse({ start: 7 });
    if (parsed.success) throw new Error('the sample input should fail');
    const problem = problemFromError(new SchedulingError('VALIDATION_FAILED', 'bad', { issues: parsed.error.issues }));
    expect(problem.issues).toEqual([expect.objectContaining({ path: ['start'], code: 'invalid_type' })]);
  });

  it('leaves issues out of problems that are not validation failures', () => {
    expect(problemFromError(new SchedulingError('SLOT_TAKEN', 'x'))).not.toHaveProperty('issues');
  });

  it('turns malformed JSON into a 400 VALIDATION_FAILED problem', () => {
    const problem = problemFromError(new HTTPException(400, { message: 'Malformed JSON in request body' }));
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.issues).toHaveLength(1);
  });

  it('keeps the status of other HTTP exceptions', () => {
    expect(problemFromError(new HTTPException(415, { message: 'Unsupported Media Type' }))).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(problemFromError(new HTTPException(413, { message: 'too big' }))).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('hides unknown errors behind a generic 500 and logs them', () => {
    const log = vi.fn();
    const problem = problemFromError(new TypeError('secret: password=hunter2 at /srv/app.js:12'), log);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|app\.js|TypeError/);
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('problemFromIssues', () => {
  it('makes a 400 VALIDATION_FAILED problem that names where the input was wrong', () => {
    const parsed = z.object({ limit: z.number() }).safeParse({ limit: 'x' });
    if (parsed.success) throw new Error('the sample input should fail');
    const problem = problemFromIssues(parsed.error.issues, 'query');
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: '/problems/validation-failed' });
    expect(problem.detail).toContain('query');
    expect(problem.issues).toEqual([expect.objectContaining({ path: ['limit'] })]);
  });
});
