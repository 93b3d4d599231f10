/**
 * A processor's ladder climbed by the case itself, where it differs from a ladder of steps one after another:
 * the internal escalation due with the request goes out with it, a request the mail server refuses is recorded
 * as not delivered and never tried again (the steps to the processor after it are recorded as skipped, the
 * DPO's internal escalation still comes), a reminder never overtakes a request a mail outage holds back, and a
 * copy SMTP could not rule out is recorded with the step.
 */
import proto from '@temporalio/proto';
import { describe, expect, test, vi } from 'vitest';
import { amendUpdate, stateQuery, statusQuery } from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import type { CaseState } from '../../domain/case-state.js';
import {
  mailActivities,
  openCase,
  registerCaughtUp,
  withCaseWorld,
  type CaseWorld,
  type OpenedCase,
} from '../helpers/case-toolkit.js';
import { QUICK_SMTP_TIMEOUTS, refusedOnce } from '../helpers/smtp.js';

const { EventType } = proto.temporal.api.enums.v1;

const PROCESSOR = { id: 'transcribe', name: 'Transcribe Ltd', contact: 'security@transcribe.test' };
const purpose = (step: string) => `vendor.${PROCESSOR.id}.${step}`;
/** The mail server refuses the processor's request, once. */
const refusedRequest = () => refusedOnce(purpose('request'));

/** The case's state once it has recorded `count` steps of the processor's ladder. */
function stepsRecorded(opened: OpenedCase, count: number): Promise<CaseState> {
  return vi.waitFor(
    async () => {
      const state = await opened.handle.query(stateQuery);
      expect(state.processors[PROCESSOR.id]?.steps).toHaveLength(count);
      return state;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** The case's state once a request has reached the processor. */
function requestDelivered(opened: OpenedCase): Promise<CaseState> {
  return vi.waitFor(
    async () => {
      const state = await opened.handle.query(stateQuery);
      expect(state.processors[PROCESSOR.id]?.requestedAt).toBeDefined();
      return state;
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** The processor's messages of the round asked again (the second), received so far. */
function askedAgain(world: CaseWorld, opened: OpenedCase, step: string) {
  return world.smtp.received.filter((m) => m.caseId === opened.caseId && m.purpose === `${purpose(step)}.2`);
}

describe("a processor's ladder climbed by the case", () => {
  test('sends the internal escalation due with the request together with it, in one activity', async () => {
    await withCaseWorld(async (world) => {
      // Aware 66 h ago: the internal escalation (no later than 12 h before the 72 h) is due with the request.
      const opened = await openCase(world, { awareHoursAgo: 66, facts: { processors: [PROCESSOR] } });
      const vendorMails = () =>
        world.smtp.received.filter((m) => m.caseId === opened.caseId && m.purpose.startsWith('vendor.'));
      await world.smtp.waitFor(() => vendorMails().length === 2);
      expect(
        vendorMails()
          .map((m) => m.purpose)
          .sort(),
      ).toEqual([purpose('internal-escalation'), purpose('request')].sort());
      const state = await stepsRecorded(opened, 2);
      expect(state.processors[PROCESSOR.id]?.steps.every((s) => s.skipped === undefined)).toBe(true);

      // Every mail of the opening went in one activity, scheduled by one workflow task: no step waited for the
      // one before it. The batch holds the case-opened notice, the authority reminder due at opening and both
      // steps.
      expect(await mailActivities(opened.handle)).toEqual(['sendMails']);
      const events = (await opened.handle.fetchHistory()).events ?? [];
      expect(events.map((e) => e.eventType)).not.toContain(
        EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      );
      await registerCaughtUp(world, opened);
    });
  });

  test('records a request the mail server refuses, tries it once, asks no more of that address, and still tells the DPO', async () => {
    await withCaseWorld(async (world) => {
      world.smtp.faults.refuse = refusedRequest();
      const opened = await openCase(world, { facts: { processors: [PROCESSOR] } });
      const refused = await stepsRecorded(opened, 1);
      const reason = 'SMTP server refused the message (550)';
      expect(refused.processors[PROCESSOR.id]?.steps[0]).toMatchObject({
        step: 'request',
        undelivered: reason,
      });
      expect(refused.processors[PROCESSOR.id]?.requestedAt).toBeUndefined();
      const status = await opened.handle.query(statusQuery, await world.now());
      expect(status.timeline.map((t) => `${t.event}: ${t.detail ?? ''}`)).toContain(
        `processor request could not be delivered: processor ${PROCESSOR.id}: ${reason}`,
      );

      // Past the window's end, the vendor escalation's instant and the internal escalation's (no later than
      // 12 h before the 72 h): the first two are recorded as skipped, saying why, and neither is mailed (they
      // would go to the same address, or say the processor was asked).
      await world.env.sleep(61 * HOUR_MS);
      const skipped = await vi.waitFor(
        async () => {
          const state = await opened.handle.query(stateQuery);
          expect(state.processors[PROCESSOR.id]?.steps.map((s) => s.step)).toEqual(
            expect.arrayContaining(['reminder', 'vendor-escalation']),
          );
          return state.processors[PROCESSOR.id]!.steps.filter((s) => s.step !== 'request');
        },
        { timeout: 15_000, interval: 100 },
      );
      for (const step of skipped.filter((s) => s.step !== 'internal-escalation')) {
        expect(step.skipped).toMatch(/^the request could not be delivered/);
      }
      // The DPO still hears of the silent processor.
      await world.smtp.waitFor((mails) =>
        mails.some((m) => m.caseId === opened.caseId && m.purpose === purpose('internal-escalation')),
      );
      // Every message the server read to its end, refused or kept: the request once.
      const transfers = (step: string) =>
        world.smtp.transfers.filter((id) => id.includes(`${opened.caseId}.${purpose(step)}.`)).length;
      expect(transfers('request')).toBe(1);
      expect(
        world.smtp.received.filter((m) => m.caseId === opened.caseId).map((m) => m.purpose),
      ).not.toContain(purpose('request'));
      expect(transfers('internal-escalation')).toBe(1);
      await registerCaughtUp(world, opened);
    });
  });

  test('asks again at the contact an amendment corrects after a refused request, and climbs the ladder from there', async () => {
    await withCaseWorld(async (world) => {
      world.smtp.faults.refuse = refusedRequest();
      const hosting = { id: 'hosting', name: 'Hosting AG', contact: 'sec@hosting.test' };
      const opened = await openCase(world, { facts: { processors: [PROCESSOR, hosting] } });
      await vi.waitFor(
        async () => {
          const state = await opened.handle.query(stateQuery);
          expect(state.processors[PROCESSOR.id]?.steps[0]?.undelivered).toBeDefined();
          expect(state.processors[hosting.id]?.requestedAt).toBeDefined();
        },
        { timeout: 15_000, interval: 100 },
      );
      await world.env.sleep(HOUR_MS);

      // Both contacts corrected: the refused processor is asked again, the one that got its request is not.
      const corrected = 'incidents@transcribe.test';
      await opened.handle.executeUpdate(amendUpdate, {
        args: [
          {
            facts: {
              processors: [
                { ...PROCESSOR, contact: corrected },
                { ...hosting, contact: 'incidents@hosting.test' },
              ],
            },
            reason: 'The contract register had old addresses',
            actor: 'Dana',
          },
        ],
      });
      const sent = (step: string) => askedAgain(world, opened, step);
      await world.smtp.waitFor(() => sent('request').length === 1);
      expect(sent('request')[0]!.to).toEqual([corrected]);
      const state = await requestDelivered(opened);
      const chase = state.processors[PROCESSOR.id]!;
      expect(chase.askedAgainAt).toHaveLength(1);
      expect(chase.chasedFrom).toBe(chase.askedAgainAt![0]);
      expect(
        chase.steps.map(({ step, round, undelivered }) => ({ step, round, refused: !!undelivered })),
      ).toEqual([
        { step: 'request', round: undefined, refused: true },
        { step: 'request', round: 1, refused: false },
      ]);
      const status = await opened.handle.query(statusQuery, await world.now());
      expect(status.timeline.map((t) => t.event)).toContain('processor asked again');

      // The window runs from the request that arrived: its reminder goes to the corrected contact at its end,
      // where the refused round would have skipped it.
      await world.env.sleep(25 * HOUR_MS);
      await world.smtp.waitFor(() => sent('reminder').length === 1);
      expect(sent('reminder')[0]!.to).toEqual([corrected]);
      expect(
        world.smtp.received.filter(
          (m) => m.caseId === opened.caseId && m.purpose.startsWith('vendor.hosting.request'),
        ),
      ).toHaveLength(1);
      await registerCaughtUp(world, opened);
    });
  });

  test('asks again at once when the contact was corrected while an outage held the refused request back', async () => {
    await withCaseWorld(async (world) => {
      await world.smtp.down();
      const opened = await openCase(world, { facts: { processors: [PROCESSOR] } });
      await world.env.sleep(HOUR_MS);
      const corrected = 'incidents@transcribe.test';
      await opened.handle.executeUpdate(amendUpdate, {
        args: [
          {
            facts: { processors: [{ ...PROCESSOR, contact: corrected }] },
            reason: 'The contract register had an old address',
            actor: 'Dana',
          },
        ],
      });
      // Nothing was refused yet: the request to the old address is still on its way.
      const before = await opened.handle.query(stateQuery);
      expect(before.processors[PROCESSOR.id]?.steps).toEqual([]);
      world.smtp.faults.refuse = refusedRequest();
      await world.smtp.up();
      await world.env.sleep(HOUR_MS);
      const again = () => askedAgain(world, opened, 'request');
      await world.smtp.waitFor(() => again().length === 1);
      expect(again()[0]!.to).toEqual([corrected]);
      const state = await requestDelivered(opened);
      expect(state.processors[PROCESSOR.id]?.steps.map((s) => [s.step, s.round, !!s.undelivered])).toEqual([
        ['request', undefined, true],
        ['request', 1, false],
      ]);
      await registerCaughtUp(world, opened);
    });
  });

  test('records the one extra copy an acknowledgement lost after the server kept a step costs', async () => {
    await withCaseWorld(
      async (world) => {
        world.smtp.faults.dropAck = { times: 1, purpose: purpose('request') };
        const opened = await openCase(world, { facts: { processors: [PROCESSOR] } });
        const requests = () =>
          world.smtp.received.filter((m) => m.caseId === opened.caseId && m.purpose === purpose('request'));
        await world.smtp.waitFor(() => requests().length === 2, 60_000);
        expect(new Set(requests().map((m) => m.messageId)).size).toBe(1);
        await vi.waitFor(
          async () => {
            const status = await opened.handle.query(statusQuery, await world.now());
            const sent = status.timeline.find((t) => t.event === 'processor request sent');
            expect(sent?.detail).toMatch(/1 earlier attempt\(s\) got no acknowledgement/);
          },
          { timeout: 15_000, interval: 100 },
        );
        await registerCaughtUp(world, opened);
      },
      { smtpTimeouts: QUICK_SMTP_TIMEOUTS },
    );
  });

  test('never lets a reminder overtake a request that a mail outage holds back', async () => {
    await withCaseWorld(
      async (world) => {
        const { env, smtp } = world;
        await smtp.down();
        const opened = await openCase(world, { facts: { processors: [PROCESSOR] } });
        // Past the window's end while the request still waits for the mail server: no reminder is queued.
        await env.sleep(26 * HOUR_MS);
        const waiting = await opened.handle.query(stateQuery);
        expect(waiting.processors[PROCESSOR.id]?.steps).toEqual([]);
        expect(waiting.timeline.map((t) => t.event)).not.toContain('processor reminder sent');

        await smtp.up();
        await env.sleep(HOUR_MS);
        await smtp.waitFor(
          (mails) => mails.some((m) => m.caseId === opened.caseId && m.purpose === purpose('reminder')),
          60_000,
        );
        const order = smtp.received
          .filter((m) => m.caseId === opened.caseId && m.purpose.startsWith('vendor.'))
          .map((m) => m.purpose);
        expect(order.slice(0, 2)).toEqual([purpose('request'), purpose('reminder')]);
        await registerCaughtUp(world, opened);
      },
      { smtpTimeouts: QUICK_SMTP_TIMEOUTS },
    );
  });
});

describe('the messages of one instant in one activity', () => {
  test('a refused message is tried once, and one the batch could not attempt is sent again, once', async () => {
    await withCaseWorld(
      async (world) => {
        // The case-opened notice and the request go together; the server refuses the first and stalls past
        // the client's timeout on the second, keeping nothing of it.
        world.smtp.faults.refuse = refusedOnce('case-opened', 'mailbox disabled');
        world.smtp.faults.stall = { ms: 2_500, times: 1, purpose: purpose('request') };
        const opened = await openCase(world, { facts: { processors: [PROCESSOR] } });
        const transfers = (of: string) =>
          world.smtp.transfers.filter((id) => id.includes(`${opened.caseId}.${of}.`)).length;
        await world.smtp.waitFor((mails) =>
          mails.some((m) => m.caseId === opened.caseId && m.purpose === purpose('request')),
        );
        const state = await stepsRecorded(opened, 1);
        expect(state.processors[PROCESSOR.id]?.steps[0]).toMatchObject({ step: 'request' });
        expect(state.processors[PROCESSOR.id]?.steps[0]?.undelivered).toBeUndefined();
        const events = state.timeline.map((t) => `${t.event}: ${t.detail ?? ''}`);
        expect(events).toContain('case-opened could not be delivered: SMTP server refused the message (550)');
        // Refused once and never again; the stalled request once more, and kept once.
        expect(transfers('case-opened')).toBe(1);
        expect(transfers(purpose('request'))).toBe(2);
        const received = world.smtp.received.filter((m) => m.caseId === opened.caseId).map((m) => m.purpose);
        expect(received.filter((p) => p === purpose('request'))).toHaveLength(1);
        expect(received).not.toContain('case-opened');

        expect((await mailActivities(opened.handle)).filter((name) => name === 'sendMails')).toHaveLength(1);
        await registerCaughtUp(world, opened);
      },
      { smtpTimeouts: QUICK_SMTP_TIMEOUTS },
    );
  });
});
