// Prints the book-sqlite comparison as one JSON line:
// {"workload":"book-sqlite","ms":...,"perSecond":...,"rawPerSecond":...,"ratio":...,"pairedRatio":...,"insertPerSecond":...,"cpuUs":...}
// where `ms` is the median time of one phase of bookings through scheduler.book() on the SQLite
// adapter, `rawPerSecond` the rate of raw better-sqlite3 transactions inserting the same rows
// (the appointment and its claim, which the claims trigger checks), and `ratio` is perSecond / rawPerSecond (`pairedRatio`: the median, over rounds, of the
// same ratio within one round; `cpuUs`, `insertCpuUs`, `rawCpuUs`: the writers' CPU time per
// booking, median over phases). 4 writer processes, BEGIN IMMEDIATE,
// synchronous=FULL; phases alternate (raw, insert, scheduler, ...) after a warm-up, in one run,
// on one file.
//
//   npx tsx bench/sqlite/book-round.ts [rounds=7] [bookingsPerPhase=2000] [writers=4]
import { openSqliteBookBench, type BookMode as AnyMode } from './book-plan.js';

/** The modes compared here (hold-confirm has its own workload). */
type BookMode = Exclude<AnyMode, 'hold-confirm'>;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const rounds = Number(process.argv[2] ?? 7);
const bookings = Number(process.argv[3] ?? 2000);
const writers = Number(process.argv[4] ?? 4);
const bench = await openSqliteBookBench({ bookings, writers, synchronous: 'FULL' });
try {
  const cpu: Record<BookMode, number[]> = { raw: [], insert: [], scheduler: [] };
  const timed = async (mode: BookMode) => {
    const started = performance.now();
    const stored = await bench.phase(mode);
    if (stored !== bench.bookings) throw new Error(`${mode}: stored ${stored} of ${bench.bookings} bookings`);
    cpu[mode].push(bench.lastPhaseCpuUs / bench.bookings);
    return performance.now() - started;
  };
  const modes: BookMode[] = ['raw', 'insert', 'scheduler'];
  for (const mode of modes) await timed(mode);
  const times: Record<BookMode, number[]> = { raw: [], insert: [], scheduler: [] };
  for (let r = 0; r < rounds; r++) {
    // Rotate the order, so that no mode always follows the same one.
    for (let m = 0; m < modes.length; m++) {
      const mode = modes[(m + r) % modes.length]!;
      times[mode].push(await timed(mode));
    }
  }
  const rate = (mode: BookMode) => (bench.bookings / median(times[mode])) * 1000;
  // The disk of a shared machine drifts: the ratio within each round is steadier than the ratio
  // of the medians, so print its median too.
  const paired = median(times.raw.map((raw, r) => raw / times.scheduler[r]!));
  console.log(
    JSON.stringify({
      workload: 'book-sqlite',
      ms: Math.round(median(times.scheduler)),
      perSecond: Math.round(rate('scheduler')),
      rawPerSecond: Math.round(rate('raw')),
      ratio: Number((rate('scheduler') / rate('raw')).toFixed(3)),
      pairedRatio: Number(paired.toFixed(3)),
      insertPerSecond: Math.round(rate('insert')),
      cpuUs: Math.round(median(cpu.scheduler)),
      insertCpuUs: Math.round(median(cpu.insert)),
      rawCpuUs: Math.round(median(cpu.raw)),
      writers,
      bookingsPerPhase: bench.bookings,
      rounds,
    }),
  );
} finally {
  await bench.close();
}
