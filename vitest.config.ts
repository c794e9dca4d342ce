import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

/**
 * The PostgreSQL stress test holds 54 connections to the real server (which allows 100) for its
 * whole run. It runs alone, after every other file, so that the pools of the other files that use
 * the server (about 50 connections if they all ran at once) never add to it, however many workers
 * the machine allows.
 */
const POSTGRES_STRESS = 'test/adapters/postgres/stress.test.ts';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^clinic-slots$/, replacement: src('index.ts') },
      { find: /^clinic-slots\/sqlite$/, replacement: src('sqlite.ts') },
      { find: /^clinic-slots\/postgres$/, replacement: src('postgres.ts') },
      { find: /^clinic-slots\/testing$/, replacement: src('testing.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: [...configDefaults.exclude, POSTGRES_STRESS],
        },
      },
      {
        extends: true,
        test: { name: 'postgres-stress', include: [POSTGRES_STRESS], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
