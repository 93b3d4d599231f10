import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, RunnerTestFile } from 'vitest/node';
import { recordDurations, recordedDurations } from './file-durations.js';

/**
 * With BREACH_CLOCK_TEST_RECORD_DURATIONS=1, records in test/durations.json the duration of each test file of a
 * run that passed: the files it ran are updated, the others keep their recorded durations, and files that no
 * longer exist are dropped. Otherwise does nothing.
 */
export default class DurationsReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    if (process.env.BREACH_CLOCK_TEST_RECORD_DURATIONS !== '1') return;
    if (errors.length || files.some((file) => file.result?.state === 'fail')) {
      process.stdout.write('test/durations.json not written: the run did not pass\n');
      return;
    }
    const seconds = Object.fromEntries(
      Object.entries(recordedDurations()).filter(([path]) => existsSync(path)),
    );
    for (const file of files) {
      seconds[relative(process.cwd(), file.filepath)] = Math.round((file.result?.duration ?? 0) / 100) / 10;
    }
    recordDurations(seconds);
    process.stdout.write(`test/durations.json: ${files.length} test files recorded\n`);
  }
}
