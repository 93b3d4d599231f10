import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import WaitsBesideWorkSequencer from './test/waits-beside-work-sequencer.js';

// A test file spends most of its time waiting on servers, workers, mail and timers rather than computing, so
// twice as many test processes as cores keeps the cores busy (vitest's default, one fewer than the cores, runs
// the files one at a time on two cores).
const testProcesses = Math.min(8, 2 * availableParallelism());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Test files run in processes of their own, apart from the runner (Temporal's native bridge wants that).
    pool: 'forks',
    maxWorkers: testProcesses,
    minWorkers: testProcesses,
    // Each test process runs file after file without loading the SDK and the project's modules again for each
    // (a second of CPU per file, most of the suite's setup): no file changes a module's state for the next.
    // Each file still starts its own servers and workers.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/summary-reporter.ts', './test/durations-reporter.ts'],
    // The longest files first, and files that mostly wait on real time between files that compute (its comment
    // says why).
    sequence: { sequencer: WaitsBesideWorkSequencer },
  },
});
