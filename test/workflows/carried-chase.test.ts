/**
 * A case that started before the case climbed its processors' ladders itself has a chase workflow for each
 * processor. When such a case continues as new on this engine, that chase goes on climbing and reporting,
 * the case does not ask the processor a second time, and an answer still stops it; a processor added after
 * that is chased by the case itself.
 */
import proto from '@temporalio/proto';
import { describe, expect, test, vi } from 'vitest';
import { amendUpdate, processorAnswerUpdate, stateQuery } from '../../contract/messages.js';
import { processorChaseId } from '../../contract/workflow-ids.js';
import type { CaseState } from '../../domain/case-state.js';
import { processorMailContext } from '../../domain/mail/processor-mail.js';
import { nextNoticeDueAt } from '../../domain/obligations.js';
import { HOUR_MS } from '../../domain/time.js';
import type { breachCase, vendorChase } from '../../workflows/index.js';
import { openCase, withCaseWorld } from '../helpers/case-toolkit.js';

const { EventType } = proto.temporal.api.enums.v1;

const CARRIED = { id: 'transcribe', name: 'Transcribe Ltd', contact: 'security@transcribe.test' };
const ADDED = { id: 'hosting', name: 'Hosting AG', contact: 'abuse@hosting.test' };

describe('a case carried over with a chase workflow of its own', () => {
  test('keeps that chase, stops it on the answer, and chases a processor added later itself', async () => {
    // With the fired-timer guard, as every case world: the time-skipping server refuses a task that cancels a
    // timer which fired while the task was out, and then stands still (test/helpers/fired-timer-guard.ts). The
    // amendment and the answer move the case's timer while the chase workflow runs beside it; in one run of the
    // whole suite, on a loaded machine, the two met and the test hung.
    await withCaseWorld(async (world) => {
      const { env, smtp, taskQueue } = world;
      // A case without processors, taken as the previous run: its state is carried with a processor added
      // whose chase was a workflow of its own, as a case opened on the earlier engine had.
      const opened = await openCase(world);
      const previous = await vi.waitFor(
        async () => {
          // Settled before it is ended: the time-skipping server skips no time while an activity of a
          // terminated workflow is still counted as running.
          const state = await opened.handle.query(stateQuery);
          expect(state.registeredAt).toBeDefined();
          expect(state.timeline.map((t) => t.event)).toContain('case-opened delivered');
          return state;
        },
        { timeout: 15_000, interval: 100 },
      );
      // Nothing of it in flight when it is ended: its last workflow task completed (the query above can answer
      // while the task that wrote the register after the notice is still out) and no activity is out.
      await vi.waitFor(
        async () => {
          const types = ((await opened.handle.fetchHistory()).events ?? []).map((e) => e.eventType);
          expect(types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBeGreaterThan(
            types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
          );
          const count = (...of: proto.temporal.api.enums.v1.EventType[]) =>
            types.filter((t) => t !== null && t !== undefined && of.includes(t)).length;
          expect(
            count(
              EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
              EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
              EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
              EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
            ),
          ).toBe(count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED));
        },
        { timeout: 15_000, interval: 100 },
      );
      await opened.handle.terminate('taken as the previous run');
      const processor = { ...CARRIED, escalation: [], noticeWindowHours: 24 };
      const carried: CaseState = {
        ...previous,
        caseFile: { ...previous.caseFile, processors: [processor] },
        processors: {
          [CARRIED.id]: {
            processorId: CARRIED.id,
            chaseStartedAt: previous.openedAt,
            steps: [],
            answers: [],
          },
        },
      };
      const workflowId = opened.handle.workflowId;
      const chase = await env.client.workflow.start<typeof vendorChase>('vendorChase', {
        taskQueue,
        workflowId: processorChaseId(workflowId, CARRIED.id),
        args: [
          {
            caseWorkflowId: workflowId,
            ladder: previous.caseFile.reminderPlan.processorLadder,
            authorityDueAt: nextNoticeDueAt(previous),
            mail: processorMailContext(previous.caseFile, previous, processor, previous.openedAt),
          },
        ],
      });
      const handle = await env.client.workflow.start<typeof breachCase>('breachCase', {
        taskQueue,
        workflowId,
        args: [{ caseId: opened.caseId, caseFile: carried.caseFile, carried }],
      });

      const vendorMails = () =>
        smtp.received.filter((m) => m.caseId === opened.caseId && m.purpose.startsWith('vendor.'));
      // The chase workflow asks, and the case records the rung it reports; the case asks nothing itself.
      await vi.waitFor(
        async () => {
          const state = await handle.query(stateQuery);
          expect(state.processors[CARRIED.id]?.steps.map((s) => s.step)).toEqual(['request']);
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(vendorMails().map((m) => m.purpose)).toEqual([`vendor.${CARRIED.id}.request`]);

      // A processor added now is chased by the case itself.
      await handle.executeUpdate(amendUpdate, {
        args: [
          { facts: { processors: [processor, ADDED] }, reason: 'The host ran the export', actor: 'Dana' },
        ],
      });
      await smtp.waitFor(() => vendorMails().some((m) => m.purpose === `vendor.${ADDED.id}.request`));
      const amended = await handle.query(stateQuery);
      expect(amended.processors[ADDED.id]?.chasedFrom).toBeDefined();
      expect(amended.processors[CARRIED.id]?.chasedFrom).toBeUndefined();
      await expect(
        env.client.workflow.getHandle(processorChaseId(workflowId, ADDED.id)).describe(),
      ).rejects.toThrow();

      // The answer stops the carried chase workflow: nothing more from it, even past its reminder.
      await handle.executeUpdate(processorAnswerUpdate, {
        args: [{ processorId: CARRIED.id, summary: 'Export job misrouted', actor: 'Dana' }],
      });
      expect(await chase.result()).toMatchObject({ processorId: CARRIED.id, stoppedBy: 'answered' });
      await env.sleep(30 * HOUR_MS);
      await smtp.waitFor(() => vendorMails().some((m) => m.purpose === `vendor.${ADDED.id}.reminder`));
      expect(vendorMails().filter((m) => m.purpose.startsWith(`vendor.${CARRIED.id}.`))).toHaveLength(1);

      const history = await handle.fetchHistory();
      const signalled = (history.events ?? []).filter(
        (e) => e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      );
      expect(
        signalled.map((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName),
      ).toEqual(['stopChase']);
    });
  });
});
