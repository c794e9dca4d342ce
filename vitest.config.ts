import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^clinic-slots$/, replacement: src('index.ts') },
      { find: /^clinic-slots\/sqlite$/, replacement: src('sqlite.ts') },
      { find: /^clinic-slots\/postgres$/, replacement: src('postgres.ts') },
      { find: /^clinic-slots\/testing$/, replacement: src('testing.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
