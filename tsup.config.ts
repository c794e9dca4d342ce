import { rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Both builds below write to dist/; clear it once, before either starts.
rmSync('dist', { recursive: true, force: true });

const common: Options = {
  dts: true,
  clean: false,
  sourcemap: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  tsconfig: 'tsconfig.build.json',
};

export default defineConfig([
  // ES modules: every entry point in one build, so they share chunks (one SchedulingError class).
  {
    ...common,
    entry: {
      index: 'src/index.ts',
      sqlite: 'src/sqlite.ts',
      postgres: 'src/postgres.ts',
      testing: 'src/testing.ts',
    },
    format: ['esm'],
  },
  // CommonJS: not the conformance kit, which needs vitest, and vitest cannot be require()d.
  {
    ...common,
    entry: {
      index: 'src/index.ts',
      sqlite: 'src/sqlite.ts',
      postgres: 'src/postgres.ts',
    },
    format: ['cjs'],
  },
]);
