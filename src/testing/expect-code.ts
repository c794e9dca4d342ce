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
