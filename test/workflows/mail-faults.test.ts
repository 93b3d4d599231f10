/**
 * Mail under faults, on real servers: the time-skipping Temporal server and a real SMTP server that is down,
 * stalls past the client's timeout, or drops its acknowledgement after keeping the message. Each test checks
 * by Message-ID that every due message arrived, none twice except where SMTP cannot know (a lost
 * acknowledgement: exactly one extra copy, as the README says), and that the register agrees with the case.
 */
import { describe, expect, vi } from 'vitest';
import { stateQuery, statusQuery } from '../../contract/messages.js';
import type { CaseState } from '../../domain/case-state.js';
import { HOUR_MS } from '../../domain/time.js';
import {
  caseTest,
  mailActivities,
  openCase,
  registerCaughtUp,
  withCaseWorld,
  type CaseWorld,
} from '../helpers/case-toolkit.js';
import { QUICK_SMTP_TIMEOUTS } from '../helpers/smtp.js';

const messageId = (state: CaseState, purpose: string) =>
  `<${state.caseId}.${purpose}.${state.breachId ?? ''}@breach-clock.invalid>`;

/** The Message-IDs the SMTP server kept for the case, copies included. */
/** The reminder series' messages the server kept (the case-opened notice is no part of a series). */
function kept(world: CaseWorld, caseId: string): string[] {
  return world.smtp.received
    .filter((m) => m.caseId === caseId && m.purpose !== 'case-opened')
    .map((m) => m.messageId);
}

describe('mail under faults', () => {
  caseTest(
    'a server that is down delays each message; each arrives once when it is back',
    async ({ world }) => {
      const { env, smtp } = world;
      await smtp.down();
      const opened = await openCase(world);
      await env.sleep(25 * HOUR_MS);
      const waiting = await opened.handle.query(statusQuery, await world.now());
      expect(waiting.timeline.map((t) => t.event)).toContain('authority-reminder-24h queued');
      expect(waiting.timeline.map((t) => t.event)).not.toContain('authority-reminder-24h delivered');

      await smtp.up();
      await env.sleep(HOUR_MS);
      await smtp.waitFor(() => kept(world, opened.caseId).length === 1, 60_000);
      const state = await opened.handle.query(stateQuery);
      expect(kept(world, opened.caseId)).toEqual([messageId(state, 'authority-reminder-24h')]);
      await vi.waitFor(
        async () => {
          const events = (await opened.handle.query(stateQuery)).timeline.map((t) => t.event);
          expect(events).toContain('authority-reminder-24h delivered');
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(state.effects['authority-reminder-24h']?.deliveredAt).toBeDefined();
      await registerCaughtUp(world, opened);
    },
  );

  caseTest(
    'reminders overtaken during an outage are dropped in favour of the escalation; only it arrives',
    async ({ world }) => {
      const { env, smtp } = world;
      await smtp.down();
      const opened = await openCase(world);
      await env.sleep(73 * HOUR_MS);
      await smtp.up();
      await env.sleep(HOUR_MS);
      await smtp.waitFor(() => kept(world, opened.caseId).length >= 1, 60_000);
      // Time for any held-back reminder to turn up, were one still on its way.
      await env.sleep(HOUR_MS);
      const state = await opened.handle.query(stateQuery);
      expect(kept(world, opened.caseId)).toEqual([messageId(state, 'authority-overdue-1')]);
      const events = state.timeline.map((t) => t.event);
      for (const hours of [24, 48, 60, 70]) {
        expect(events).toContain(`authority-reminder-${hours}h queued`);
        expect(events).toContain(`authority-reminder-${hours}h dropped`);
        expect(events).not.toContain(`authority-reminder-${hours}h delivered`);
      }
      expect(state.effects['authority-reminder-70h']?.supersededBy).toBe('authority-overdue-1');
      expect(state.effects['authority-reminder-24h']?.supersededBy).toBe('authority-reminder-48h');
      expect(events).toContain('authority-overdue-1 delivered');
      await registerCaughtUp(world, opened);
    },
  );

  caseTest(
    'a server that stalls past the timeout without accepting gets one copy, from the retry',
    async () => {
      await withCaseWorld(
        async (world) => {
          world.smtp.faults.stall = { ms: 2_500, times: 1, purpose: 'authority-reminder-24h' };
          const opened = await openCase(world);
          await world.env.sleep(25 * HOUR_MS);
          await world.smtp.waitFor(() => kept(world, opened.caseId).length === 1, 60_000);
          const state = await opened.handle.query(stateQuery);
          const id = messageId(state, 'authority-reminder-24h');
          // The first transfer was read to its end and never accepted; the retry's was.
          await vi.waitFor(() => expect(world.smtp.transfers.filter((t) => t === id)).toHaveLength(2), {
            timeout: 10_000,
          });
          await world.env.sleep(HOUR_MS);
          expect(kept(world, opened.caseId)).toEqual([id]);
          await registerCaughtUp(world, opened);
        },
        { smtpTimeouts: QUICK_SMTP_TIMEOUTS },
      );
    },
  );

  caseTest(
    'an acknowledgement lost after the server kept the message costs exactly one extra copy, recorded as such',
    async () => {
      await withCaseWorld(
        async (world) => {
          world.smtp.faults.dropAck = { times: 1, purpose: 'authority-reminder-24h' };
          const opened = await openCase(world);
          await world.env.sleep(25 * HOUR_MS);
          await world.smtp.waitFor(() => kept(world, opened.caseId).length === 2, 60_000);
          await world.env.sleep(HOUR_MS);
          const state = await opened.handle.query(stateQuery);
          const id = messageId(state, 'authority-reminder-24h');
          // Both copies carry the same Message-ID, so mail clients can fold them into one.
          expect(kept(world, opened.caseId)).toEqual([id, id]);
          const copies = world.smtp.received.filter((m) => m.messageId === id);
          expect(copies[1]?.text).toBe(copies[0]?.text);
          await vi.waitFor(
            async () => {
              const timeline = (await opened.handle.query(stateQuery)).timeline;
              expect(timeline.find((t) => t.event === 'authority-reminder-24h delivered')?.detail).toMatch(
                /1 earlier attempt\(s\) got no acknowledgement/,
              );
            },
            { timeout: 15_000, interval: 100 },
          );
          await registerCaughtUp(world, opened);
        },
        { smtpTimeouts: QUICK_SMTP_TIMEOUTS },
      );
    },
  );

  caseTest(
    'a reminder overtaken in a batch held back by an outage is dropped; the rest of its batch arrives once',
    async ({ world }) => {
      const { env, smtp } = world;
      await smtp.down();
      // Aware 30 h ago: the 24 h reminder is due at opening, in one batch with the case-opened notice and the
      // processor's request.
      const processor = { id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' };
      const opened = await openCase(world, { awareHoursAgo: 30, facts: { processors: [processor] } });
      await vi.waitFor(async () => expect(await mailActivities(opened.handle)).toEqual(['sendMails']), {
        timeout: 15_000,
        interval: 100,
      });
      // The 48 h reminder overtakes the 24 h one while the batch waits for the server.
      await env.sleep(19 * HOUR_MS);
      await smtp.up();
      await env.sleep(HOUR_MS);
      const purposes = () =>
        world.smtp.received.filter((m) => m.caseId === opened.caseId).map((m) => m.purpose);
      await smtp.waitFor(
        () =>
          ['case-opened', 'vendor.transcribe.request', 'authority-reminder-48h'].every((p) =>
            purposes().includes(p),
          ),
        60_000,
      );
      await env.sleep(HOUR_MS);
      expect(purposes().sort()).toEqual([
        'authority-reminder-48h',
        'case-opened',
        'vendor.transcribe.request',
      ]);
      const state = await opened.handle.query(stateQuery);
      const events = state.timeline.map((t) => t.event);
      expect(events).toContain('authority-reminder-24h dropped');
      expect(events).not.toContain('authority-reminder-24h delivered');
      expect(state.effects['authority-reminder-24h']?.supersededBy).toBe('authority-reminder-48h');
      expect(events).toContain('case-opened delivered');
      expect(state.processors[processor.id]?.steps.map((s) => s.step)).toEqual(['request']);
      // The first batch was stopped for the overtaken reminder; the rest went again in a batch of their own.
      expect(await mailActivities(opened.handle)).toEqual(['sendMails', 'sendMail', 'sendMails']);
      await registerCaughtUp(world, opened);
    },
  );

  caseTest(
    'a batch stopped while it talks to the server says what it delivered; the overtaken reminder is dropped',
    async ({ world }) => {
      const { smtp } = world;
      // Aware 48 h less 15 s ago: the 24 h reminder goes at opening, in one batch with the case-opened notice
      // and the processor's request, and the 48 h reminder falls due 15 s later (room for a slow first workflow
      // task: the notice must have gone by then). The server holds its reply to the 24 h reminder for longer
      // than that and the heartbeat that carries the cancellation (and keeps nothing once the client has gone),
      // but not past the client's patience (30 s): the 48 h reminder overtakes it while the batch's attempt is
      // still talking to the server.
      smtp.faults.stall = { ms: 28_000, times: 1, purpose: 'authority-reminder-24h' };
      const processor = { id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' };
      const opened = await openCase(world, {
        awareHoursAgo: 48 - 15 / 3600,
        facts: { processors: [processor] },
      });
      const purposes = () => smtp.received.filter((m) => m.caseId === opened.caseId).map((m) => m.purpose);
      await smtp.waitFor(
        () =>
          ['case-opened', 'vendor.transcribe.request', 'authority-reminder-48h'].every((p) =>
            purposes().includes(p),
          ),
        60_000,
      );
      // The server has the request before its activity reports back: the case records the step after that.
      const state = await vi.waitFor(
        async () => {
          const now = await opened.handle.query(stateQuery);
          expect(now.timeline.map((t) => t.event)).toContain('authority-reminder-24h dropped');
          expect(now.processors[processor.id]?.steps.length).toBeGreaterThan(0);
          return now;
        },
        { timeout: 30_000, interval: 200 },
      );
      expect(purposes().sort()).toEqual([
        'authority-reminder-48h',
        'case-opened',
        'vendor.transcribe.request',
      ]);
      const events = state.timeline.map((t) => t.event);
      expect(events).not.toContain('authority-reminder-24h delivered');
      expect(events).toContain('case-opened delivered');
      expect(state.processors[processor.id]?.steps.map((s) => s.step)).toEqual(['request']);
      // The case waited for the stopped attempt, which named the notice delivered: only the request went again,
      // alone (a case that stopped waiting would have sent the notice and the request again, in a batch).
      expect(await mailActivities(opened.handle)).toEqual(['sendMails', 'sendMail', 'sendMail']);
      await registerCaughtUp(world, opened);
    },
  );
});
