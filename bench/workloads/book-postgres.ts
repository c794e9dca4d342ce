/**
 * Workloads book-postgres and book-postgres-repository: 2,000 bookings over 16 connections
 * through `createScheduler(...).book()` on the PostgreSQL adapter (and, for diagnosis, through
 * the adapter's `insertAppointment` alone), each against the naive baseline of the raw driver's
 * insert of the same rows, the appointment and its doctor claim (the claims' exclusion constraint
 * judging it), in one prepared statement, same connections, same run: the harness times both
 * side by side (`paired`) and prints bookings per second and their ratio. Needs the real server
 * (TEST_POSTGRES_URL, or postgres://postgres@127.0.0.1:5432/test). `npx tsx
 * bench/postgres/book-round.ts` prints the first comparison as bookings per second.
 */
import { openBookBench, type BookBench } from '../postgres/book-plan.js';
import type { Workload } from '../workload.js';

function bookWorkload(name: string, description: string, phase: (bench: BookBench) => Promise<number>): Workload<number> {
  let bench: BookBench | undefined;
  const opened = (): BookBench => {
    if (bench === undefined) throw new Error(`${name}: prepare() did not run`);
    return bench;
  };
  return {
    name,
    description,
    unit: 'bookings',
    async prepare() {
      bench = await openBookBench();
    },
    run: () => phase(opened()),
    naive: () => opened().raw(),
    count: (stored) => stored,
    async teardown() {
      await bench?.close();
      bench = undefined;
    },
    warmups: 2,
    runs: 7,
    paired: true,
  };
}

export const workloads: Workload<number>[] = [
  bookWorkload(
    'book-postgres',
    '2,000 bookings via scheduler.book() on the PostgreSQL adapter over 16 connections, vs raw INSERTs of the appointment and its claim',
    (bench) => bench.viaScheduler(),
  ),
  bookWorkload(
    'book-postgres-repository',
    '2,000 bookings via the adapter\'s insertAppointment alone over 16 connections, vs raw INSERTs of the appointment and its claim',
    (bench) => bench.viaRepository(),
  ),
];
