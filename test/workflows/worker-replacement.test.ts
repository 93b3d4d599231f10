/**
 * A worker replaced while its workflow waits: where does the workflow's next task go? A worker with a workflow
 * cache has the server send a cached workflow's tasks to a sticky queue of its own. A real server (the dev
 * server) hands such a task to the task queue when that worker shuts down (ShutdownWorker), or after the
 * sticky schedule-to-start timeout; the time-skipping server does neither, so the task waits for the gone
 * worker for ever, and holds the server's clock. A worker without a cache has no sticky queue: its successor
 * gets the next task at once, on either server.
 *
 * This is why the chaos run (test/helpers/chaos.ts) connects its workers through a StickyQueueHandover
 * (test/helpers/sticky-queues.ts), which has the replacement poll the gone worker's sticky queue: the last
 * test shows the task answered that way. If the time-skipping server learns to give such a task back, the
 * limitation's test fails, and the handover can go.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { testDataConverter } from '../helpers/payload-keys.js';
import { startDevServer, startTimeSkippingServer } from '../helpers/servers.js';
import { serverForSuite } from '../helpers/suite-server.js';
import { StickyQueueHandover } from '../helpers/sticky-queues.js';
import { wakeSignal, type wokenJustBeforeItsTimer } from '../helpers/timer-race-workflow.js';
import { workflowBundle } from '../helpers/worker.js';

const { EventType } = proto.temporal.api.enums.v1;
const WAITING_WORKFLOW = fileURLToPath(new URL('../helpers/timer-race-workflow.ts', import.meta.url));
/** A real server gives a sticky task back after this long at the latest, even without ShutdownWorker. */
const STICKY_TIMEOUT_MS = 1_000;
/** How long the test waits for the replacement to answer the task. */
const ANSWER_WITHIN_MS = 5_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Worker A (with or without a cache) runs the workflow's first task; A shuts down and B takes its place; a
 * signal makes a new task. Returns whether B answered it within ANSWER_WITHIN_MS, and the history's tail.
 */
async function replace(env: TestWorkflowEnvironment, cached: boolean, handover?: StickyQueueHandover) {
  const taskQueue = `replacement-${randomUUID()}`;
  const connection = handover
    ? await NativeConnection.connect({ address: handover.address })
    : env.nativeConnection;
  const worker = async (cache: boolean) =>
    Worker.create({
      connection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle({ workflowsPath: WAITING_WORKFLOW }),
      dataConverter: testDataConverter,
      stickyQueueScheduleToStartTimeout: STICKY_TIMEOUT_MS,
      ...(cache ? {} : { maxCachedWorkflows: 0 }),
    });
  const handle = await env.client.workflow.start<typeof wokenJustBeforeItsTimer>('wokenJustBeforeItsTimer', {
    taskQueue,
    workflowId: `replacement-${randomUUID()}`,
    args: [24 * 3_600_000],
  });
  const events = async () =>
    ((await handle.fetchHistory()).events ?? []).map((e) =>
      (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace('EVENT_TYPE_', ''),
    );
  const a = await worker(cached);
  await a.runUntil(async () => {
    for (const started = Date.now(); !(await events()).includes('TIMER_STARTED'); await pause(20)) {
      if (Date.now() - started > 10_000) throw new Error('the first worker never ran the first task');
    }
  });
  handover?.workerGone(a.options.identity);
  const b = await worker(true);
  return b
    .runUntil(async () => {
      await handle.signal(wakeSignal, 0);
      let tail: string[] = [];
      for (const signalled = Date.now(); Date.now() - signalled < ANSWER_WITHIN_MS; await pause(100)) {
        tail = (await events()).slice(-3);
        if (tail.includes('WORKFLOW_TASK_COMPLETED') && tail.at(-1) !== 'WORKFLOW_TASK_SCHEDULED') break;
      }
      return { answered: tail.includes('WORKFLOW_TASK_COMPLETED'), tail };
    })
    .finally(async () => {
      if (handover) await connection.close();
    });
}

describe('a replaced worker’s workflow gets its next task', () => {
  describe('on the dev server', () => {
    const env = serverForSuite(startDevServer);

    it('from the replacement, though the gone worker had it cached', async () => {
      const run = await replace(env(), true);
      expect(run.answered, run.tail.join(', ')).toBe(true);
    });
  });

  describe('on the time-skipping server', () => {
    const env = serverForSuite(startTimeSkippingServer);

    it('never, when the gone worker had it cached: the task waits on its sticky queue (the limitation)', async () => {
      const run = await replace(env(), true);
      expect(run.answered).toBe(false);
      expect(run.tail.at(-1)).toBe('WORKFLOW_TASK_SCHEDULED');
    });

    it('from the replacement, when the gone worker kept no cache', async () => {
      const run = await replace(env(), false);
      expect(run.answered, run.tail.join(', ')).toBe(true);
    });

    it('from the replacement, through the sticky-queue handover, though the gone worker had it cached', async () => {
      const handover = await StickyQueueHandover.start(env().address);
      try {
        const run = await replace(env(), true, handover);
        expect(run.answered, run.tail.join(', ')).toBe(true);
        expect(handover.redirectedPolls).toBeGreaterThan(0);
      } finally {
        await handover.stop();
      }
    });
  });
});
