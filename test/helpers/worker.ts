import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { workflowsPath } from '../../worker/workflows-path.js';

let bundle: Promise<WorkflowBundle> | undefined;

/** One workflow bundle per test file: webpack is the slow part of a worker's start. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export async function createTestWorker(
  env: TestWorkflowEnvironment,
  options: { taskQueue: string; activities?: object },
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    ...(options.activities ? { activities: options.activities } : {}),
  });
}
