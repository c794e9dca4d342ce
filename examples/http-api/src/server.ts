import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createScheduler, type Clock } from 'clinic-slots';
import { createApp } from './app.js';
import { seedIfEmpty } from './seed.js';
import { openStorage, type StorageOptions } from './storage.js';

/** What {@link startServer} needs. */
export interface ServerOptions {
  /** The store; see {@link StorageOptions}. */
  readonly storage: StorageOptions;
  /** The TCP port; 0 picks a free one (see `url`). Default 8000. */
  readonly port?: number;
  /** The interface to listen on. Default `127.0.0.1`: this machine only. */
  readonly host?: string;
  /** The scheduler's clock (default: the system clock). */
  readonly clock?: Clock;
  /**
   * The patient-conflict rule: refuse a patient two overlapping appointments or holds, at any
   * doctor, with 409 `PATIENT_BUSY` (default false).
   */
  readonly patientConflicts?: boolean;
  /** Create the two demo doctors when the store is empty (default true). */
  readonly seed?: boolean;
  /** Where unexpected errors are logged (default `console.error`). */
  readonly log?: (error: unknown) => void;
}

/** A started server. */
export interface RunningServer {
  /** The base URL, such as `http://127.0.0.1:8000`. */
  readonly url: string;
  /** The store, for people: `SQLite file ./clinic-slots.db`. */
  readonly storage: string;
  /** The doctor ids the seed created on this start (none when the store had doctors). */
  readonly seeded: readonly string[];
  /**
   * Stops accepting connections, lets requests in flight finish (their answers say
   * `Connection: close`; idle keep-alive connections close at once, and any connection still
   * open after `graceMs`), then closes the store. Calling it again returns the same promise.
   */
  close(graceMs?: number): Promise<void>;
}

/** Opens the store, runs its migrations, seeds it when empty, and starts the HTTP server. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const storage = await openStorage(options.storage);
  let server: Server;
  let seeded: string[];
  // Answers not yet sent, and whether close() has begun: from then on every answer asks the
  // client to close its connection, so that keep-alive connections do not hold the server open.
  const unanswered = new Set<ServerResponse>();
  let stopping = false;
  try {
    const scheduler = createScheduler({
      repository: storage.repository,
      ...(options.clock ? { clock: options.clock } : {}),
      patientConflicts: options.patientConflicts ?? false,
    });
    seeded = options.seed === false ? [] : await seedIfEmpty(scheduler);
    const app = createApp({ scheduler, ...(options.log ? { log: options.log } : {}) });
    const listener = getRequestListener(app.fetch);
    server = createServer((req, res) => {
      if (stopping) res.setHeader('connection', 'close');
      unanswered.add(res);
      res.once('close', () => unanswered.delete(res));
      void listener(req, res);
    });
    await listen(server, options.port ?? 8000, options.host ?? '127.0.0.1');
  } catch (error) {
    await storage.close();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`,
    storage: storage.description,
    seeded,
    close: (graceMs = 10_000) => {
      closing ??= (async () => {
        stopping = true;
        for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
        await stop(server, graceMs);
        await storage.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
