import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './code-blocks.js';

/** What the build reads: when one of them changed after dist/ was written, dist/ is stale. */
const BUILD_INPUTS = ['src', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'node_modules/.package-lock.json'];

/** The modification times of a file, or of a folder and everything in it (a deletion touches its folder). */
function mtimes(path: string): number[] {
  if (!existsSync(path)) return [];
  const stat = statSync(path);
  if (!stat.isDirectory()) return [stat.mtimeMs];
  return [stat.mtimeMs, ...readdirSync(path).flatMap((name) => mtimes(join(path, name)))];
}

/** Every file `package.json`'s `exports` points into dist/. */
function exportedFiles(): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith('./dist/')) found.add(value.slice(2));
    } else if (typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) visit(inner);
    }
  };
  visit((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: unknown }).exports);
  return [...found];
}

/**
 * Whether dist/ holds a build of the sources as they are now, so that the packaging tests can
 * pack it without building again (as after `npm run check` in CI, or a second `npm test`): every
 * file the exports name is there, and every file of dist/ is newer than every input of the build
 * (sources, configuration, the lock file and the installed dependencies). The rule of `make`:
 * a checkout, an edit or a deletion makes an input newer, and the tests build again.
 */
export function distIsFresh(): boolean {
  const dist = join(ROOT, 'dist');
  if (!exportedFiles().every((file) => existsSync(join(ROOT, file)))) return false;
  const outputs = mtimes(dist).slice(1); // the files, not dist/ itself
  const inputs = BUILD_INPUTS.flatMap((input) => mtimes(join(ROOT, input)));
  return outputs.length > 0 && inputs.length > 0 && Math.max(...inputs) < Math.min(...outputs);
}
