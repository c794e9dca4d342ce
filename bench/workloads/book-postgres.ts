/**
 * Workload book-postgres: bookings through `createScheduler(...).book()` on the PostgreSQL
 * adapter, 16 connections, against the naive baseline of a raw `INSERT` into the same table (same
 * exclusion constraint), same connections, same run. Needs the real server (TEST_POSTGRES_URL, or
 * postgres://postgres@127.0.0.1:5432/test). `npx tsx bench/postgres/book-round.ts` prints the
 * same comparison as bookings per second.
 */
import { openBookBench, type BookBench } from '../postgres/book-plan.js';
import type { Workload } from '../workload.js';

let bench: BookBench | undefined;
const opened = (): BookBench => {
  if (bench === undefined) throw new Error('book-postgres: prepare() did not run');
  return bench;
};

export const workloads: Workload<number>[] = [
  {
    name: 'book-postgres',
    description: '2,000 bookings via scheduler.book() on the PostgreSQL adapter over 16 connections, vs raw INSERTs',
    unit: 'bookings',
    async prepare() {
      bench = await openBookBench();
    },
    run: () => opened().viaScheduler(),
    naive: () => opened().raw(),
    count: (stored) => stored,
    async teardown() {
      await bench?.close();
      bench = undefined;
    },
    warmups: 2,
    runs: 7,
  },
];
