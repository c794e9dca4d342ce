import { errorCode } from '../shared/driver.js';
import { isPool, type PostgresClient, type PostgresQueryable } from './postgres-client.js';

/**
 * A statement runner: a pool, a borrowed client, or a single connection inside the queue.
 *
 * @internal
 */
export type Executor = PostgresQueryable;

/**
 * How the adapter talks to the database, whatever the client: `statement` runs one autocommitted
 * statement, `transaction` runs `body` between BEGIN and COMMIT on one connection (ROLLBACK when
 * it throws).
 *
 * @internal
 */
export interface Connection {
  readonly statement: <T>(body: (executor: Executor) => Promise<T>) => Promise<T>;
  readonly transaction: <T>(body: (executor: Executor) => Promise<T>) => Promise<T>;
}

/**
 * One queue per single connection, shared by every repository and migration on it: a
 * transaction must not see another operation's statements in between.
 */
const queues = new WeakMap<object, { tail: Promise<unknown> }>();

function serialised(client: PostgresQueryable): <T>(body: () => Promise<T>) => Promise<T> {
  let queue = queues.get(client);
  if (queue === undefined) {
    queue = { tail: Promise.resolve() };
    queues.set(client, queue);
  }
  const q = queue;
  return <T>(body: () => Promise<T>): Promise<T> => {
    const result = q.tail.then(body, body);
    q.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
}

/**
 * Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws), at READ COMMITTED whatever the
 * server's `default_transaction_isolation`: the adapter's transactions rely on each statement
 * seeing what committed before it started (the doctor removal's check after waiting for the
 * doctor's row, a migration's read of the versions after waiting for the advisory lock), which a
 * snapshot taken at the first statement, as under REPEATABLE READ, would not.
 */
async function inTransaction<T>(executor: Executor, body: (executor: Executor) => Promise<T>): Promise<T> {
  await executor.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  let result: T;
  try {
    result = await body(executor);
  } catch (error) {
    await executor.query('ROLLBACK');
    throw error;
  }
  await executor.query('COMMIT');
  return result;
}

/**
 * Wraps a client into a {@link Connection}: a pool runs statements directly and transactions on
 * borrowed clients; a single connection runs everything through one in-process queue.
 *
 * @internal
 */
export function toConnection(client: PostgresClient): Connection {
  if (isPool(client)) {
    return {
      statement: (body) => body(client),
      async transaction(body) {
        const borrowed = await client.connect();
        let broken: Error | undefined;
        try {
          return await inTransaction(borrowed, body);
        } catch (error) {
          // A failed ROLLBACK leaves the connection in an unknown state: the pool must drop it.
          if (!leavesConnectionUsable(error)) broken = error instanceof Error ? error : new Error(String(error));
          throw error;
        } finally {
          borrowed.release(broken);
        }
      },
    };
  }
  const run = serialised(client);
  return {
    statement: (body) => run(() => body(client)),
    transaction: (body) =>
      run(async () => {
        try {
          return await inTransaction(client, body);
        } catch (error) {
          // If ROLLBACK itself failed the connection may still be in a transaction; try once more.
          if (!leavesConnectionUsable(error)) await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
  };
}

/**
 * Whether an error is a refusal the adapter threw itself or a server error (with a SQLSTATE
 * `code` of five characters), after which the connection is still usable.
 */
function leavesConnectionUsable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { name?: unknown }).name === 'SchedulingError') return true;
  const code = errorCode(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code);
}
