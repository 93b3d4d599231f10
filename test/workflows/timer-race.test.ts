/**
 * A workflow task that cancels a timer which fired on the server while the task was with the worker: the
 * sequence that stood a chaos run still ("invalid history builder state for action"). The case workflow makes
 * it whenever something wakes it just before its next instant (its condition holds, its timer is cancelled),
 * and on a busy machine a task can take longer than the little time left.
 *
 * A real server (the dev server) takes the completion: it drops the buffered TimerFired and records
 * TimerCanceled. The time-skipping server refuses it and never sends the task again: the workflow stands still
 * (temporalio/sdk-java#2606, #3088). The chaos run therefore bundles test/helpers/fired-timer-guard.ts, which
 * leaves such a timer to fire instead of cancelling it; with it the same sequence completes on that server.
 *
 * The timer runs on real time: the time-skipping server skips only when nothing is in flight, and here the
 * signal's task is. If the time-skipping server learns to take the completion, the second test fails: the
 * guard (and the README's note on it) can then go.
 *
 * @waits a workflow task held for seconds of real time (test/waits-beside-work-sequencer.ts)
 */
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDataConverter } from '../helpers/payload-keys.js';
import { startDevServer, startTimeSkippingServer } from '../helpers/servers.js';
import { serverForSuite } from '../helpers/suite-server.js';
import { wakeSignal, type wokenJustBeforeItsTimer } from '../helpers/timer-race-workflow.js';
import { workflowBundle } from '../helpers/worker.js';

const { EventType } = proto.temporal.api.enums.v1;
const RACE_WORKFLOW = fileURLToPath(new URL('../helpers/timer-race-workflow.ts', import.meta.url));
const GUARD = fileURLToPath(new URL('../helpers/fired-timer-guard.ts', import.meta.url));
/** The timer, on the server's real-time clock; the signal comes well before it is due. */
const TIMER_MS = 1_500;
/** How long the signal's task stays with the worker: past the timer's instant, under the 5 s deadlock limit. */
const HOLD_MS = 3_000;
/** How long after the hold a completed run must have completed. */
const SETTLE_MS = 6_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Race {
  result?: string;
  events: string[];
  /** The signal reached the workflow before its timer was due, so the race was run as meant. */
  signalledInTime: boolean;
}

function eventNames(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): string[] {
  return (history.events ?? []).map((e) =>
    (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace('EVENT_TYPE_', ''),
  );
}

/** Starts the workflow, wakes it with a slow task just before its timer, and reports what became of it. */
async function race(env: TestWorkflowEnvironment, guarded: boolean): Promise<Race> {
  const taskQueue = `timer-race-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle({
      workflowsPath: RACE_WORKFLOW,
      ...(guarded ? { interceptorModules: [GUARD] } : {}),
    }),
    dataConverter: testDataConverter,
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof wokenJustBeforeItsTimer>(
      'wokenJustBeforeItsTimer',
      {
        taskQueue,
        workflowId: `timer-race-${randomUUID()}`,
        args: [TIMER_MS],
      },
    );
    let events: string[] = [];
    for (const started = Date.now(); !events.includes('TIMER_STARTED'); await pause(20)) {
      if (Date.now() - started > 10_000)
        throw new Error(`the workflow never set its timer: ${events.join(', ')}`);
      events = eventNames(await handle.fetchHistory());
    }
    await handle.signal(wakeSignal, HOLD_MS);
    // Polled rather than awaited: on the time-skipping server, waiting for a result would let time skip.
    const deadline = Date.now() + HOLD_MS + SETTLE_MS;
    let history = await handle.fetchHistory();
    while (!eventNames(history).includes('WORKFLOW_EXECUTION_COMPLETED') && Date.now() < deadline) {
      await pause(100);
      history = await handle.fetchHistory();
    }
    const byType = (type: string) =>
      (history.events ?? []).find(
        (e) => e.eventType === EventType[`EVENT_TYPE_${type}` as keyof typeof EventType],
      );
    const at = (type: string) => {
      const time = byType(type)?.eventTime;
      return time ? Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : Number.NaN;
    };
    const completed = byType('WORKFLOW_EXECUTION_COMPLETED')?.workflowExecutionCompletedEventAttributes;
    return {
      ...(completed ? { result: await handle.result() } : {}),
      events: eventNames(history),
      signalledInTime: at('WORKFLOW_EXECUTION_SIGNALED') < at('TIMER_STARTED') + TIMER_MS,
    };
  });
}

describe('a task cancels a timer that fired while the task was with the worker', () => {
  describe('on the dev server', () => {
    const env = serverForSuite(startDevServer);

    it('the server takes the cancellation: the buffered firing is dropped and the workflow completes', async () => {
      const run = await race(env(), false);
      expect(run.signalledInTime).toBe(true);
      expect(run.result).toBe('woken');
      expect(run.events).toContain('TIMER_CANCELED');
      // Only the second timer fired: the first one's firing was dropped for the cancellation.
      expect(run.events.filter((e) => e === 'TIMER_FIRED')).toHaveLength(1);
      expect(run.events).not.toContain('WORKFLOW_TASK_FAILED');
    });
  });

  describe('on the time-skipping server', () => {
    const env = serverForSuite(startTimeSkippingServer);

    it('the server refuses the completion and the workflow stands still (its limitation)', async () => {
      const run = await race(env(), false);
      expect(run.signalledInTime).toBe(true);
      expect(run.result).toBeUndefined();
      // The signal's task was handed out and never came back: no completion, no timeout, no new task.
      expect(run.events.at(-1)).toBe('WORKFLOW_TASK_STARTED');
      expect(run.events).not.toContain('TIMER_CANCELED');
    });

    it('with the fired-timer guard the timer is left to fire, and the workflow completes', async () => {
      const run = await race(env(), true);
      expect(run.signalledInTime).toBe(true);
      expect(run.result).toBe('woken');
      expect(run.events).not.toContain('TIMER_CANCELED');
      // Both timers fired; the first one's firing came after the workflow had stopped waiting for it.
      expect(run.events.filter((e) => e === 'TIMER_FIRED')).toHaveLength(2);
      expect(run.events).not.toContain('WORKFLOW_TASK_FAILED');
    });
  });
});
