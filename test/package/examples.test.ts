import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, listFiles, markdownBlocks, read, tsdocExamples, type CodeBlock } from './support/code-blocks.js';
import { formatFailures, typecheckBlocks } from './support/typecheck.js';

/** Every TypeScript source of the package (the published code). */
const sources = listFiles('src', ['.ts']);

/** The guides and the README: their ```ts blocks are complete programs too. */
const guides = [
  ...(existsSync(join(ROOT, 'README.md')) ? ['README.md'] : []),
  ...(existsSync(join(ROOT, 'docs')) ? listFiles('docs', ['.md'], (rel) => rel === 'docs/api') : []),
];

const found = sources.map((file) => tsdocExamples(file, read(file)));
const exampleBlocks: CodeBlock[] = found.flatMap((f) => f.blocks);
const guideBlocks: CodeBlock[] = guides.flatMap((file) => markdownBlocks(file, read(file)));

/**
 * The TSDoc examples and the guides' blocks, type-checked once, in one program (each block is a
 * module of its own): a program takes seconds to build, most of it in loading the same
 * declarations of the package and its dependencies. Each test below reads its own blocks' part.
 */
let checked: ReturnType<typeof typecheckBlocks> | undefined;
const failuresOf = (blocks: readonly CodeBlock[]) => {
  checked ??= typecheckBlocks([...exampleBlocks, ...guideBlocks], 'examples');
  return checked.filter((failure) => blocks.includes(failure.block));
};

describe('the @example code of every TSDoc comment in src/', () => {
  const blocks = exampleBlocks;

  it('is found (the extractor sees the examples that are there)', () => {
    // The error module alone documents four names with examples; an extractor that finds
    // nothing is broken, not a sign of a clean tree.
    expect(blocks.filter((b) => b.file === 'src/domain/errors.ts').length).toBeGreaterThanOrEqual(4);
  });

  it('always holds a ```ts block (an example without code cannot be checked)', () => {
    const blockless = found.flatMap((f) => f.blockless).map((b) => `${b.file}:${b.line} (${b.label})`);
    expect(blockless, `@example without a \`\`\`ts block:\n${blockless.join('\n')}`).toEqual([]);
  });

  it('compiles, each block as its own module importing the package by its public names', () => {
    const failures = failuresOf(blocks);
    expect(failures.length, `these @example blocks do not compile:\n\n${formatFailures(failures)}`).toBe(0);
  });
});

describe('the ```ts blocks of the README and the guides in docs/', () => {
  const blocks = guideBlocks;

  it('compile, each block as its own module importing the package by its public names', () => {
    const failures = failuresOf(blocks);
    expect(failures.length, `these guide blocks do not compile:\n\n${formatFailures(failures)}`).toBe(0);
  });
});

describe('the ```ts run blocks of the guides (worked examples that check themselves with asserts)', () => {
  const runnable = guideBlocks.filter((b) => b.run === true);
  const dir = join(ROOT, '.tmp', `guide-run-${process.pid}-${Date.now()}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('include the worked examples of the concepts guide', () => {
    expect(runnable.filter((b) => b.file === 'docs/concepts.md').length).toBeGreaterThanOrEqual(5);
  });

  for (const [i, block] of runnable.entries()) {
    it(`${block.file}:${block.line} (${block.label}) runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `block-${i}.ts`);
      writeFileSync(path, block.code);
      try {
        await import(/* @vite-ignore */ pathToFileURL(path).href);
      } finally {
        rmSync(path, { force: true });
      }
    });
  }
});

describe('the example checker', () => {
  it('reports a block that does not compile, with the file and line it came from', () => {
    const bad: CodeBlock = {
      file: 'src/imaginary.ts',
      line: 10,
      label: 'imaginary',
      code: "import { SchedulingError } from 'clinic-slots';\nconst n: number = new SchedulingError('NO_SUCH_CODE', 'x');\n",
    };
    const good: CodeBlock = { ...bad, line: 20, code: "import { SCHEDULING_ERROR_CODES } from 'clinic-slots';\nSCHEDULING_ERROR_CODES.length;\n" };
    const failures = typecheckBlocks([bad, good], 'checker-self-test');
    expect(failures.map((f) => f.block.line)).toEqual([10]);
    expect(failures[0]!.errors.join('\n')).toMatch(/^src\/imaginary\.ts:11: TS\d+/);
  });

  it('finds ```ts blocks only inside @example, and notices an @example without one', () => {
    const source = [
      '/**',
      ' * Summary.',
      ' * ```ts',
      ' * not an example',
      ' * ```',
      ' * @example',
      ' * ```ts',
      ' * const a = 1;',
      ' * ```',
      ' * @param x - y',
      ' */',
      'export function f(x: number) {}',
      '/**',
      ' * @example',
      ' * f(1)',
      ' */',
      'export const g = 1;',
    ].join('\n');
    const { blocks, blockless } = tsdocExamples('src/x.ts', source);
    expect(blocks).toEqual([{ file: 'src/x.ts', line: 8, label: 'f', code: 'const a = 1;\n' }]);
    expect(blockless).toEqual([{ file: 'src/x.ts', line: 14, label: 'g' }]);
  });

  it('finds the ```ts blocks of a guide, marks ```ts run blocks, and skips other languages', () => {
    const text = ['# Guide', '```ts', 'a;', '```', '## Run', '```ts run', 'b;', '```', '```sh', 'npm test', '```'].join('\n');
    expect(markdownBlocks('docs/x.md', text)).toEqual([
      { file: 'docs/x.md', line: 3, label: 'Guide', code: 'a;\n' },
      { file: 'docs/x.md', line: 7, label: 'Run', code: 'b;\n', run: true },
    ]);
  });
});
