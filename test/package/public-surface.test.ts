import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, listFiles } from './support/code-blocks.js';

/** The package's entry points: one per subpath export. */
const ENTRY_POINTS = ['src/index.ts', 'src/sqlite.ts', 'src/postgres.ts', 'src/testing.ts'] as const;

interface Surface {
  /** Every name a module under src/ exports, resolved to the symbol it declares. */
  readonly exported: ReadonlyArray<{ file: string; name: string; symbol: ts.Symbol; internal: boolean }>;
  /** The symbols reachable from the entry points, with the first entry point that has each. */
  readonly public: ReadonlyMap<ts.Symbol, string>;
}

function load(): Surface {
  const files = listFiles('src', ['.ts']).filter((f) => !f.endsWith('.d.ts'));
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: files.map((f) => join(ROOT, f)), options: { ...config.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const exportsOf = (file: string) => {
    const source = program.getSourceFile(join(ROOT, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    return moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  };
  const publicSymbols = new Map<ts.Symbol, string>();
  for (const entry of ENTRY_POINTS) {
    if (!existsSync(join(ROOT, entry))) continue;
    for (const symbol of exportsOf(entry)) {
      const target = resolve(symbol);
      if (!publicSymbols.has(target)) publicSymbols.set(target, entry);
    }
  }
  const exported = files
    .filter((f) => !(ENTRY_POINTS as readonly string[]).includes(f))
    .flatMap((file) =>
      exportsOf(file).map((symbol) => {
        const target = resolve(symbol);
        const internal = (target.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal'));
        return { file, name: symbol.getName(), symbol: target, internal };
      }),
    );
  return { exported, public: publicSymbols };
}

describe('the public surface', () => {
  it('has its four entry points, one per subpath export', () => {
    const missing = ENTRY_POINTS.filter((entry) => !existsSync(join(ROOT, entry)));
    expect(missing, `missing entry points: ${missing.join(', ')}`).toEqual([]);
  });

  const surface = load();

  it('re-exports every exported name of src/ from an entry point, unless it is marked @internal', () => {
    const stray = surface.exported
      .filter((e) => !e.internal && !surface.public.has(e.symbol))
      .map((e) => `${e.file}: ${e.name}`);
    expect(
      stray,
      `exported from a module but from no entry point (re-export it from src/index.ts, sqlite.ts, postgres.ts or testing.ts, or tag it @internal):\n${stray.join('\n')}`,
    ).toEqual([]);
  });

  it('does not publish a name marked @internal (typedoc would leave it out of the reference)', () => {
    const leaked = surface.exported
      .filter((e) => e.internal && surface.public.has(e.symbol))
      .map((e) => `${e.file}: ${e.name} (published by ${surface.public.get(e.symbol)})`);
    expect(leaked, `@internal but public:\n${leaked.join('\n')}`).toEqual([]);
  });

  it('sees the modules that are there (the check is not vacuous)', () => {
    const names = surface.exported.map((e) => `${e.file}: ${e.name}`);
    expect(names).toContain('src/domain/errors.ts: SchedulingError');
    expect(names).toContain('src/schemas/parse.ts: parseInput');
    const byName = new Map(surface.exported.map((e) => [`${e.file}: ${e.name}`, e]));
    expect(surface.public.has(byName.get('src/domain/errors.ts: SchedulingError')!.symbol)).toBe(true);
    expect(byName.get('src/schemas/parse.ts: parseInput')!.internal).toBe(true);
  });
});
