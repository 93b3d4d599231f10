import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest/node';

function* testsOf(task: RunnerTask): Generator<RunnerTask> {
  if (task.type === 'test') yield task;
  if ('tasks' in task) for (const child of task.tasks) yield* testsOf(child);
}

/**
 * Ends the run with one plain line, "vitest: N passed, N failed, N skipped", that CI and scripts can read. A file
 * that fails before its tests run (a hook, an import) counts as a failure, never as skipped work.
 */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const file of files) {
      let fileFailures = 0;
      for (const test of testsOf(file)) {
        const state = test.result?.state;
        if (state === 'pass') passed += 1;
        else if (state === 'fail') fileFailures += 1;
        else skipped += 1;
      }
      if (fileFailures === 0 && file.result?.state === 'fail') fileFailures = 1;
      failed += fileFailures;
    }
    failed += errors.length;
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
