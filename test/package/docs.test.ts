/**
 * The guides stay true to the code: every error code explained, the adapter guide's example
 * identical to the file the conformance kit runs, every conformance group named, every link
 * pointing somewhere, every guide published by typedoc and linked from the README.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEDULING_ERROR_CODES, SCHEDULING_ERROR_HTTP } from 'clinic-slots';
import * as testing from 'clinic-slots/testing';
import { ROOT, listFiles, markdownBlocks, read } from './support/code-blocks.js';

const guides = listFiles('docs', ['.md'], (rel) => rel === 'docs/api');
const GUIDES = ['docs/getting-started.md', 'docs/concepts.md', 'docs/errors.md', 'docs/writing-an-adapter.md', 'docs/scaling.md'];

describe('the guides', () => {
  it('are the five the README promises', () => {
    expect(guides).toEqual([...GUIDES].sort());
  });

  it('are all published by typedoc as project documents', () => {
    const config = JSON.parse(read('typedoc.json')) as { projectDocuments?: string[] };
    expect([...(config.projectDocuments ?? [])].sort()).toEqual([...GUIDES].sort());
  });

  it('are all linked from the README', () => {
    const readme = read('README.md');
    for (const guide of GUIDES) expect(readme, guide).toContain(`](${guide})`);
  });

  it('link only to files that exist (relative links of the README and the guides)', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...guides]) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = join(ROOT, dirname(file), target.split('#')[0]!);
        if (!existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the README', () => {
  it('shows examples/quick-start.ts whole, the example the tests run', () => {
    const example = readFileSync(join(ROOT, 'examples/quick-start.ts'), 'utf8');
    expect(markdownBlocks('README.md', read('README.md')).map((b) => b.code)).toContain(example);
  });

  it('gives the two commands that set everything up on a fresh clone, and they are npm scripts', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});

describe('the errors guide', () => {
  const text = read('docs/errors.md');
  const headings = [...text.matchAll(/^### `([A-Z_]+)`$/gm)].map((m) => m[1]);

  it('explains every error code, once, in the order of SCHEDULING_ERROR_CODES', () => {
    expect(headings).toEqual([...SCHEDULING_ERROR_CODES]);
  });

  it('lists every error code in its summary table', () => {
    const rows = [...text.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    for (const code of SCHEDULING_ERROR_CODES) expect(rows, code).toContain(code);
  });

  it('gives each code, in its summary table, the HTTP status of SCHEDULING_ERROR_HTTP', () => {
    const statuses = Object.fromEntries([...text.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));
    expect(statuses).toEqual(Object.fromEntries(SCHEDULING_ERROR_CODES.map((code) => [code, SCHEDULING_ERROR_HTTP[code].status])));
  });
});

describe('the adapter guide', () => {
  const text = read('docs/writing-an-adapter.md');

  it('shows docs/examples/minimal-adapter.ts whole, as the file the conformance kit runs against', () => {
    const example = readFileSync(join(ROOT, 'docs/examples/minimal-adapter.ts'), 'utf8');
    const blocks = markdownBlocks('docs/writing-an-adapter.md', text).map((b) => b.code);
    expect(blocks).toContain(example);
  });

  it('names every conformance group the kit exports', () => {
    const groups = Object.keys(testing).filter((name) => /^describe\w+Conformance$/.test(name));
    expect(groups.length).toBeGreaterThanOrEqual(8);
    for (const group of groups) expect(text, group).toContain(`\`${group}\``);
  });
});
