import { SchedulingError } from '../../domain/errors.js';

/** SQLSTATEs after which running the whole operation again may succeed. */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * The SQLSTATE of a server error, if `error` is one.
 *
 * @internal
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

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
 * `policy.maxRetries` more times. What it throws is always a {@link SchedulingError}: the
 * operation's own refusals as they are, an exclusion violation (23P01) as `SLOT_TAKEN`, and
 * anything else, including retries that ran out, as `STORAGE_FAILED` with the driver's error as
 * `cause`.
 *
 * @internal
 */
export async function runWithRetries<T>(policy: RetryPolicy, what: string, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof SchedulingError) throw error;
      const state = sqlState(error);
      if (state === '23P01') {
        throw new SchedulingError('SLOT_TAKEN', `${what}: an active appointment of the doctor overlaps that time`, { cause: error });
      }
      if (state !== undefined && RETRYABLE.has(state)) {
        if (attempt < policy.maxRetries) {
          if (policy.retryDelayMs > 0) await wait(policy.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new SchedulingError('STORAGE_FAILED', `${what}: still failing after ${attempt + 1} attempts (SQLSTATE ${state})`, { cause: error });
      }
      const detail = state === undefined ? '' : ` (SQLSTATE ${state})`;
      throw new SchedulingError('STORAGE_FAILED', `${what}: the database failed${detail}`, { cause: error });
    }
  }
}
