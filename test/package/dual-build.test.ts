/**
 * The dual-package hazard: a host that loads the ESM build and, through a dependency, the CommonJS
 * build has two `SchedulingError` classes in one process. An error thrown by either must still be
 * recognised by both, with `isSchedulingError` and with `instanceof`.
 *
 * The core entry point is built here with tsup, as `npm run build` builds it (same target,
 * tsconfig, splitting and tree-shaking; no declarations, which this test does not need), into a
 * directory of its own: building into `dist/` would race the pack test, which builds and packs
 * `dist/` in a parallel worker. Both builds are then loaded by one Node process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/code-blocks.js';

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-slots-dual-'));
  // The builds import zod, a peer dependency: let them find this repository's.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsup = join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js');
  await run(
    process.execPath,
    [tsup, 'src/index.ts', '--no-config', '--format', 'esm,cjs', '--target', 'node20', '--treeshake', '--tsconfig', 'tsconfig.build.json', '--out-dir', join(dir, 'dist'), '--silent'],
    ROOT,
  );
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the one process saw, check by check. */
type Seen = Record<string, boolean>;

/**
 * Loads `dist/index.js` (import) and `dist/index.cjs` (createRequire) in one process, makes each
 * throw a refusal, and checks every error with both.
 */
async function crossChecks(): Promise<Seen> {
  const script = join(dir, 'cross.mjs');
  writeFileSync(
    script,
    `import { createRequire } from 'node:module';
const esm = await import('./dist/index.js');
const cjs = createRequire(import.meta.url)('./dist/index.cjs');
const thrown = (lib) => { try { lib.fixedClock('nope'); } catch (error) { return error; } throw new Error('fixedClock accepted nope'); };
const fromEsm = thrown(esm);
const fromCjs = thrown(cjs);
const fake = Object.assign(new Error('x'), { name: 'SchedulingError', code: 'VALIDATION_FAILED', issues: [] });
console.log(JSON.stringify({
  twoClasses: esm.SchedulingError !== cjs.SchedulingError,
  esmThrewEsmError: Object.getPrototypeOf(fromEsm) === esm.SchedulingError.prototype,
  cjsThrewCjsError: Object.getPrototypeOf(fromCjs) === cjs.SchedulingError.prototype,
  esmErrorSeenByCjsGuard: cjs.isSchedulingError(fromEsm),
  esmErrorSeenByCjsGuardWithCode: cjs.isSchedulingError(fromEsm, 'VALIDATION_FAILED'),
  esmErrorSeenByCjsInstanceof: fromEsm instanceof cjs.SchedulingError,
  cjsErrorSeenByEsmGuard: esm.isSchedulingError(fromCjs),
  cjsErrorSeenByEsmGuardWithCode: esm.isSchedulingError(fromCjs, 'VALIDATION_FAILED'),
  cjsErrorSeenByEsmInstanceof: fromCjs instanceof esm.SchedulingError,
  otherCodeRefusedByCjs: cjs.isSchedulingError(fromEsm, 'SLOT_TAKEN'),
  otherCodeRefusedByEsm: esm.isSchedulingError(fromCjs, 'SLOT_TAKEN'),
  lookalikeRefusedByEsm: esm.isSchedulingError(fake) || fake instanceof esm.SchedulingError,
  lookalikeRefusedByCjs: cjs.isSchedulingError(fake) || fake instanceof cjs.SchedulingError,
  plainErrorRefused: esm.isSchedulingError(new Error('x')) || cjs.isSchedulingError(new Error('x')),
}));
`,
  );
  return JSON.parse(await run(process.execPath, [script], dir)) as Seen;
}

describe('SchedulingError, with the ESM and the CommonJS build loaded in one process', () => {
  let seen: Seen;
  beforeAll(async () => {
    seen = await crossChecks();
  }, 60_000);

  it('really has two classes, each build throwing its own', () => {
    expect(seen).toMatchObject({ twoClasses: true, esmThrewEsmError: true, cjsThrewCjsError: true });
  });

  it('is recognised by the CommonJS build when the ESM build threw it, by isSchedulingError and instanceof', () => {
    expect(seen).toMatchObject({ esmErrorSeenByCjsGuard: true, esmErrorSeenByCjsGuardWithCode: true, esmErrorSeenByCjsInstanceof: true });
  });

  it('is recognised by the ESM build when the CommonJS build threw it, by isSchedulingError and instanceof', () => {
    expect(seen).toMatchObject({ cjsErrorSeenByEsmGuard: true, cjsErrorSeenByEsmGuardWithCode: true, cjsErrorSeenByEsmInstanceof: true });
  });

  it('still tells codes apart, and refuses errors that only look like one', () => {
    expect(seen).toMatchObject({
      otherCodeRefusedByCjs: false,
      otherCodeRefusedByEsm: false,
      lookalikeRefusedByEsm: false,
      lookalikeRefusedByCjs: false,
      plainErrorRefused: false,
    });
  });
});
