// A CPU profile of the listing path alone: `findAvailableSlots` on the list-memory / list-sqlite
// data (bench/workloads/list.ts), `calls` calls after 200 warm-up calls, profiled in process
// (node:inspector, sampling every 50 µs) around the timed calls only. Prints where the time goes,
// as shares of the samples that are not idle:
//
// - self time by function;
// - inclusive time by function (each sample counted once per function on its stack);
// - inclusive time by call edge `caller -> callee` with the caller in this repository, which
//   tells apart the same callee called from two places (structuredClone, parseInput).
//
// Functions are named by file:line of their definition in the TypeScript source (mapped back
// through tsx's source maps). Native functions (Date.prototype.toISOString, the Intl.DateTimeFormat
// constructor) do not appear as frames of their own: their time is the self time of their caller.
//
//   npx tsx bench/profile/list-cpu.ts [memory|sqlite] [calls=3000] [top=25] [out.cpuprofile]
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { LIST_QUERY, openMemoryListing, openSqliteListing } from '../workloads/list.js';

const adapter = process.argv[2] ?? 'memory';
const calls = Number(process.argv[3] ?? 3000);
const top = Number(process.argv[4] ?? 25);
const out = process.argv[5];

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));

const listing = await (adapter === 'sqlite' ? openSqliteListing() : openMemoryListing());
let profile: Profiler.Profile;
let meanUs: number;
try {
  for (let i = 0; i < 200; i++) await listing.scheduler.findAvailableSlots(LIST_QUERY);
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 50 });
  await post('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < calls; i++) await listing.scheduler.findAvailableSlots(LIST_QUERY);
  meanUs = ((performance.now() - started) * 1000) / calls;
  profile = (await post<{ profile: Profiler.Profile }>('Profiler.stop')).profile;
} finally {
  listing.close();
  session.disconnect();
}
if (out !== undefined) writeFileSync(out, JSON.stringify(profile));

const root = `file://${process.cwd()}/`;
const nameOf = (f: Profiler.ProfileNode['callFrame']): string => {
  const fn = f.functionName || '(anonymous)';
  if (f.url === '') return fn;
  const map = f.url.startsWith(root) && !f.url.includes('/node_modules/') ? findSourceMap(f.url) : undefined;
  const entry = map?.findEntry(f.lineNumber, f.columnNumber) as { originalLine?: number } | undefined;
  const line = entry?.originalLine === undefined ? f.lineNumber + 1 : entry.originalLine + 1;
  return `${fn} ${f.url.replace(root, '').replace(/^.*node_modules\//, '~/')}:${line}`;
};
const names = new Map(profile.nodes.map((n) => [n.id, nameOf(n.callFrame)]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const IDLE = new Set(['(idle)', '(program)', '(root)']);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const edges = new Map<string, number>();
const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
let total = 0;
for (const id of profile.samples ?? []) {
  const leaf = names.get(id)!;
  if (IDLE.has(leaf)) continue;
  total++;
  add(self, leaf);
  const seen = new Set<string>();
  for (let n: number | undefined = id, child: string | undefined; n !== undefined; n = parent.get(n)) {
    const name = names.get(n)!;
    if (!seen.has(name)) add(inclusive, name);
    seen.add(name);
    const edge = child === undefined ? undefined : `${name} -> ${child}`;
    if (edge !== undefined && name.includes(' src/') && !seen.has(edge)) {
      add(edges, edge);
      seen.add(edge);
    }
    child = name;
  }
}

const print = (title: string, counts: Map<string, number>, keep: (name: string) => boolean = () => true) => {
  console.log(`\n${title}`);
  const rows = [...counts].filter(([name]) => keep(name) && !IDLE.has(name)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, n] of rows) console.log(`${((100 * n) / total).toFixed(1).padStart(6)} %  ${name}`);
};
console.log(JSON.stringify({ adapter, calls, meanUs: Math.round(meanUs), samples: total }));
print('self time', self);
print('inclusive time (this repository, zod, natives)', inclusive, (n) => n.includes(' src/') || n.includes('~/zod') || !n.includes(' '));
print('inclusive time by call edge (caller in src/)', edges);
