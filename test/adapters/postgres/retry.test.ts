import { describe, expect, it } from 'vitest';
import { createPostgresRepository, type PostgresPool, type PostgresPoolClient, type PostgresQueryable } from 'clinic-slots/postgres';
import { aDoctor, anAppointment } from './support/builders.js';

/** An error as node-postgres and PGlite throw it: a message and a SQLSTATE `code`. */
function serverError(code: string): Error {
  return Object.assign(new Error(`server said ${code}`), { code });
}

/** A fake single connection: every statement goes to `answer`, which sees how many came before. */
function fakeClient(answer: (text: string, call: number) => unknown[]): PostgresQueryable & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    query: async (text: string) => {
      texts.push(text);
      return { rows: answer(text, texts.length) };
    },
  };
}

/** The answer of a write's one statement when it stored the row. */
const inserted = [{ stored: 1 }];
const appointment = anAppointment('a1', 'dr-1', 60, 90);

describe('createPostgresRepository: retries', () => {
  it('runs an operation again after a deadlock or a serialization failure, and then succeeds', async () => {
    const client = fakeClient((_, call) => {
      if (call === 1) throw serverError('40P01');
      if (call === 2) throw serverError('40001');
      return inserted;
    });
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    await expect(repository.insertAppointment(appointment)).resolves.toEqual(appointment);
    expect(client.texts).toHaveLength(3);
  });

  it('gives up after maxRetries retries with STORAGE_FAILED, carrying the last driver error as cause', async () => {
    const client = fakeClient(() => {
      throw serverError('40P01');
    });
    const repository = createPostgresRepository(client, { maxRetries: 3, retryDelayMs: 0 });
    const error = await repository.insertAppointment(appointment).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED', cause: { code: '40P01' } });
    expect(client.texts).toHaveLength(4);
  });

  it('does not retry at all with maxRetries 0', async () => {
    const client = fakeClient(() => {
      throw serverError('40001');
    });
    const repository = createPostgresRepository(client, { maxRetries: 0, retryDelayMs: 0 });
    await expect(repository.getDoctor('dr-1')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(client.texts).toHaveLength(1);
  });

  it('turns any other driver error into STORAGE_FAILED at once, with the error as cause', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    const client = fakeClient(() => {
      throw lost;
    });
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    const error = await repository.getDoctor('dr-1').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SchedulingError', code: 'STORAGE_FAILED' });
    expect((error as Error).cause).toBe(lost);
    expect(client.texts).toHaveLength(1);
  });

  it('turns an exclusion violation (23P01) into SLOT_TAKEN', async () => {
    const client = fakeClient(() => {
      throw serverError('23P01');
    });
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    await expect(
      repository.changeAppointmentStatus({ id: 'a1', expectedStatus: 'booked', status: 'cancelled', at: appointment.updatedAt }),
    ).rejects.toMatchObject({ name: 'SchedulingError', code: 'SLOT_TAKEN' });
  });

  it('waits retryDelayMs, doubling, between attempts (measured with fake timers, not real sleeps)', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const client = fakeClient((_, call) => {
        if (call <= 2) throw serverError('40P01');
        return inserted;
      });
      const repository = createPostgresRepository(client, { retryDelayMs: 100 });
      const result = repository.insertAppointment(appointment);
      await vi.advanceTimersByTimeAsync(99);
      expect(client.texts).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(client.texts).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(199);
      expect(client.texts).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      await expect(result).resolves.toEqual(appointment);
      expect(client.texts).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createPostgresRepository: transactions on a pool', () => {
  /** A fake pool whose borrowed clients record their statements and how they were released. */
  function fakePool(answer: (text: string) => unknown[]) {
    const log: string[] = [];
    const pool: PostgresPool = {
      idleCount: 0,
      query: async (text: string) => {
        log.push(`pool: ${text.split('\n')[0]}`);
        return { rows: answer(text) };
      },
      connect: async (): Promise<PostgresPoolClient> => ({
        query: async (text: string) => {
          log.push(`client: ${text.split(' ')[0]}`);
          return { rows: answer(text) };
        },
        release: (error?: Error | boolean) => log.push(error === undefined ? 'release' : 'release(destroy)'),
      }),
    };
    return { pool, log };
  }

  it('runs a location’s removal on one borrowed client between BEGIN and COMMIT, and gives it back', async () => {
    const { pool, log } = fakePool((text) => {
      if (text.startsWith('SELECT version')) return [{ version: '1' }];
      if (text.startsWith('WITH busy')) return [{ busy: false, updated: 1 }];
      return [];
    });
    const repository = createPostgresRepository(pool, { retryDelayMs: 0, preparedStatements: false });
    await repository.updateDoctor({ ...aDoctor('dr-1'), version: 2 }, 1, { removedLocation: { id: 'old-site', activeAfter: appointment.start } });
    expect(log).toEqual(['client: BEGIN', 'client: SELECT', 'client: WITH', 'client: COMMIT', 'release']);
  });

  it('rolls back a refused transaction and gives the client back intact', async () => {
    const { pool, log } = fakePool((text) => (text.startsWith('SELECT version') ? [{ version: '3' }] : []));
    const repository = createPostgresRepository(pool, { retryDelayMs: 0, preparedStatements: false });
    await expect(
      repository.updateDoctor({ ...aDoctor('dr-1'), version: 2 }, 1, { removedLocation: { id: 'old-site', activeAfter: appointment.start } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { currentVersion: 3 } });
    expect(log).toEqual(['client: BEGIN', 'client: SELECT', 'client: ROLLBACK', 'release']);
  });

  it('has the pool discard a client whose connection broke', async () => {
    const { pool, log } = fakePool((text) => {
      if (text.startsWith('SELECT version')) throw new Error('Connection terminated');
      return [];
    });
    const repository = createPostgresRepository(pool, { retryDelayMs: 0, preparedStatements: false });
    await expect(repository.deleteDoctor('dr-1', { activeAfter: appointment.start })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(log.at(-1)).toBe('release(destroy)');
    expect(log).not.toContain('client: COMMIT');
  });

  it('runs single statements on the pool itself, without borrowing a client', async () => {
    const { pool, log } = fakePool(() => [{ ...aDoctor('dr-1'), time_zone: 'Europe/London', locations: '[]', schedule: '{}', overrides: '[]', rules: '{}', version: '1', created_at: 'x', updated_at: 'x' }]);
    const repository = createPostgresRepository(pool, { retryDelayMs: 0, preparedStatements: false });
    await repository.getDoctor('dr-1');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^pool: SELECT/);
  });
});

describe('createPostgresRepository: prepared statements', () => {
  /** A fake pool that records what each query was called with. */
  function recordingPool() {
    const calls: unknown[] = [];
    const pool: PostgresPool = {
      idleCount: 0,
      query: async (...args: unknown[]) => {
        calls.push(args.length === 1 ? args[0] : { text: args[0] });
        return { rows: inserted };
      },
      connect: async () => {
        throw new Error('not used');
      },
    };
    return { pool, calls };
  }

  it('names the fixed statements on a pool, with names that differ between schemas', async () => {
    const one = recordingPool();
    const two = recordingPool();
    await createPostgresRepository(one.pool, { retryDelayMs: 0 }).insertAppointment(appointment);
    await createPostgresRepository(one.pool, { retryDelayMs: 0 }).insertAppointment(appointment);
    await createPostgresRepository(two.pool, { retryDelayMs: 0, schema: 'other' }).insertAppointment(appointment);
    const [first, again, other] = [...one.calls, ...two.calls] as Array<{ name?: string; text: string; values?: unknown[] }>;
    expect(first).toMatchObject({ name: expect.stringMatching(/^clinic_slots_[0-9a-z]+$/), values: expect.arrayContaining([appointment.id]) });
    expect(again!.name).toBe(first!.name);
    expect(other!.name).not.toBe(first!.name);
    expect(other!.text).toContain('"other".appointments');
  });

  it('sends plain text when preparedStatements is false', async () => {
    const { pool, calls } = recordingPool();
    await createPostgresRepository(pool, { retryDelayMs: 0, preparedStatements: false }).insertAppointment(appointment);
    expect(calls).toEqual([{ text: expect.stringContaining('INSERT INTO') }]);
  });
});

describe('createPostgresRepository: a single connection', () => {
  it('never lets another operation run in the middle of a transaction', async () => {
    const texts: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const client: PostgresQueryable = {
      query: async (text: string) => {
        texts.push(text.split(/\s/)[0]!);
        // The removal's lock waits until the other operation has been issued.
        if (text.includes('FOR UPDATE')) {
          await gate;
          return { rows: [{ version: '1' }] };
        }
        if (text.startsWith('WITH busy')) return { rows: [{ busy: false, updated: 1 }] };
        return { rows: [] };
      },
    };
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    const removal = repository.updateDoctor({ ...aDoctor('dr-1'), version: 2 }, 1, { removedLocation: { id: 'old-site', activeAfter: appointment.start } });
    const read = repository.getAppointment('a9');
    await Promise.resolve();
    release();
    await Promise.all([removal, read]);
    expect(texts).toEqual(['BEGIN', 'SELECT', 'WITH', 'COMMIT', 'SELECT']);
  });
});

describe('createPostgresRepository: input', () => {
  it('refuses invalid options and clients with VALIDATION_FAILED', () => {
    const client = fakeClient(() => []);
    for (const options of [{ schema: 'bad-name' }, { schema: '1abc' }, { schema: 'a'.repeat(64) }, { schema: 'x"; DROP SCHEMA public; --' }, { maxRetries: -1 }, { retryDelayMs: 1.5 }, { nope: 1 }]) {
      expect(() => createPostgresRepository(client, options as never), JSON.stringify(options)).toThrow(
        expect.objectContaining({ name: 'SchedulingError', code: 'VALIDATION_FAILED' }),
      );
    }
    expect(() => createPostgresRepository({} as never)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('refuses a cursor it did not make, without asking the database', async () => {
    const client = fakeClient(() => []);
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    await expect(repository.listAppointments({ doctorId: 'dr-1', limit: 10, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(repository.listDoctors({ limit: 10, cursor: Buffer.from('[1]').toString('base64url') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(client.texts).toHaveLength(0);
  });

  it('refuses, without asking the database, a cursor whose parts the database would reject or read in its own time zone', async () => {
    const client = fakeClient(() => []);
    const repository = createPostgresRepository(client, { retryDelayMs: 0 });
    const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const appointmentCursors = [
      ['2027', 'a1'], // Date.parse reads it; PostgreSQL does not (22007)
      ['-100000-01-01T00:00:00.000Z', 'a1'], // out of PostgreSQL's range (22009)
      ['2030-01-01 10:00', 'a1'], // no zone: PostgreSQL would read it in the session's
      ['2030-01-01T10:00:00Z', 'a1'], // not the form the adapter makes
      ['2030-01-01T10:00:00.000Z', 'a\u0000b'], // PostgreSQL text cannot hold NUL (22021)
    ];
    for (const key of appointmentCursors) {
      await expect(repository.listAppointments({ doctorId: 'dr-1', limit: 10, cursor: cursor(key) }), JSON.stringify(key)).rejects.toMatchObject({
        name: 'SchedulingError',
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(repository.listDoctors({ limit: 10, cursor: cursor(['dr\u00001']) })).rejects.toMatchObject({ name: 'SchedulingError', code: 'VALIDATION_FAILED' });
    expect(client.texts).toHaveLength(0);
  });
});
