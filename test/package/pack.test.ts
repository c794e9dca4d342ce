/**
 * The package as users get it: built, packed into a tarball, installed into a scratch project
 * with its peers, and loaded from ESM and CommonJS, with the types checked under the module
 * resolutions consumers use, and the conformance kit run under node:test without vitest. One
 * build, one pack, one install for the whole file; no build when dist/ is newer than every input
 * of the build (see `distIsFresh`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distIsFresh } from './support/build.js';
import { ROOT } from './support/code-blocks.js';

/** The subpaths of the package, with the source entry point each is built from. */
const SUBPATHS = {
  'clinic-slots': 'src/index.ts',
  'clinic-slots/sqlite': 'src/sqlite.ts',
  'clinic-slots/postgres': 'src/postgres.ts',
  'clinic-slots/testing': 'src/testing.ts',
} as const;
type Subpath = keyof typeof SUBPATHS;
const subpaths = Object.keys(SUBPATHS) as Subpath[];

/** What `import 'clinic-slots'` may load outside the package itself. */
const CORE_DEPENDENCIES = ['zod'];
/** What it must never load: database drivers and the test kit's peers. */
const FORBIDDEN_IN_CORE = ['better-sqlite3', 'pg', '@electric-sql/pglite', 'vitest', 'fast-check'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function runOk(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.code}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let scratch = '';
let consumer = '';
let packedFiles: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'clinic-slots-pack-'));
  consumer = join(scratch, 'consumer');
  mkdirSync(consumer);
  if (!distIsFresh()) await runOk(npm, ['run', 'build'], ROOT);
  const packed = JSON.parse(await runOk(npm, ['pack', '--json', '--pack-destination', scratch], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const tarball = join(scratch, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path).sort();
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }, null, 2));
  // zod is the one required peer; fast-check is the peer of clinic-slots/testing, which takes its
  // test runner and so needs no vitest (none is installed here). The versions are those this
  // repository develops with, so the npm cache has them.
  await runOk(
    npm,
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      tarball,
      `zod@${versionOf('zod')}`,
      `fast-check@${versionOf('fast-check')}`,
    ],
    consumer,
  );
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds ESM and CommonJS builds with their types for every subpath, the conformance kit too', () => {
    for (const entry of ['index', 'sqlite', 'postgres', 'testing']) {
      expect(packedFiles).toEqual(expect.arrayContaining([`dist/${entry}.js`, `dist/${entry}.cjs`, `dist/${entry}.d.ts`, `dist/${entry}.d.cts`]));
    }
  });

  it('holds the README, the licence and package.json, and no sources, tests or examples', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    const stray = packedFiles.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'].includes(f));
    expect(stray).toEqual([]);
  });
});

/** Runs a script in the consumer project and parses the JSON it prints. */
async function exportsSeenBy(file: string, code: string): Promise<Record<Subpath, string[]>> {
  writeFileSync(join(consumer, file), code);
  return JSON.parse(await runOk(process.execPath, [file], consumer)) as Record<Subpath, string[]>;
}

describe('every subpath, installed from the tarball', () => {
  it('loads from an ES module with the same named exports as the source', async () => {
    const seen = await exportsSeenBy(
      'esm.mjs',
      `const out = {};\nfor (const s of ${JSON.stringify(subpaths)}) out[s] = Object.keys(await import(s)).sort();\nconsole.log(JSON.stringify(out));\n`,
    );
    for (const subpath of subpaths) {
      const source = Object.keys((await import(/* @vite-ignore */ join(ROOT, SUBPATHS[subpath]))) as object).sort();
      expect(seen[subpath], subpath).toEqual(source);
      expect(source.length, subpath).toBeGreaterThan(0);
    }
  });

  it('loads from CommonJS with the same named exports as from ESM', async () => {
    const esm = await exportsSeenBy(
      'esm.mjs',
      `const out = {};\nfor (const s of ${JSON.stringify(subpaths)}) out[s] = Object.keys(await import(s)).sort();\nconsole.log(JSON.stringify(out));\n`,
    );
    const cjs = await exportsSeenBy(
      'cjs.cjs',
      `const out = {};\nfor (const s of ${JSON.stringify(subpaths)}) out[s] = Object.keys(require(s)).filter((k) => k !== '__esModule').sort();\n` +
        `console.log(JSON.stringify(out));\n`,
    );
    expect(cjs).toEqual(esm);
  });

  it('defines SchedulingError once per module system, so instanceof holds across subpaths', () => {
    // Every subpath shares one chunk per format; a second copy of the class would make
    // `error instanceof SchedulingError` false for errors thrown by another subpath.
    const dist = join(consumer, 'node_modules', 'clinic-slots', 'dist');
    const defining = packedFiles
      .filter((f) => /^dist\/[^/]+\.c?js$/.test(f))
      .filter((f) => /\bclass SchedulingError\b|\bSchedulingError = class\b/.test(readFileSync(join(dist, f.slice('dist/'.length)), 'utf8')));
    expect(defining.filter((f) => f.endsWith('.js'))).toHaveLength(1);
    expect(defining.filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
  });
});

describe('the conformance kit, installed from the tarball without vitest', () => {
  /** A test file that runs the whole kit on the memory adapter under node:test, in either module system. */
  const kitFile = (format: 'cjs' | 'esm') =>
    (format === 'cjs'
      ? "const { describe, it } = require('node:test');\nconst { createMemoryRepository } = require('clinic-slots');\nconst { describeRepositoryConformance } = require('clinic-slots/testing');\n"
      : "import { describe, it } from 'node:test';\nimport { createMemoryRepository } from 'clinic-slots';\nimport { describeRepositoryConformance } from 'clinic-slots/testing';\n") +
    `describeRepositoryConformance({ name: 'memory (${format})', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: { describe, it }, numRuns: 5 });\n`;

  it('has no vitest to lean on', async () => {
    const result = await run(process.execPath, ['-e', "require.resolve('vitest')"], consumer);
    expect(result.stderr).toMatch(/Cannot find module 'vitest'/);
  });

  for (const [format, file] of [['cjs', 'kit.test.cjs'], ['esm', 'kit.test.mjs']] as const) {
    it(`runs under node --test from ${format === 'cjs' ? 'CommonJS (require)' : 'an ES module'}: every test passes but the skipped cross-process race`, async () => {
      writeFileSync(join(consumer, file), kitFile(format));
      const result = await run(process.execPath, ['--test', '--test-reporter=tap', file], consumer);
      const counts = Object.fromEntries([...result.stdout.matchAll(/^# (\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
      const output = result.stdout + result.stderr;
      expect({ code: result.code, fail: counts.fail, skipped: counts.skipped }, output).toStrictEqual({ code: 0, fail: 0, skipped: 1 });
      expect(counts.pass, output).toBeGreaterThan(50);
      expect(counts.tests, output).toBe(counts.pass! + 1);
    });
  }
});

/** The bare specifiers a built file and the package files it imports refer to. */
function bareImports(entry: string): string[] {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const specifiers = [
      ...code.matchAll(/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
      ...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
      ...code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...code.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!);
    for (const s of specifiers) {
      if (s.startsWith('.')) visit(join(dirname(file), s));
      else bare.add(s);
    }
  };
  visit(entry);
  return [...bare].sort();
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe("import 'clinic-slots'", () => {
  it('refers to nothing but its dependencies and Node built-ins, in either build', () => {
    for (const entry of ['index.js', 'index.cjs']) {
      const outside = bareImports(join(consumer, 'node_modules', 'clinic-slots', 'dist', entry))
        .filter((s) => !s.startsWith('node:'))
        .map(packageName);
      expect(outside.filter((p) => !CORE_DEPENDENCIES.includes(p)), entry).toEqual([]);
    }
  });

  it('loads no database driver, vitest or fast-check when imported from ESM', async () => {
    const log = join(scratch, 'resolved.log');
    writeFileSync(
      join(consumer, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(specifier, context, next) {\n' +
        '  const result = await next(specifier, context);\n' +
        '  appendFileSync(process.env.RESOLVED_LOG, result.url + "\\n");\n' +
        '  return result;\n}\n',
    );
    writeFileSync(join(consumer, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    writeFileSync(join(consumer, 'core.mjs'), "import * as core from 'clinic-slots';\nconsole.log(Object.keys(core).length);\n");
    writeFileSync(log, '');
    await runOk(process.execPath, ['--import', './register.mjs', 'core.mjs'], consumer, { RESOLVED_LOG: log });
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((url) => url.includes('/node_modules/clinic-slots/dist/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
    const forbidden = loaded.filter((url) => FORBIDDEN_IN_CORE.some((p) => url.includes(`/node_modules/${p}/`)));
    expect(forbidden).toEqual([]);
  });

  it('loads no database driver, vitest or fast-check when required from CommonJS', async () => {
    writeFileSync(
      join(consumer, 'core.cjs'),
      "require('clinic-slots');\nconsole.log(JSON.stringify(Object.keys(require.cache)));\n",
    );
    const loaded = JSON.parse(await runOk(process.execPath, ['core.cjs'], consumer)) as string[];
    expect(loaded.some((f) => f.includes('/node_modules/clinic-slots/dist/index.cjs'))).toBe(true);
    const forbidden = loaded.filter((f) => FORBIDDEN_IN_CORE.some((p) => f.includes(`/node_modules/${p}/`)));
    expect(forbidden).toEqual([]);
  });
});

/** A consumer that uses every runtime export of the subpaths, and fails if any is typed `any`. */
function consumerSource(which: readonly Subpath[] = subpaths): string {
  const lines = ['type NotAny<T> = 0 extends 1 & T ? never : true;', 'function notAny<T>(_proof: NotAny<T>): void {}'];
  which.forEach((subpath, i) => lines.unshift(`import * as m${i} from '${subpath}';`));
  which.forEach((subpath, i) => {
    const names = Object.keys(readExports(subpath));
    for (const name of names) lines.push(`notAny<typeof m${i}.${name}>(true);`);
  });
  lines.push("const code: import('clinic-slots').SchedulingErrorCode = 'SLOT_TAKEN';", 'void code;', 'export {};');
  return lines.join('\n') + '\n';
}

const exportsCache = new Map<Subpath, object>();
function readExports(subpath: Subpath): object {
  return exportsCache.get(subpath)!;
}

// Each check runs its own compiler process: they run at the same time.
describe.concurrent('the types, for a TypeScript consumer', () => {
  beforeAll(async () => {
    for (const subpath of subpaths) exportsCache.set(subpath, (await import(/* @vite-ignore */ join(ROOT, SUBPATHS[subpath]))) as object);
  });

  async function typecheck(name: string, files: Record<string, string>, options: Record<string, unknown>): Promise<Run> {
    const dir = join(consumer, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, code] of Object.entries(files)) writeFileSync(join(dir, file), code);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023'], types: [], skipLibCheck: true, ...options },
        files: Object.keys(files),
      }),
    );
    return run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], dir);
  }

  it('resolve under moduleResolution node16, from ESM (.mts) and CommonJS (.cts)', async ({ expect }) => {
    const result = await typecheck(
      'node16',
      { 'consumer.mts': consumerSource(), 'consumer.cts': consumerSource() },
      { module: 'node16', moduleResolution: 'node16' },
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('resolve under moduleResolution bundler', async ({ expect }) => {
    const result = await typecheck('bundler', { 'consumer.ts': consumerSource() }, { module: 'esnext', moduleResolution: 'bundler' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('are checked for real: a consumer that misuses the API fails', async ({ expect }) => {
    const result = await typecheck(
      'misuse',
      { 'consumer.ts': "import { SchedulingError } from 'clinic-slots';\nnew SchedulingError('NO_SUCH_CODE', 'x');\nexport {};\n" },
      { module: 'esnext', moduleResolution: 'bundler' },
    );
    expect(result.stdout).toMatch(/error TS2345/);
    expect(result.code).not.toBe(0);
  });
});
