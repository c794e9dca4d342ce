// Prints the book-postgres comparison as one JSON line:
// {"workload":"book-postgres","ms":...,"perSecond":...,"rawPerSecond":...,"ratio":...}
// where `ms` is the median time of one phase of bookings through the scheduler and the adapter,
// and `ratio` is perSecond / rawPerSecond (`pairedRatio`: the median, over rounds, of the same
// ratio within one round; `cpuUs` and `rawCpuUs`: this process's CPU time per booking, median
// over phases). Phases alternate (raw, adapter, raw, ...) after a warm-up, in one run, on the
// same pool.
//
//   npx tsx bench/postgres/book-round.ts [rounds=7] [bookingsPerPhase=2000]
import { openBookBench } from './book-plan.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const rounds = Number(process.argv[2] ?? 7);
const bookings = Number(process.argv[3] ?? 2000);
const bench = await openBookBench({ bookings });
try {
  const cpu: Record<'raw' | 'adapter', number[]> = { raw: [], adapter: [] };
  const timed = async (phase: () => Promise<number>, into?: number[]) => {
    const started = performance.now();
    const usage = process.cpuUsage();
    const stored = await phase();
    if (stored !== bookings) throw new Error(`stored ${stored} of ${bookings} bookings`);
    const used = process.cpuUsage(usage);
    into?.push((used.user + used.system) / bookings);
    return performance.now() - started;
  };
  await timed(bench.raw);
  await timed(bench.viaScheduler);
  const raw: number[] = [];
  const adapter: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raw.push(await timed(bench.raw, cpu.raw));
    adapter.push(await timed(bench.viaScheduler, cpu.adapter));
  }
  const ms = median(adapter);
  const perSecond = (bookings / ms) * 1000;
  const rawPerSecond = (bookings / median(raw)) * 1000;
  console.log(
    JSON.stringify({
      workload: 'book-postgres',
      ms: Math.round(ms),
      perSecond: Math.round(perSecond),
      rawPerSecond: Math.round(rawPerSecond),
      ratio: Number((perSecond / rawPerSecond).toFixed(3)),
      pairedRatio: Number(median(raw.map((t, r) => t / adapter[r]!)).toFixed(3)),
      cpuUs: Math.round(median(cpu.adapter)),
      rawCpuUs: Math.round(median(cpu.raw)),
    }),
  );
} finally {
  await bench.close();
}
