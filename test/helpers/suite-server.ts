/**
 * A server for the tests of the enclosing `describe`, apart from servers.ts because it needs vitest's hooks and
 * servers.ts must load without vitest (test/chaos-run.ts).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';

/** Started before the tests of the enclosing `describe`, torn down after them. Returns its environment, to
 * read inside a test. */
export function serverForSuite(start: () => Promise<TestWorkflowEnvironment>): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await start();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error("the suite's server did not start");
    return env;
  };
}
