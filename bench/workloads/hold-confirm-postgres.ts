/**
 * Workload hold-confirm-postgres: holds taken and confirmed through `scheduler.hold()` then
 * `scheduler.confirmHold()` on the PostgreSQL adapter over 16 connections (16 holds in flight, each
 * confirmed before its lane takes the next), as book-postgres books: 2,000 slots of 64 doctors.
 * Its baseline is `scheduler.book()` of as many slots, same connections, same run (the harness
 * times both side by side, `paired`): it prints `perSecond` (holds confirmed per second),
 * `bookPerSecond` and `ratio` = perSecond / bookPerSecond. A hold and its confirmation are two
 * writes, and a read of the hold between, where a booking is one write. Needs the real server
 * (TEST_POSTGRES_URL, or postgres://postgres@127.0.0.1:5432/test).
 */
import { openBookBench, type BookBench } from '../postgres/book-plan.js';
import type { Workload } from '../workload.js';

let bench: BookBench | undefined;
const opened = (): BookBench => {
  if (bench === undefined) throw new Error('hold-confirm-postgres: prepare() did not run');
  return bench;
};

export const workloads: Workload<number>[] = [
  {
    name: 'hold-confirm-postgres',
    description: '2,000 holds via scheduler.hold() then confirmHold() on the PostgreSQL adapter over 16 connections, vs scheduler.book() of 2,000 slots',
    unit: 'holds',
    async prepare() {
      bench = await openBookBench();
    },
    run: () => opened().viaHoldConfirm(),
    naive: () => opened().viaScheduler(),
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
