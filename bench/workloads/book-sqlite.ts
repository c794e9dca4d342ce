/**
 * Workload book-sqlite: bookings through `createScheduler(...).book()` on the SQLite adapter, by
 * 4 writer processes sharing one file (BEGIN IMMEDIATE, synchronous=FULL), against the naive
 * baseline of raw better-sqlite3 transactions inserting the same rows, the appointment and its
 * claim (whose trigger refuses an overlapping live claim), same processes, same run: the harness times both side by side (`paired`) and prints
 * bookings per second and their ratio. `npx tsx bench/sqlite/book-round.ts` prints the same
 * comparison, with the adapter's insertAppointment alone too.
 */
import { openSqliteBookBench, type SqliteBookBench } from '../sqlite/book-plan.js';
import type { Workload } from '../workload.js';

let bench: SqliteBookBench | undefined;
const opened = (): SqliteBookBench => {
  if (bench === undefined) throw new Error('book-sqlite: prepare() did not run');
  return bench;
};

export const workloads: Workload<number>[] = [
  {
    name: 'book-sqlite',
    description: '2,000 bookings via scheduler.book() on the SQLite adapter by 4 processes, vs raw better-sqlite3 transactions inserting the appointment and its claim',
    unit: 'bookings',
    async prepare() {
      bench = await openSqliteBookBench({ writers: 4, bookings: 2000, synchronous: 'FULL' });
    },
    run: () => opened().phase('scheduler'),
    naive: () => opened().phase('raw'),
    count: (stored) => stored,
    async teardown() {
      await bench?.close();
      bench = undefined;
    },
    warmups: 2,
    runs: 7,
    paired: true,
  },
];
