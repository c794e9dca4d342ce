import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { createSqliteRepository } from 'clinic-slots/sqlite';
import { describeRepositoryConformance } from 'clinic-slots/testing';
import { tempDir } from './support/fixtures.js';

// Each repository lives in its own temporary file, so that `connect()` can open more
// connections to the same database, as other processes would.
describeRepositoryConformance({
  name: 'sqlite',
  create: () => {
    const dir = tempDir();
    const connections: Database.Database[] = [];
    const connect = () => {
      const db = new Database(dir.file('clinic.db'));
      connections.push(db);
      return createSqliteRepository(db);
    };
    return {
      repository: connect(),
      connect,
      teardown: () => {
        for (const db of connections) db.close();
        dir.remove();
      },
    };
  },
  test: { describe, it },
});
