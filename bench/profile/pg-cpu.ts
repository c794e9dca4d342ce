// CPU time per booking on the book-postgres bench, of this process (`cpuUs`) and of the server's
// backends of its pool (`serverCpuUs`, for a server on this machine), for each way of booking:
// the raw insert of the appointment and its claim, the adapter's insertAppointment alone,
// scheduler.book(), and a hold confirmed (`holdConfirm`, per hold). Phases rotate.
//
//   npx tsx bench/profile/pg-cpu.ts [rounds=5] [bookingsPerPhase=2000]
//   MODES=scheduler node --import tsx --cpu-prof bench/profile/pg-cpu.ts
import { openBookBench } from '../postgres/book-plan.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const rounds = Number(process.argv[2] ?? 5);
const bookings = Number(process.argv[3] ?? 2000);
const bench = await openBookBench({ bookings });
try {
  const modes = { raw: bench.raw, repository: bench.viaRepository, scheduler: bench.viaScheduler, holdConfirm: bench.viaHoldConfirm };
  const cpu: Record<string, number[]> = {};
  const server: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  // MODES=scheduler (comma-separated) runs only some of them, to profile one.
  const names = (process.env.MODES?.split(',') ?? Object.keys(modes)) as Array<keyof typeof modes>;
  for (let r = -1; r < rounds; r++) {
    for (let m = 0; m < names.length; m++) {
      const name = names[(m + Math.max(r, 0)) % names.length]!;
      const serverBefore = await bench.serverCpuUs();
      const usage = process.cpuUsage();
      const started = performance.now();
      await modes[name]();
      const ms = performance.now() - started;
      const used = process.cpuUsage(usage);
      const serverUsed = (await bench.serverCpuUs()) - serverBefore;
      if (r >= 0) {
        (cpu[name] ??= []).push((used.user + used.system) / bookings);
        (server[name] ??= []).push(serverUsed / bookings);
        (wall[name] ??= []).push(ms);
      }
    }
  }
  console.log(JSON.stringify(Object.fromEntries(names.map((n) => [n, { cpuUs: Math.round(median(cpu[n]!)), serverCpuUs: Math.round(median(server[n]!)), perSecond: Math.round((bookings / median(wall[n]!)) * 1000) }]))));
} finally {
  await bench.close();
}
