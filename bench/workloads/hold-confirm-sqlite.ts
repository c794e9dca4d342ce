/**
 * Workload hold-confirm-sqlite: holds taken and confirmed through `scheduler.hold()` then
 * `scheduler.confirmHold()` on the SQLite adapter, by 4 writer processes sharing one file (BEGIN
 * IMMEDIATE, synchronous=FULL), as book-sqlite books: each writer its own doctor, one slot after
 * the other. Its baseline is `scheduler.book()` of as many slots, same processes, same run (the
 * harness times both side by side, `paired`): it prints `perSecond` (holds confirmed per second),
 * `bookPerSecond` and `ratio` = perSecond / bookPerSecond. A hold and its confirmation are two
 * write transactions, and a read of the hold between, where a booking is one write: a ratio
 * about 0.5 is what the storage costs, not overhead.
 */
import { openSqliteBookBench, type SqliteBookBench } from '../sqlite/book-plan.js';
import type { Workload } from '../workload.js';

let bench: SqliteBookBench | undefined;
const opened = (): SqliteBookBench => {
  if (bench === undefined) throw new Error('hold-confirm-sqlite: prepare() did not run');
  return bench;
};

export const workloads: Workload<number>[] = [
  {
    name: 'hold-confirm-sqlite',
    description: '2,000 holds via scheduler.hold() then confirmHold() on the SQLite adapter by 4 processes, vs scheduler.book() of 2,000 slots',
    unit: 'holds',
    async prepare() {
      bench = await openSqliteBookBench({ writers: 4, bookings: 2000, synchronous: 'FULL' });
    },
    run: () => opened().phase('hold-confirm'),
    naive: () => opened().phase('scheduler'),
    count: (stored) => stored,
    async teardown() {
      await bench?.close();
      bench = undefined;
    },
    warmups: 2,
    runs: 7,
    paired: true,
    baseline: 'book',
  },
];
