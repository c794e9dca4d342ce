import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { ROOT, type CodeBlock } from './code-blocks.js';

/** One block that does not compile, with the compiler's complaints mapped back to its source. */
export interface BlockFailure {
  readonly block: CodeBlock;
  readonly errors: readonly string[];
}

const HEADER_LINES = 1;

/**
 * Type-checks every block as its own ES module, with the repository's tsconfig.json, so
 * `'clinic-slots'`, `'clinic-slots/sqlite'`, ... resolve to the sources. The blocks are written to
 * a scratch folder inside the repository (`.tmp/`, ignored by git) so that they are ES modules
 * (package.json says `"type": "module"`) and find the installed dependencies.
 *
 * @returns the blocks that do not compile; empty when all do
 */
export function typecheckBlocks(blocks: readonly CodeBlock[], scratchName: string): BlockFailure[] {
  const dir = join(ROOT, '.tmp', `${scratchName}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  try {
    const files = blocks.map((block, i) => {
      const path = join(dir, `block-${String(i).padStart(4, '0')}.ts`);
      writeFileSync(path, `// ${block.file}:${block.line} (${block.label})\n${block.code}\nexport {};\n`);
      return path;
    });
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!config) throw new Error('tsconfig.json could not be read');
    const program = ts.createProgram({
      rootNames: files,
      options: { ...config.options, noEmit: true, incremental: false, composite: false },
    });
    const byFile = new Map(files.map((f, i) => [resolve(f), blocks[i]!]));
    const errors = new Map<CodeBlock, string[]>();
    const global: string[] = [];
    for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
      global.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
    if (global.length > 0) throw new Error(`the compiler options are wrong:\n${global.join('\n')}`);
    for (const file of files) {
      const source = program.getSourceFile(file);
      const block = byFile.get(resolve(file))!;
      if (!source) {
        errors.set(block, ['the compiler did not load this block']);
        continue;
      }
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const { line } = d.start === undefined ? { line: HEADER_LINES } : source.getLineAndCharacterOfPosition(d.start);
        const where = `${block.file}:${block.line + line - HEADER_LINES}`;
        const list = errors.get(block) ?? [];
        list.push(`${where}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
        errors.set(block, list);
      }
    }
    return [...errors].map(([block, list]) => ({ block, errors: list }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A readable report of failures, one block after the other, with its code. */
export function formatFailures(failures: readonly BlockFailure[]): string {
  return failures
    .map(({ block, errors }) =>
      [`${block.file}:${block.line} (${block.label})`, ...errors.map((e) => `  ${e}`), '  code:', ...block.code.trimEnd().split('\n').map((l) => `    | ${l}`)].join('\n'),
    )
    .join('\n\n');
}
