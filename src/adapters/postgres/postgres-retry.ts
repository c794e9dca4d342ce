import { storageFailed } from '../shared/refusals.js';
import { isRetryable, sqlState, toSchedulingError } from './postgres-errors.js';

/**
 * How {@link runWithRetries} retries: at most `maxRetries` more attempts, waiting
 * `retryDelayMs * 2^(n - 1)` milliseconds before the n-th retry (no jitter; no wait at all when
 * `retryDelayMs` is 0).
 *
 * @internal
 */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly retryDelayMs: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation`, again after a serialization failure (40001) or a deadlock (40P01), at most
 * `policy.maxRetries` more times. What it throws is always a `SchedulingError`: the
 * operation's own refusals as they are, an exclusion violation (23P01) as `SLOT_TAKEN`, and
 * anything else, including retries that ran out, as `STORAGE_FAILED` with the driver's error as
 * `cause` (see {@link toSchedulingError}).
 *
 * @internal
 */
export async function runWithRetries<T>(policy: RetryPolicy, what: string, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error)) throw toSchedulingError(error, what);
      if (attempt < policy.maxRetries) {
        if (policy.retryDelayMs > 0) await wait(policy.retryDelayMs * 2 ** attempt);
        continue;
      }
      throw storageFailed(what, `still failing after ${attempt + 1} attempts (SQLSTATE ${sqlState(error)})`, error);
    }
  }
}
