import { availableParallelism } from 'node:os';
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

/**
 * What `npm run test:fast` (`--mode fast`, the edit loop) leaves out: the packaging tests (they
 * build, pack, install and type-check), PostgreSQL (PGlite and the server), and everything that
 * races several processes. What it runs, it runs with a tenth of the property runs
 * (`FC_RUNS_SCALE`, read by `test/support/runs.ts`). `npm test` runs everything, in full.
 */
const NOT_IN_THE_EDIT_LOOP = [
  'test/package/**',
  'test/adapters/postgres/**',
  'test/adapters/sqlite/multi-process.test.ts',
  'test/adapters/sqlite/migrations.test.ts',
  'test/booking/book-during-edits.test.ts',
  'examples/http-api/test/shutdown.test.ts',
];

/**
 * Every core works: vitest's default leaves one free, which on a 2-core machine runs the files
 * one after the other while most of them wait on a child process or a database server.
 */
const maxWorkers = Math.max(2, availableParallelism());

export default defineConfig(({ mode }) => ({
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
    maxWorkers,
    projects:
      mode === 'fast'
        ? [
            {
              extends: true,
              test: {
                name: 'fast',
                include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
                exclude: [...configDefaults.exclude, ...NOT_IN_THE_EDIT_LOOP],
                // No PostgreSQL server either, even when the shell names one (the HTTP example's
                // end-to-end test would use it).
                env: { FC_RUNS_SCALE: '0.1', TEST_POSTGRES_URL: '' },
              },
            },
          ]
        : [
            {
              extends: true,
              test: {
                name: 'tests',
                include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
                exclude: [...configDefaults.exclude, POSTGRES_STRESS],
                // Never fewer property runs than the tests ask for (more, for a soak).
                env: { FC_RUNS_SCALE: String(Math.max(1, Number(process.env.FC_RUNS_SCALE) || 1)) },
              },
            },
            {
              extends: true,
              test: { name: 'postgres-stress', include: [POSTGRES_STRESS], sequence: { groupOrder: 1 } },
            },
          ],
  },
}));
