/**
 * A case that wakes waits for the worker holding it in memory (the sticky queue) for BREACH_CLOCK_STICKY_TIMEOUT
 * before any worker may take it. The engine raised it from the SDK's 10 s: under a burst of new cases a busy
 * worker's escalations otherwise moved to the shared queue, behind every new case's first task (README,
 * Performance). The price is paid by a case whose worker dies in the 10 s before the server notices it is gone:
 * its next task waits that long, then another worker takes it. This test kills a worker holding a case, signals
 * the case at once, and watches the other worker take it once the configured timeout has passed.
 */
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { processorAnswerSignal, stateQuery } from '../../contract/messages.js';
import { caseWorkflowId } from '../../contract/workflow-ids.js';
import {
  engineOnServer,
  enginesStoppedAfterEach,
  isRunningLine,
  stopEngine,
} from '../helpers/engine-process.js';
import { breachInProcess } from '../helpers/run-cli.js';
import { sampleCaseInput } from '../helpers/case-files.js';
import { startDevServer } from '../helpers/servers.js';
import { stringify } from 'yaml';

const { EventType, TimeoutType, TaskQueueKind } = proto.temporal.api.enums.v1;
const start = enginesStoppedAfterEach();

const PROCESSOR = 'transcribe';
const STICKY_TIMEOUT_S = 3;
/** The SDK's own, which the engine's setting replaces. */
const SDK_DEFAULT_S = 10;

const ms = (ts: proto.google.protobuf.ITimestamp | null | undefined) =>
  Number(String(ts?.seconds ?? 0)) * 1000 + (ts?.nanos ?? 0) / 1e6;

describe('a case held by a worker that has just died', () => {
  it('is taken by another worker once BREACH_CLOCK_STICKY_TIMEOUT has passed', async () => {
    const server = await startDevServer();
    try {
      const env = {
        ...(await engineOnServer(server.address, 'sticky-timeout')),
        BREACH_CLOCK_STICKY_TIMEOUT: `${STICKY_TIMEOUT_S}s`,
      };
      const holder = start(env);
      await holder.waitForLog(isRunningLine);

      const caseId = 'BR-STICKY-1';
      const opened = await breachInProcess(['open', '-'], {
        env,
        input: stringify(
          sampleCaseInput({
            caseId,
            detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
            processors: [
              {
                id: PROCESSOR,
                name: 'Transcribe Ltd',
                contact: 'security@transcribe.test',
                noticeWindowHours: 24,
              },
            ],
          }),
        ),
      });
      expect(opened.stderr).toBe('');
      expect(opened.code).toBe(0);
      const handle = server.client.workflow.getHandle(caseWorkflowId(caseId));
      // Everything the opening started has run on the holder, which now holds the case.
      await expect
        .poll(async () => (await handle.describe()).raw.pendingActivities?.length ?? 0, { timeout: 30_000 })
        .toBe(0);

      const other = start(env);
      await other.waitForLog(isRunningLine);
      // Killed, not stopped: a stopped process's open poll would still take the task.
      holder.child.kill('SIGKILL');
      await holder.exited;
      const signalledAt = Date.now();
      await handle.signal(processorAnswerSignal, {
        processorId: PROCESSOR,
        summary: 'Export job misrouted; fixed the same day.',
        actor: 'Dana Example',
      });
      await expect
        .poll(async () => (await handle.query(stateQuery)).processors[PROCESSOR]?.answers.length ?? 0, {
          timeout: 30_000,
          interval: 500,
        })
        .toBe(1);
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(STICKY_TIMEOUT_S * 1000 - 500);

      const events = (await handle.fetchHistory()).events ?? [];
      const signalled = events.findIndex(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      );
      const timedOut = events.find(
        (e, i) =>
          i > signalled &&
          e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT &&
          e.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
      );
      expect(timedOut, 'the task waited for the killed holder, then timed out').toBeDefined();
      const scheduled = events.find(
        (e) => String(e.eventId) === String(timedOut!.workflowTaskTimedOutEventAttributes!.scheduledEventId),
      )!;
      expect(scheduled.workflowTaskScheduledEventAttributes?.taskQueue?.kind).toBe(
        TaskQueueKind.TASK_QUEUE_KIND_STICKY,
      );
      const waited = ms(timedOut!.eventTime) - ms(scheduled.eventTime);
      expect(waited).toBeGreaterThanOrEqual(STICKY_TIMEOUT_S * 1000 - 500);
      expect(waited).toBeLessThan(SDK_DEFAULT_S * 1000 - 1000);
      // The next task went to the shared queue, and the other worker took it.
      const taken = events.find(
        (e, i) => i > events.indexOf(timedOut!) && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      );
      expect(taken?.workflowTaskStartedEventAttributes?.identity).toMatch(new RegExp(`^${other.child.pid}@`));
      // Before the server goes: a worker without its server takes its grace period to stop.
      await stopEngine(other);
    } finally {
      await server.teardown();
    }
  });
});
