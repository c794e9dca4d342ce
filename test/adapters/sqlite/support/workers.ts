import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A message a worker sends to the parent: a `type`, and what else the worker says. */
export interface WorkerMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A forked worker process and the messages it sent so far. */
export interface Worker {
  readonly child: ChildProcess;
  readonly messages: WorkerMessage[];
  /** Resolves with the first message of this type (already received or yet to come). */
  next(type: string): Promise<WorkerMessage>;
  /** Resolves when the process has exited, with its exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every forked worker that has not exited yet. */
const running = new Set<ChildProcess>();

/**
 * Kills every worker still running and resolves once they are gone: for `afterEach`, so that a
 * failed or timed-out test never leaves processes behind (an `endless` worker would go on writing).
 */
export async function killWorkers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Forks `script` (a TypeScript file in `fixtures/`, or at a file URL) under `node --import tsx`,
 * with an IPC channel. `onMessage` sees every message as it arrives. {@link killWorkers} ends it if the test
 * does not.
 */
export function forkWorker(
  script: string | URL,
  args: string[],
  onMessage?: (message: WorkerMessage, child: ChildProcess) => void,
): Worker {
  const path = fileURLToPath(typeof script === 'string' ? new URL(`../fixtures/${script}`, import.meta.url) : script);
  const child = fork(path, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const messages: WorkerMessage[] = [];
  const waiting: { type: string; resolve: (message: WorkerMessage) => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  child.on('message', (raw) => {
    const message = raw as WorkerMessage;
    messages.push(message);
    onMessage?.(message, child);
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (waiting[i]!.type === message.type) waiting.splice(i, 1)[0]!.resolve(message);
    }
  });
  return {
    child,
    messages,
    exited,
    next(type) {
      const seen = messages.find((m) => m.type === type);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<WorkerMessage>((resolve, reject) => {
        waiting.push({ type, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`worker exited (${code ?? signal}) before sending ${type}`)));
      });
    },
  };
}

/**
 * Forks `count` workers, waits until every one has said `ready`, then tells them all `go` at
 * once: a barrier, so that they start their work together.
 */
export async function startTogether(
  count: number,
  script: string | URL,
  args: (index: number) => string[],
  onMessage?: (index: number, message: WorkerMessage, child: ChildProcess) => void,
): Promise<Worker[]> {
  const workers = Array.from({ length: count }, (_, i) => forkWorker(script, args(i), (m, child) => onMessage?.(i, m, child)));
  await Promise.all(workers.map((w) => w.next('ready')));
  for (const w of workers) w.child.send({ type: 'go' });
  return workers;
}
