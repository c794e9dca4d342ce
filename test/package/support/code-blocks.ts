import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A ```ts block found in a TSDoc `@example` or in a Markdown guide. */
export interface CodeBlock {
  /** The file it was found in, relative to the repository root, with `/` separators. */
  readonly file: string;
  /** The 1-based line of the file where the code starts (the line after the opening fence). */
  readonly line: number;
  /** What it documents: the declaration after the TSDoc comment, or the guide's heading. */
  readonly label: string;
  /** The code, as written. */
  readonly code: string;
  /** Whether the block is also run (a guide's fence says ```ts run); it then checks itself with asserts. */
  readonly run?: boolean;
}

/** An `@example` that holds no ```ts block, so there is nothing to check. */
export interface BlocklessExample {
  readonly file: string;
  readonly line: number;
  readonly label: string;
}

/** The repository root (this file lives in test/package/support). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

/** Every file under `dir` (relative to the root) whose name ends with one of `suffixes`. */
export function listFiles(dir: string, suffixes: readonly string[], skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const rel = relative(ROOT, path).split('\\').join('/');
      if (skip(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (suffixes.some((s) => entry.name.endsWith(s))) out.push(rel);
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

const TS_FENCE = /^```(?:ts|typescript)\s*$/;
/** A guide's ```ts block, compiled; with `run`, also run. */
const GUIDE_TS_FENCE = /^```(?:ts|typescript)(\s+run)?\s*$/;
const ANY_FENCE = /^```/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first line of code after a TSDoc comment, shortened: what the comment documents. */
function declarationAfter(source: string, end: number): string {
  const rest = source.slice(end).split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  const named = /^(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z0-9_$]+)/.exec(rest);
  if (named) return named[1]!;
  const member = /^(?:readonly\s+)?(?:static\s+)?(?:async\s+)?([A-Za-z0-9_$]+)\??\s*[(:<]/.exec(rest);
  return member ? member[1]! : rest.slice(0, 60);
}

/**
 * The ```ts blocks inside the `@example` tags of every TSDoc comment of a TypeScript source, and
 * the `@example` tags that hold none.
 */
export function tsdocExamples(file: string, source: string): { blocks: CodeBlock[]; blockless: BlocklessExample[] } {
  const blocks: CodeBlock[] = [];
  const blockless: BlocklessExample[] = [];
  for (const match of source.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const startLine = lineOf(source, match.index);
    const label = declarationAfter(source, match.index + match[0].length);
    const lines = match[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    let inExample = false;
    let exampleLine = 0;
    let exampleBlocks = 0;
    let fence: { start: number; ts: boolean; code: string[] } | undefined;
    const closeExample = () => {
      if (inExample && exampleBlocks === 0) blockless.push({ file, line: exampleLine, label });
      inExample = false;
    };
    lines.forEach((text, i) => {
      const line = startLine + i;
      if (fence) {
        if (/^```\s*$/.test(text)) {
          if (fence.ts && inExample) {
            blocks.push({ file, line: fence.start, label, code: fence.code.join('\n') + '\n' });
            exampleBlocks++;
          }
          fence = undefined;
        } else fence.code.push(text);
        return;
      }
      if (ANY_FENCE.test(text)) {
        fence = { start: line + 1, ts: TS_FENCE.test(text), code: [] };
        return;
      }
      if (/^@[A-Za-z]+/.test(text)) {
        closeExample();
        if (/^@example\b/.test(text)) {
          inExample = true;
          exampleLine = line;
          exampleBlocks = 0;
        }
      }
    });
    closeExample();
  }
  return { blocks, blockless };
}

/** The ```ts blocks of a Markdown file, each labelled with the heading above it. */
export function markdownBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = '(top)';
  let fence: { start: number; ts: boolean; run: boolean; code: string[] } | undefined;
  text.split('\n').forEach((line, i) => {
    if (fence) {
      if (/^```\s*$/.test(line)) {
        if (fence.ts) {
          const block = { file, line: fence.start, label: heading, code: fence.code.join('\n') + '\n' };
          blocks.push(fence.run ? { ...block, run: true } : block);
        }
        fence = undefined;
      } else fence.code.push(line);
      return;
    }
    const opening = GUIDE_TS_FENCE.exec(line);
    if (ANY_FENCE.test(line)) fence = { start: i + 2, ts: opening !== null, run: opening?.[1] !== undefined, code: [] };
    else if (/^#{1,6}\s/.test(line)) heading = line.replace(/^#+\s*/, '');
  });
  return blocks;
}

/** Reads a file relative to the root. */
export function read(rel: string): string {
  return readFileSync(join(ROOT, rel), 'utf8');
}
