import { SCHEDULING_ERROR_CODES, SCHEDULING_ERROR_HTTP, SchedulingError } from 'clinic-slots';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HTTP_PROBLEMS, PROBLEMS, problemFromError, problemFromIssues } from '../src/problem.js';

describe('PROBLEMS', () => {
  it("answers the library's codes with the library's status and title, not a copy of its own", () => {
    for (const code of SCHEDULING_ERROR_CODES) expect(PROBLEMS[code], code).toBe(SCHEDULING_ERROR_HTTP[code]);
  });

  it('gives every code of the HTTP layer a status and a title of its own', () => {
    for (const code of Object.keys(HTTP_PROBLEMS) as (keyof typeof HTTP_PROBLEMS)[]) {
      expect(SCHEDULING_ERROR_CODES as readonly string[], code).not.toContain(code);
      expect(PROBLEMS[code]).toEqual(HTTP_PROBLEMS[code]);
    }
  });
});

describe('problemFromError', () => {
  it.each(SCHEDULING_ERROR_CODES)('turns %s into a problem with its status, code and own type', (code) => {
    const problem = problemFromError(new SchedulingError(code, 'what happened'), () => {});
    expect(problem).toMatchObject({ status: SCHEDULING_ERROR_HTTP[code].status, title: SCHEDULING_ERROR_HTTP[code].title, code });
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
