/**
 * The benchmark harness: `npm run bench` (or `npm run bench -- W1 W2` for some workloads).
 *
 * Runs every workload exported by the modules in bench/workloads/ and prints one JSON line per
 * workload on stdout:
 *
 * `{"workload","ms","naiveMs","ratio",<unit>,"heapDeltaBytes","naiveHeapDeltaBytes","runs"}`
 *
 * - `ms` / `naiveMs`: medians of the timed runs (wall clock, after warm-up and a full garbage
 *   collection before each run) of `run` and of the naive baseline;
 * - `ratio`: `ms / naiveMs`;
 * - `heapDeltaBytes`: how much the heap grew, after garbage collection, per result of `run`
 *   kept (the memory the output takes; the generator keeps nothing else);
 *
 * Each variant (`run`, `naive`) is measured in fresh child processes, alternating between them
 * over a few rounds: in one process, V8's shared hidden classes and allocation heuristics let one
 * variant's runs change the other's timings (by up to 2x either way for W2).
 *
 * A workload marked `paired` (the booking workloads, whose baseline shares a database server or
 * a disk with them) is measured instead with both variants in each child process, one run of
 * each in turn, and prints throughput:
 *
 * `{"workload","ms","perSecond","rawPerSecond","ratio","pairedRatio",<unit>,"heapDeltaBytes","runs"}`
 *
 * - `perSecond` / `rawPerSecond`: `count` per second at the median time of `run` / of `naive`;
 * - `ratio`: `perSecond / rawPerSecond`; `pairedRatio`: the median over pairs of runs made one
 *   after the other of the same ratio, which the machine's drift moves less.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Workload } from './workload.js';

type Variant = 'run' | 'naive' | 'pair';

/** What a child process reports for one variant of one workload. */
interface Measurement {
  readonly times: number[];
  /** For `pair`: the times of `naive`, run for run after (or before) those of `run`. */
  readonly naiveTimes?: number[];
  readonly count: number;
  readonly fingerprint: string | number | null;
  readonly heapDeltaBytes: number;
}

const ROUNDS = 2;
const dir = new URL('./workloads/', import.meta.url);
const self = fileURLToPath(import.meta.url);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function load(file: string): Promise<Workload[]> {
  const module = (await import(new URL(file, dir).href)) as { workloads?: Workload[] };
  return module.workloads ?? [];
}

/** In a child process: measures one variant of one workload (or both, `pair`) and prints a {@link Measurement}. */
async function child(file: string, name: string, variant: Variant): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const w = (await load(file)).find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name} in ${file}`);
  const f = variant === 'naive' ? () => w.naive!() : () => w.run();
  await w.prepare?.();
  const timed = async (g: () => unknown) => {
    gc();
    const start = performance.now();
    const result = await g();
    const ms = performance.now() - start;
    return { ms, count: w.count(result), fingerprint: w.fingerprint?.(result) ?? null };
  };
  const once = () => timed(f);
  const naiveTimes: number[] = [];
  /** For `pair`: one run of `naive` before or after each run of `run`, the order alternating. */
  const beside = async (i: number, record: boolean) => {
    if (variant !== 'pair') return once();
    const naive = () => timed(() => w.naive!());
    const check = (a: { count: number; fingerprint: unknown }, b: { count: number; fingerprint: unknown }) => {
      if (a.count !== b.count || a.fingerprint !== b.fingerprint) {
        throw new Error(`${name}: results disagree: ${a.count} vs ${b.count} ${w.unit}, fingerprints ${String(a.fingerprint)} vs ${String(b.fingerprint)}`);
      }
    };
    let ours: Awaited<ReturnType<typeof once>>;
    let theirs: Awaited<ReturnType<typeof once>>;
    if (i % 2 === 0) {
      theirs = await naive();
      ours = await once();
    } else {
      ours = await once();
      theirs = await naive();
    }
    check(ours, theirs);
    if (record) naiveTimes.push(theirs.ms);
    return ours;
  };
  for (let i = 0; i < (w.warmups ?? 5); i++) await beside(i, false);
  const times: number[] = [];
  let last = await beside(0, true);
  times.push(last.ms);
  for (let i = 1; i < (w.runs ?? 15); i++) {
    last = await beside(i, true);
    times.push(last.ms);
  }
  const samples = w.heapSamples ?? 1;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  for (let i = 0; i < samples; i++) kept.push(await f());
  gc();
  const heapDeltaBytes = Math.round((process.memoryUsage().heapUsed - before) / samples);
  if (kept.some((k) => w.count(k) !== last.count)) throw new Error(`${name}: the result changed between runs`);
  await w.teardown?.();
  const measurement: Measurement = {
    times,
    ...(variant === 'pair' ? { naiveTimes } : {}),
    count: last.count,
    fingerprint: last.fingerprint,
    heapDeltaBytes,
  };
  process.stdout.write(JSON.stringify(measurement));
}

function spawn(file: string, name: string, variant: Variant): Measurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', file, name, variant], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as Measurement;
}

/** Measures a `paired` workload in {@link ROUNDS} child processes and prints its line. */
function pairedLine(file: string, w: Workload): void {
  const measured = Array.from({ length: ROUNDS }, () => spawn(file, w.name, 'pair'));
  const count = measured[0]!.count;
  for (const m of measured) {
    if (m.count !== count || m.fingerprint !== measured[0]!.fingerprint) {
      throw new Error(`${w.name}: results disagree between processes: ${m.count} vs ${count} ${w.unit}`);
    }
  }
  const times = measured.flatMap((m) => m.times);
  const naiveTimes = measured.flatMap((m) => m.naiveTimes!);
  const ms = median(times);
  const perSecond = (count / ms) * 1000;
  const rawPerSecond = (count / median(naiveTimes)) * 1000;
  const line = {
    workload: w.name,
    ms: round(ms),
    perSecond: Math.round(perSecond),
    rawPerSecond: Math.round(rawPerSecond),
    ratio: round(perSecond / rawPerSecond),
    pairedRatio: round(median(times.map((t, i) => naiveTimes[i]! / t))),
    [w.unit]: count,
    heapDeltaBytes: Math.round(median(measured.map((m) => m.heapDeltaBytes))),
    runs: times.length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function parent(wanted: readonly string[]): Promise<void> {
  let failed = false;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    for (const w of await load(file)) {
      if (wanted.length > 0 && !wanted.includes(w.name)) continue;
      try {
        if (w.paired && w.naive) {
          pairedLine(file, w);
          continue;
        }
        const variants: Array<'run' | 'naive'> = w.naive ? ['run', 'naive'] : ['run'];
        const results: Record<'run' | 'naive', Measurement[]> = { run: [], naive: [] };
        for (let r = 0; r < ROUNDS; r++) {
          for (const v of r % 2 === 0 ? variants : [...variants].reverse()) results[v].push(spawn(file, w.name, v));
        }
        const ours = results.run;
        const count = ours[0]!.count;
        for (const m of [...ours, ...results.naive]) {
          if (m.count !== count || m.fingerprint !== ours[0]!.fingerprint) {
            throw new Error(
              `${w.name}: results disagree (naive baseline or another run): ${m.count} vs ${count} ${w.unit}, ` +
                `fingerprints ${String(m.fingerprint)} vs ${String(ours[0]!.fingerprint)}`,
            );
          }
        }
        const ms = median(ours.flatMap((m) => m.times));
        const line: Record<string, unknown> = { workload: w.name, ms: round(ms) };
        if (w.naive) {
          const naiveMs = median(results.naive.flatMap((m) => m.times));
          line.naiveMs = round(naiveMs);
          line.ratio = round(ms / naiveMs, 2);
        }
        line[w.unit] = count;
        line.heapDeltaBytes = Math.round(median(ours.map((m) => m.heapDeltaBytes)));
        if (w.naive) line.naiveHeapDeltaBytes = Math.round(median(results.naive.map((m) => m.heapDeltaBytes)));
        line.runs = ours.reduce((n, m) => n + m.times.length, 0);
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } catch (error) {
        failed = true;
        process.stderr.write(`${w.name} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
  if (failed) process.exit(1);
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, args[2]!, args[3] as Variant);
else await parent(args);
