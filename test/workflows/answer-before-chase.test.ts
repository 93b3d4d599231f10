/**
 * A processor's answer that comes before its chase has started. A new case first has the register take its case
 * ID, and only then starts its processors' chases; the DPO's update (or an integration's signal) can land while
 * that register write is still out. The processor has answered, so it must never be chased: no request, no
 * reminder, no escalation. The register is unreachable here until the answer is in.
 *
 * @waits activity retries against an unreachable register (test/waits-beside-work-sequencer.ts)
 */
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { describe, expect, test, vi } from 'vitest';
import {
  processorAnswerSignal,
  processorAnswerUpdate,
  stateQuery,
  statusQuery,
} from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import type { breachCase } from '../../workflows/index.js';
import { openCase, withCaseWorld, type CaseWorld } from '../helpers/case-toolkit.js';
import { holdRegisterClaim } from '../helpers/activities.js';

const { EventType } = proto.temporal.api.enums.v1;

const ANSWERED = 'transcribe';
const SILENT = 'hosting';

const processors = [
  { id: ANSWERED, name: 'Transcribe Ltd', contact: 'security@transcribe.test', noticeWindowHours: 24 },
  { id: SILENT, name: 'Hosting AG', contact: 'abuse@hosting.test', noticeWindowHours: 24 },
];

const answer = { processorId: ANSWERED, summary: 'Export job misrouted; fixed the same day.', actor: 'Dana' };

type CaseHandle = WorkflowHandle<typeof breachCase>;

/**
 * Opens a case whose register claim (the first register write) waits until `answerIt` has delivered the
 * processor's answer, then lets the claim and with it the chases go ahead.
 */
async function answerWhileTheClaimIsOut(
  answerIt: (handle: CaseHandle) => Promise<void>,
  check: (world: CaseWorld, handle: CaseHandle, caseId: string) => Promise<void>,
): Promise<void> {
  const hold = holdRegisterClaim();
  await withCaseWorld(
    async (world) => {
      const { handle, caseId } = await openCase(world, { facts: { processors } });
      try {
        await hold.claimed;
        await answerIt(handle);
        expect((await handle.query(stateQuery)).registeredAt).toBeUndefined();
      } finally {
        hold.release();
      }
      await check(world, handle, caseId);
    },
    { activities: hold.activities },
  );
}

/** The answered processor is never chased, while the silent one is; the case says who answered. */
async function expectOnlyTheSilentOneChased(world: CaseWorld, handle: CaseHandle, caseId: string) {
  const { env, smtp } = world;
  const vendorMails = (processor: string) =>
    smtp.received
      .filter((m) => m.caseId === caseId && m.purpose.startsWith(`vendor.${processor}.`))
      .map((m) => m.purpose);
  await smtp.waitFor(() => vendorMails(SILENT).length === 1);
  // Past the answered processor's window: a chase would have sent its request and its reminder by now.
  await env.sleep(30 * HOUR_MS);
  await smtp.waitFor(() => vendorMails(SILENT).length === 2);
  expect(vendorMails(SILENT)).toEqual([`vendor.${SILENT}.request`, `vendor.${SILENT}.reminder`]);
  expect(vendorMails(ANSWERED)).toEqual([]);

  const state = await handle.query(stateQuery);
  expect(state.registeredAt).toBeDefined();
  expect(state.processors[ANSWERED]?.chaseStartedAt).toBeUndefined();
  expect(state.processors[ANSWERED]?.ladderStoppedAt).toBeDefined();
  expect(state.processors[ANSWERED]?.steps).toEqual([]);
  expect(state.processors[SILENT]?.chaseStartedAt).toBeDefined();
  expect(state.processors[SILENT]?.chasedFrom).toBe(state.openedAt);

  const status = await handle.query(statusQuery, await world.now());
  const answered = status.processors.find((p) => p.processorId === ANSWERED);
  expect(answered?.answeredAt).toBeDefined();
  expect(answered?.requestedAt).toBeUndefined();
  expect(answered?.answer?.summary).toBe(answer.summary);
  const events = status.timeline.map((t) => `${t.event}: ${t.detail ?? ''}`);
  expect(events).toContain(`processor answered: processor ${ANSWERED}`);
  expect(events.filter((e) => e.includes(`processor ${ANSWERED}`))).toEqual([
    `processor answered: processor ${ANSWERED}`,
  ]);

  // A new case climbs its processors' ladders itself: one marker stands for every change, and no chase
  // workflow is started or signalled.
  const history = await handle.fetchHistory();
  const patches = (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { id: string }).id] : [];
  });
  expect(patches).toEqual(['case-patches-2026-12-02b']);
  const types = (history.events ?? []).map((event) => event.eventType);
  expect(types).not.toContain(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
  expect(types).not.toContain(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
}

describe('a processor that answers before its chase starts', () => {
  test('is not chased when the DPO records the answer while the register is unreachable at opening', async () => {
    await answerWhileTheClaimIsOut(async (handle) => {
      const status = await handle.executeUpdate(processorAnswerUpdate, { args: [answer] });
      expect(status.processors.find((p) => p.processorId === ANSWERED)?.answeredAt).toBeDefined();
    }, expectOnlyTheSilentOneChased);
  });

  test('is not chased when an integration signals the answer while the register is unreachable at opening', async () => {
    await answerWhileTheClaimIsOut(async (handle) => {
      await handle.signal(processorAnswerSignal, answer);
      // A signal is not answered: the case's state says when it has been taken.
      await vi.waitFor(
        async () => {
          const chase = (await handle.query(stateQuery)).processors[ANSWERED];
          expect(chase?.answers).toHaveLength(1);
          expect(chase?.ladderStoppedAt).toBeDefined();
        },
        { timeout: 15_000, interval: 100 },
      );
    }, expectOnlyTheSilentOneChased);
  });

  test('is asked once, and no more, when the answer comes during a quick claim', async () => {
    // The claim succeeds within the case's opening workflow task, so the answer is taken after it: the
    // requests of that task are on their way by then, and the answer ends the answered processor's ladder
    // at its request (the price of a claim that costs no task of its own; see case-runtime.ts).
    const slow = holdRegisterClaim('slow');
    await withCaseWorld(
      async (world) => {
        const { env, smtp } = world;
        const { handle, caseId } = await openCase(world, { facts: { processors } });
        await slow.claimed;
        await handle.signal(processorAnswerSignal, answer);
        slow.release();
        const vendorMails = (processor: string) =>
          smtp.received
            .filter((m) => m.caseId === caseId && m.purpose.startsWith(`vendor.${processor}.`))
            .map((m) => m.purpose);
        await smtp.waitFor(() => vendorMails(SILENT).length === 1 && vendorMails(ANSWERED).length === 1);
        await env.sleep(30 * HOUR_MS);
        await smtp.waitFor(() => vendorMails(SILENT).length === 2);
        expect(vendorMails(ANSWERED)).toEqual([`vendor.${ANSWERED}.request`]);
        const state = await handle.query(stateQuery);
        expect(state.processors[ANSWERED]?.answers).toHaveLength(1);
        expect(state.processors[ANSWERED]?.ladderStoppedAt).toBeDefined();
        expect(state.processors[ANSWERED]?.steps.map((s) => s.step)).toEqual(['request']);
      },
      { activities: slow.activities },
    );
  });
});
