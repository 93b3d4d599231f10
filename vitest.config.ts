import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A test file spends most of its time waiting on servers, workers, mail and timers rather than computing, so
// twice as many test processes as cores keeps the cores busy (vitest's default, one fewer than the cores, runs
// the files one at a time on two cores).
const testProcesses = Math.min(8, 2 * availableParallelism());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Temporal's native bridge is happiest in its own process, one per test file.
    pool: 'forks',
    maxWorkers: testProcesses,
    minWorkers: testProcesses,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
