/**
 * The benchmark harness: `npm run bench` (or `npm run bench -- W1 W2` for some workloads).
 *
 * Runs every workload exported by the modules in bench/workloads/ and prints one JSON line per
 * workload on stdout:
 *
 * `{"workload","ms","freshMs","floorMs","warmRatio","freshRatio","naiveMs",<unit>,"heapDeltaBytes","floorHeapDeltaBytes","runs"}`
 *
 * - `ms`: the median of the timed runs of `run` (wall clock, after warm-up and a full garbage
 *   collection before each run), on the same inputs every run: what is cached by object
 *   identity is reused ("warm");
 * - `freshMs`: the same with new input objects before every run (`freshen`, untimed);
 * - `floorMs`: the median of the workload's floor, an oracle lower bound sharing no code with
 *   `run` whose input-independent lookups were made before timing; `warmRatio` = `ms / floorMs`,
 *   `freshRatio` = `freshMs / floorMs`;
 * - `naiveMs`: the median of the naive baseline, a plain loop that does all its work inside the
 *   timed run (without a floor, `ratio` = `ms / naiveMs` is printed instead);
 * - `heapDeltaBytes` / `floorHeapDeltaBytes`: how much the heap grew, after garbage collection,
 *   per result of `run` / of the floor kept (the memory the output takes).
 *
 * Each variant (`run`, `fresh`, `floor`, `naive`) is measured in fresh child processes, alternating
 * between them over a few rounds: in one process, V8's shared hidden classes and allocation
 * heuristics let one variant's runs change the other's timings (by up to 2x either way for W2).
 * Each child first runs every variant once, untimed, so that all children time their variant
 * from the same state. Every variant must give the same `count` and `fingerprint`, or the
 * workload fails.
 *
 * A workload marked `paired` (the booking workloads, whose baseline shares a database server or
 * a disk with them) is measured instead with both variants in each child process, one run of
 * each in turn, and prints throughput:
 *
 * `{"workload","ms","perSecond","rawPerSecond","ratio","pairedRatio",<unit>,"heapDeltaBytes","runs"}`
 *
 * - `perSecond` / `rawPerSecond`: `count` per second at the median time of `run` / of `naive`
 *   (a workload whose `naive` is not a raw driver names it: `baseline: 'book'` prints
 *   `bookPerSecond`);
 * - `ratio`: `perSecond / rawPerSecond`; `pairedRatio`: the median over pairs of runs made one
 *   after the other of the same ratio, which the machine's drift moves less.
 *
 * A latency workload (`kind: 'latency'`, the listing workloads) makes one call at a time, 1,000
 * times after warm-up, beside its floor (one call of each in turn, in one child process), and
 * prints `{"workload","p50Us","p99Us","floorUs","ratio",<unit>,"calls"}`: see {@link LatencyWorkload}.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { LatencyWorkload, Workload } from './workload.js';

/** What a child process measures: one variant of a batch workload, both side by side, or a latency workload. */
type Variant = BatchVariant | 'pair' | 'latency';
type BatchVariant = 'run' | 'fresh' | 'floor' | 'naive';
type AnyWorkload = Workload | LatencyWorkload;

/** What a child process reports for a latency workload: microseconds per call. */
interface LatencyMeasurement {
  readonly callUs: number[];
  readonly floorUs: number[];
  readonly count: number;
  readonly fingerprint: string | number;
}

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

/** The `p`-th percentile (0-100) of some values, nearest rank. */
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function load(file: string): Promise<AnyWorkload[]> {
  const module = (await import(new URL(file, dir).href)) as { workloads?: AnyWorkload[] };
  return module.workloads ?? [];
}

const isLatency = (w: AnyWorkload): w is LatencyWorkload => w.kind === 'latency';

/** In a child process: times a latency workload's calls beside its floor's and prints a {@link LatencyMeasurement}. */
async function latencyChild(w: LatencyWorkload, gc: () => void): Promise<void> {
  await w.prepare?.();
  const warmups = w.warmups ?? 200;
  const calls = w.calls ?? 1000;
  const callUs: number[] = [];
  const floorUs: number[] = [];
  const timed = async (g: () => Promise<unknown>): Promise<[number, unknown]> => {
    const start = performance.now();
    const result = await g();
    return [(performance.now() - start) * 1000, result];
  };
  let count = -1;
  let fingerprint: string | number = '';
  for (let i = 0; i < warmups + calls; i++) {
    if (i === warmups) gc();
    let ours: [number, unknown];
    let floor: [number, unknown];
    if (i % 2 === 0) {
      ours = await timed(() => w.call());
      floor = await timed(() => w.floor());
    } else {
      floor = await timed(() => w.floor());
      ours = await timed(() => w.call());
    }
    const n = w.count(ours[1]);
    if (n !== w.count(floor[1]) || (count !== -1 && n !== count)) {
      throw new Error(`${w.name}: results disagree: ${n} vs ${w.count(floor[1])} ${w.unit} (first call: ${count})`);
    }
    count = n;
    // Checksums cost allocations: compare them every 100 calls, and on the last.
    if (i % 100 === 0 || i === warmups + calls - 1) {
      const a = w.fingerprint(ours[1]);
      const b = w.fingerprint(floor[1]);
      if (a !== b || (i > 0 && a !== fingerprint)) throw new Error(`${w.name}: fingerprints disagree: ${String(a)} vs ${String(b)}`);
      fingerprint = a;
    }
    if (i >= warmups) {
      callUs.push(ours[0]);
      floorUs.push(floor[0]);
    }
  }
  await w.teardown?.();
  const measurement: LatencyMeasurement = { callUs, floorUs, count, fingerprint };
  process.stdout.write(JSON.stringify(measurement));
}

/** In a child process: measures one variant of one workload (or both, `pair`) and prints a {@link Measurement}. */
async function child(file: string, name: string, variant: Variant): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const found = (await load(file)).find((x) => x.name === name);
  if (found === undefined) throw new Error(`no workload ${name} in ${file}`);
  if (isLatency(found)) return latencyChild(found, gc);
  const w = found;
  const f = variant === 'naive' ? () => w.naive!() : variant === 'floor' ? () => w.floor!() : () => w.run();
  /** Untimed, before each run: new input objects for `fresh`. */
  const freshen = variant === 'fresh' ? () => w.freshen!() : () => undefined;
  await w.prepare?.();
  if (variant !== 'pair') {
    // Every child runs every variant once before timing its own, so that all start from the same
    // heap and allocation feedback (W2 took 20-30 % less CPU time in a process that had run the
    // other variant once, whichever it was).
    await w.run();
    if (w.floor) await w.floor();
    if (w.naive) await w.naive();
  }
  const timed = async (g: () => unknown) => {
    freshen();
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
  for (let i = 0; i < samples; i++) {
    freshen();
    kept.push(await f());
  }
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
  return JSON.parse(spawnRaw(file, name, variant)) as Measurement;
}

function spawnRaw(file: string, name: string, variant: Variant): string {
  return execFileSync(process.execPath, ['--import', 'tsx', self, '--child', file, name, variant], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
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
    [`${w.baseline ?? 'raw'}PerSecond`]: Math.round(rawPerSecond),
    ratio: round(perSecond / rawPerSecond),
    pairedRatio: round(median(times.map((t, i) => naiveTimes[i]! / t))),
    [w.unit]: count,
    heapDeltaBytes: Math.round(median(measured.map((m) => m.heapDeltaBytes))),
    runs: times.length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Measures a latency workload in one child process and prints its line. */
function latencyLine(file: string, w: LatencyWorkload): void {
  const m = JSON.parse(spawnRaw(file, w.name, 'latency')) as LatencyMeasurement;
  const p50 = median(m.callUs);
  const floor = median(m.floorUs);
  const line = {
    workload: w.name,
    p50Us: round(p50, 1),
    p99Us: round(percentile(m.callUs, 99), 1),
    floorUs: round(floor, 1),
    ratio: round(p50 / floor, 2),
    [w.unit]: m.count,
    calls: m.callUs.length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Measures each variant of a batch workload in {@link ROUNDS} child processes each and prints its line. */
function batchLine(file: string, w: Workload): void {
  const variants: BatchVariant[] = ['run'];
  if (w.freshen) variants.push('fresh');
  if (w.floor) variants.push('floor');
  if (w.naive) variants.push('naive');
  const results: Record<BatchVariant, Measurement[]> = { run: [], fresh: [], floor: [], naive: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) results[v].push(spawn(file, w.name, v));
  }
  const ours = results.run;
  const count = ours[0]!.count;
  for (const v of variants) {
    for (const m of results[v]) {
      if (m.count !== count || m.fingerprint !== ours[0]!.fingerprint) {
        throw new Error(
          `${w.name}: results disagree (${v} or another run): ${m.count} vs ${count} ${w.unit}, ` +
            `fingerprints ${String(m.fingerprint)} vs ${String(ours[0]!.fingerprint)}`,
        );
      }
    }
  }
  const ms = median(ours.flatMap((m) => m.times));
  const medianOf = (v: BatchVariant) => median(results[v].flatMap((m) => m.times));
  const line: Record<string, unknown> = { workload: w.name, ms: round(ms) };
  if (w.freshen) line.freshMs = round(medianOf('fresh'));
  if (w.floor) {
    const floorMs = medianOf('floor');
    line.floorMs = round(floorMs);
    line.warmRatio = round(ms / floorMs, 2);
    if (w.freshen) line.freshRatio = round(medianOf('fresh') / floorMs, 2);
  }
  if (w.naive) {
    line.naiveMs = round(medianOf('naive'));
    if (!w.floor) line.ratio = round(ms / medianOf('naive'), 2);
  }
  line[w.unit] = count;
  line.heapDeltaBytes = Math.round(median(ours.map((m) => m.heapDeltaBytes)));
  if (w.floor) line.floorHeapDeltaBytes = Math.round(median(results.floor.map((m) => m.heapDeltaBytes)));
  else if (w.naive) line.naiveHeapDeltaBytes = Math.round(median(results.naive.map((m) => m.heapDeltaBytes)));
  line.runs = ours.reduce((n, m) => n + m.times.length, 0);
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function parent(wanted: readonly string[]): Promise<void> {
  let failed = false;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    for (const w of await load(file)) {
      if (wanted.length > 0 && !wanted.includes(w.name)) continue;
      try {
        if (isLatency(w)) latencyLine(file, w);
        else if (w.paired && w.naive) pairedLine(file, w);
        else batchLine(file, w);
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
