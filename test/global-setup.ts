/**
 * The test run's temporary folder. Every test process, and every process a test starts (engines, servers, the
 * CLI), makes its temporary files under one folder of this run, removed when the run ends: before, each run left
 * a few hundred folders of registers, outboxes and engines' data in the system's temporary folder. The workflow
 * bundles the tests build are kept between runs, in the system's temporary folder (helpers/worker.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const systemTemp = tmpdir();
  const runTemp = await mkdtemp(join(systemTemp, 'breach-clock-tests-'));
  process.env.BREACH_CLOCK_TEST_SYSTEM_TMPDIR = systemTemp;
  process.env.TMPDIR = runTemp;
  return async () => {
    await rm(runTemp, { recursive: true, force: true });
  };
}
