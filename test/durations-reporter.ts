import { relative } from 'node:path';
import type { Reporter, RunnerTestFile } from 'vitest/node';
import { recordDurations } from './file-durations.js';

/**
 * With BREACH_CLOCK_TEST_RECORD_DURATIONS=1, writes each test file's duration to test/durations.json at the end
 * of a run of the whole suite that passed; otherwise does nothing.
 */
export default class DurationsReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    if (process.env.BREACH_CLOCK_TEST_RECORD_DURATIONS !== '1') return;
    if (errors.length || files.some((file) => file.result?.state === 'fail')) {
      process.stdout.write('test/durations.json not written: the run did not pass\n');
      return;
    }
    const seconds: Record<string, number> = {};
    for (const file of files) {
      seconds[relative(process.cwd(), file.filepath)] = Math.round((file.result?.duration ?? 0) / 100) / 10;
    }
    recordDurations(seconds);
    process.stdout.write(`test/durations.json: ${files.length} files\n`);
  }
}
