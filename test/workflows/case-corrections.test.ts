/**
 * Corrections on a running case, on the time-skipping server: bad case files never start a case, corrected
 * awareness re-judges the notice and moves a silent processor's escalation, the authority's orders and a
 * law-enforcement hold drive the Art. 34 reminders, amended facts reach a new processor, a closed case reopens.
 */
import { describe, expect } from 'vitest';
import {
  amendUpdate,
  assessUpdate,
  authorityDecisionUpdate,
  closeUpdate,
  holdUpdate,
  notifyAuthorityUpdate,
  notifySubjectsUpdate,
  releaseHoldUpdate,
  setAwarenessUpdate,
  stateQuery,
  statusQuery,
  supplementUpdate,
} from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import { breachCase } from '../../workflows/index.js';
import { sampleCaseInput } from '../helpers/case-files.js';
import {
  caseFailure,
  caseTest,
  expectRejected,
  openCase,
  plusHours,
  randomCaseId,
  type CaseWorld,
} from '../helpers/case-toolkit.js';

const mailsOf = ({ smtp }: CaseWorld, caseId: string, prefix: string) =>
  smtp.received.filter((m) => m.caseId === caseId && m.purpose.startsWith(prefix));

describe('corrections on a running case', () => {
  const badCaseFiles: [fault: string, caseFile: (now: string) => unknown, failure: RegExp][] = [
    [
      'an unknown key',
      (now) => ({ ...sampleCaseInput(), awareness: { aware_at: now, decidedBy: 'D', reason: 'r' } }),
      /awareness\.aware_at.*awareAt/,
    ],
    [
      'a future instant',
      (now) => sampleCaseInput({ detectedAt: plusHours(now, 24 * 30) }),
      /detectedAt: lies in the future/,
    ],
    [
      'a policy target for an obligation that has none (misspelt, it would be ignored)',
      () => sampleCaseInput({ policyTargets: { 'revfadp.notic': 24 } }),
      /policyTargets\.revfadp\.notic: .*did you mean revfadp\.notice/,
    ],
  ];
  caseTest.for(badCaseFiles)(
    'never runs a case whose file has %s, wherever it was started from',
    async ([, caseFile, expectedFailure], { world }) => {
      const caseId = randomCaseId();
      const handle = await world.env.client.workflow.start(breachCase, {
        taskQueue: world.taskQueue,
        workflowId: `breach-case/${caseId}`,
        args: [{ caseId, caseFile: caseFile(await world.now()) as never }],
      });
      // Polled rather than awaited: waiting on a result lets the test server skip time, which could make a
      // "future" instant a past one.
      await expect
        .poll(async () => (await handle.describe()).status.name, { timeout: 10_000 })
        .toBe('FAILED');
      const events = (await handle.fetchHistory()).events ?? [];
      const failure = events.at(-1)?.workflowExecutionFailedEventAttributes?.failure;
      expect(failure?.applicationFailureInfo?.type).toBe('InvalidCaseFile');
      // The message is encrypted with the payloads in the server's history; a client with the key reads it.
      expect(failure?.message).toBe('Encoded failure');
      expect((await caseFailure(handle)).message).toMatch(expectedFailure);
      // The case never ran: no activity, no timer, no child, no mail.
      expect(
        events.filter((e) => e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes),
      ).toEqual([]);
      expect(world.smtp.received).toEqual([]);
    },
  );

  caseTest(
    're-judges the filed notice when awareness is corrected earlier, and reminds for the reasons',
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world, {
        facts: { detectedAt: new Date(Date.parse(await world.now()) - 70 * HOUR_MS).toISOString() },
      });
      await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
      await world.env.sleep(10 * HOUR_MS);
      await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [{ reference: 'LDA-1', channel: 'portal', actor: 'Dana' }],
      });
      expect((await handle.query(statusQuery, await world.now())).lateness?.late).toBe(false);

      const corrected = plusHours(awareAt, -69);
      const status = await handle.executeUpdate(setAwarenessUpdate, {
        args: [{ awareAt: corrected, reason: 'The SOC confirmed it two days earlier', actor: 'Dana' }],
      });
      expect(status.lateness).toMatchObject({ late: true });
      expect(status.phase).toBe('supplementing');
      expect(status.pending.map((p) => p.action)).toContain('supplement');

      await world.env.sleep(25 * HOUR_MS);
      await smtp.waitFor(() => mailsOf(world, caseId, 'supplement-reminder').length === 1);
      expect(mailsOf(world, caseId, 'supplement-reminder')[0]?.text).toMatch(
        /reasons for the delay are owed/,
      );
      await handle.executeUpdate(supplementUpdate, {
        args: [
          {
            reference: 'LDA-1/2',
            channel: 'portal',
            reasonsForDelay: 'Awareness was misdated',
            actor: 'Dana',
          },
        ],
      });
      // The register follows: the row is late and the entry holds the reasons.
      await expect
        .poll(async () => (await world.register.get(caseId))?.entry.notices.at(-1)?.reasonsForDelay, {
          timeout: 10_000,
        })
        .toBe('Awareness was misdated');
      expect((await world.register.get(caseId))?.late).toBe(true);
    },
  );

  caseTest(
    "moves a silent processor's internal escalation when awareness is corrected",
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world, {
        facts: {
          detectedAt: new Date(Date.parse(await world.now()) - 40 * HOUR_MS).toISOString(),
          processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }],
        },
      });
      await smtp.waitFor(() => mailsOf(world, caseId, 'vendor.transcribe.request').length === 1);
      // Aware 30 h earlier: the deadline is 42 h away, the internal escalation 30 h away (not 60 h).
      await handle.executeUpdate(setAwarenessUpdate, {
        args: [{ awareAt: plusHours(awareAt, -30), reason: 'Earlier confirmation found', actor: 'Dana' }],
      });
      await world.env.sleep(31 * HOUR_MS);
      await smtp.waitFor(() => mailsOf(world, caseId, 'vendor.transcribe.internal-escalation').length === 1);
      expect(mailsOf(world, caseId, 'vendor.transcribe.internal-escalation')[0]?.due).toBe(
        plusHours(awareAt, 30),
      );
    },
  );

  caseTest(
    'counts people told, follows the authority order, and pauses the reminders during a hold',
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId } = await openCase(world, {
        facts: { dataSubjects: { approximate: 300, categories: ['customers'] } },
      });
      await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
      await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [{ reference: 'LDA-2', channel: 'portal', actor: 'Dana' }],
      });
      await handle.executeUpdate(authorityDecisionUpdate, {
        args: [{ decision: 'require-communication', reference: 'LDA-2/B', actor: 'Dana' }],
      });
      await handle.executeUpdate(notifySubjectsUpdate, {
        args: [{ count: 100, channel: 'e-mail', actor: 'Dana' }],
      });
      await expectRejected(
        handle.executeUpdate(notifySubjectsUpdate, {
          args: [{ count: 201, channel: 'e-mail', actor: 'Dana' }],
        }),
        'count',
      );
      const held = await handle.executeUpdate(holdUpdate, {
        args: [
          {
            authority: 'LKA Berlin',
            reference: 'LKA-4711',
            reason: 'Investigation',
            reviewAt: plusHours(await world.now(), 72),
            actor: 'Dana',
          },
        ],
      });
      expect(held.phase).toBe('subjects-communication-held');
      expect(held.subjects).toMatchObject({ told: 100, remaining: 200, basis: 'authority-order' });
      await world.env.sleep(48 * HOUR_MS);
      expect(mailsOf(world, caseId, 'subjects-reminder')).toEqual([]);
      await world.env.sleep(25 * HOUR_MS);
      await smtp.waitFor(() => mailsOf(world, caseId, 'hold-review-1').length === 1);
      expect(mailsOf(world, caseId, 'subjects-reminder')).toEqual([]);
      await handle.executeUpdate(releaseHoldUpdate, {
        args: [{ note: 'Investigation closed', actor: 'Dana' }],
      });
      await smtp.waitFor(() => mailsOf(world, caseId, 'subjects-reminder').length === 1);
      expect(mailsOf(world, caseId, 'subjects-reminder')[0]?.text).toMatch(/Still to tell: 200/);
    },
  );

  caseTest(
    'amends the facts with a reason, and asks a processor added later for the facts',
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId } = await openCase(world);
      await expectRejected(
        handle.executeUpdate(amendUpdate, {
          args: [{ facts: { detectedAt: await world.now() }, reason: 'x', actor: 'Dana' }],
        }),
        'facts.detectedAt',
      );
      const status = await handle.executeUpdate(amendUpdate, {
        args: [
          {
            facts: {
              dataSubjects: { approximate: 40 },
              processors: [{ id: 'hosting', name: 'Hosting AG', contact: 'sec@hosting.test' }],
            },
            reason: 'The export ran on the host for 40 customers',
            actor: 'Dana',
          },
        ],
      });
      expect(status.facts.version).toBe(2);
      await smtp.waitFor(() => mailsOf(world, caseId, 'vendor.hosting.request').length === 1);
      const state = await handle.query(stateQuery);
      expect(state.factVersions?.map((v) => v.changed)).toEqual([
        [],
        ['dataSubjects.approximate', 'processors'],
      ]);
    },
  );

  caseTest(
    'reopens a closed case with its whole history, and refuses actions on the closed one',
    async ({ world }) => {
      const { handle, caseId } = await openCase(world);
      await handle.executeUpdate(assessUpdate, {
        args: [{ risk: 'none', rationale: 'Encrypted', overrideReason: 'Encrypted', actor: 'Dana' }],
      });
      await handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
      await handle.result();
      const closed = await handle.query(stateQuery);
      expect(closed.closed).toBeDefined();

      const reopened = await world.env.client.workflow.start(breachCase, {
        taskQueue: world.taskQueue,
        workflowId: `breach-case/${caseId}`,
        args: [
          {
            caseId,
            caseFile: closed.caseFile,
            carried: closed,
            reopen: { reason: 'Key was on the laptop', actor: 'Dana' },
          },
        ],
      });
      const status = await reopened.query(statusQuery, await world.now());
      expect(status.phase).not.toBe('closed');
      expect(status.timeline.map((t) => t.event)).toEqual(
        expect.arrayContaining(['case opened', 'case closed', 'case reopened']),
      );
      const after = await reopened.executeUpdate(assessUpdate, {
        args: [{ risk: 'risk', overrideReason: 'The key was on a sticker', actor: 'Dana' }],
      });
      expect(after.risk).toBe('risk');
      expect((await reopened.query(stateQuery)).reopenings).toHaveLength(1);
    },
  );
});
