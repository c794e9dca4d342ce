import assert from 'node:assert/strict';
import type { SchedulingErrorCode } from '../domain/errors.js';

/**
 * Asserts that `promise` rejects with a `SchedulingError` carrying `code` (never the message).
 * Compared by `name`, not `instanceof`, so two copies of the package still agree.
 *
 * @internal
 */
export async function expectCode(promise: Promise<unknown>, code: SchedulingErrorCode): Promise<void> {
  await assert.rejects(promise, { name: 'SchedulingError', code });
}

/**
 * Asserts that `promise` rejects with a `SchedulingError` carrying `code` and, in its `details`,
 * at least the given fields with these values (other fields may be there too).
 *
 * @internal
 */
export async function expectRefusal(
  promise: Promise<unknown>,
  code: SchedulingErrorCode,
  details: Readonly<Record<string, unknown>>,
): Promise<void> {
  const error: unknown = await promise.then(
    (value) => assert.fail(`expected a refusal with ${code}, but it succeeded with ${JSON.stringify(value)}`),
    (reason: unknown) => reason,
  );
  const { name, code: actual, details: actualDetails } = (error ?? {}) as { name?: unknown; code?: unknown; details?: unknown };
  assert.equal(name, 'SchedulingError', `expected a SchedulingError with ${code}, got ${String(error)}`);
  assert.equal(actual, code);
  assert.ok(typeof actualDetails === 'object' && actualDetails !== null, `${code} should carry details`);
  const picked = Object.fromEntries(Object.keys(details).map((key) => [key, (actualDetails as Record<string, unknown>)[key]]));
  assert.deepStrictEqual(picked, { ...details }, `the details of ${code}`);
}
