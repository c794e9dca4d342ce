import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';

describe('startServer', () => {
  it('listens on 127.0.0.1 unless told otherwise', async () => {
    const server = await startServer({ port: 0, storage: { kind: 'memory' }, seed: false });
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('on close, finishes a request in flight with Connection: close and then closes its connection', async () => {
    const server = await startServer({ port: 0, storage: { kind: 'memory' }, seed: false, log: () => {} });
    const { hostname, port } = new URL(server.url);
    // `Expect: 100-continue` makes the server say when it has the request: it is in flight then,
    // its handler waiting for the body.
    const req = request({
      host: hostname,
      port,
      path: '/doctors',
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'keep-alive', expect: '100-continue' },
    });
    const socket = new Promise<Socket>((resolve) => req.once('socket', resolve));
    const response = new Promise<{ res: IncomingMessage; body: string }>((resolve, reject) => {
      req.once('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.once('end', () => resolve({ res, body }));
      });
      req.once('error', reject);
    });
    req.flushHeaders();
    await new Promise<void>((resolve) => req.once('continue', () => resolve()));

    const closed = server.close(60_000);
    req.end(JSON.stringify({ name: 'In Flight', timeZone: 'UTC', locations: [{ address: '1 Main St' }] }));

    const { res, body } = await response;
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ name: 'In Flight' });
    expect(res.headers['connection']).toBe('close');
    const s = await socket;
    if (!s.destroyed) await new Promise((resolve) => s.once('close', resolve));
    await closed;
  });
});
