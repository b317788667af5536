import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are memory-heavy WASM; two forks match the 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
