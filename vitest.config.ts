import { defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/slow-files-first.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: seeding the demo on embedded PGlite takes 20-60 s alone and several times that on a
    // loaded shared machine; a timeout here only ever catches a hang.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    // Seeds the demo templates the demo-reading tests copy (test/helpers/demo-template.ts), once per run at most.
    globalSetup: ['./test/global-setup.ts'],
    // PGlite instances are memory-heavy WASM; two forks match the 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
    // A fresh clone has no cached durations: start the known slow files first.
    sequence: { sequencer: SlowFilesFirst },
  },
});
