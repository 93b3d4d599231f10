/**
 * When a subject's workers are done with what they were given: idle, with no task backlogged on their queue.
 * Idle alone is not enough on a loaded machine, where a starved worker looks idle while tasks wait.
 */
import proto from '@temporalio/proto';
import { waitIdle } from './proc.js';
import type { Subject } from './subjects.js';

const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/** The workers must stay this long below 5% of a core, with nothing backlogged, to count as settled. */
export const IDLE_WINDOW_MS = 3_000;

async function backlog(subject: Subject): Promise<number> {
  let total = 0;
  for (const taskQueueType of [
    TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  ]) {
    const described = await subject.client.workflowService.describeTaskQueue({
      namespace: subject.client.options.namespace,
      taskQueue: { name: subject.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
      reportStats: true,
    });
    total += Number(String(described.stats?.approximateBacklogCount ?? 0));
  }
  return total;
}

/** Waits until the subject's workers are idle with nothing backlogged; false when `timeoutMs` passes first. */
export async function settle(subject: Subject, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const idle = await waitIdle(subject.pids(), {
      check: () => subject.assertRunning(),
      windowMs: IDLE_WINDOW_MS,
      timeoutMs: Math.max(0, deadline - Date.now()),
    });
    if (!idle) return false;
    if ((await backlog(subject)) === 0) return true;
    if (Date.now() > deadline) return false;
  }
}
