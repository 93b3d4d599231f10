/**
 * The case workflow on the time-skipping server: reminders and escalations at their instants, back-dated
 * cases, silent vendors, the rules of the DPO's actions, mail sent once, a mail server that is down, and a
 * long case that continues as new. Each test opens one case in a world of its own.
 */
import { Context } from '@temporalio/activity';
import { describe, expect, vi } from 'vitest';
import {
  assessUpdate,
  closeUpdate,
  noNotificationUpdate,
  notifyAuthorityUpdate,
  stateQuery,
  statusQuery,
  processorAnswerUpdate,
} from '../../contract/messages.js';
import { OVERDUE, CASE_PHASE } from '../../contract/search-attributes.js';
import { HOUR_MS } from '../../domain/time.js';
import { caseTest, expectRejected, openCase, plusHours, withCaseWorld } from '../helpers/case-toolkit.js';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.js';

/**
 * The message stands for exactly the expected instant, and went out then: a server timer fires once the
 * workflow task that set it completes, so real sends trail their instant by that task's few milliseconds.
 */
function expectOnTime(mail: ReceivedMail | undefined, due: string): void {
  expect(mail?.due).toBe(due);
  const lag = Date.parse(mail!.instant) - Date.parse(due);
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(5_000);
}

describe('the breach case on the time-skipping server', () => {
  caseTest(
    'reminds the DPO at 24, 48, 60 and 70 hours after awareness and escalates at 72, then every 12 hours',
    async ({ world }) => {
      const { env, smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world);
      const purpose = (key: string) => smtp.byPurpose(key).filter((m) => m.caseId === caseId);

      await env.sleep(25 * HOUR_MS);
      await smtp.waitFor(() => purpose('authority-reminder-24h').length === 1);
      expect(purpose('authority-reminder-48h')).toHaveLength(0);

      await env.sleep(48 * HOUR_MS);
      await smtp.waitFor(() => purpose('authority-overdue-1').length === 1);
      for (const hours of [24, 48, 60, 70]) {
        const [mail] = purpose(`authority-reminder-${hours}h`);
        expectOnTime(mail, plusHours(awareAt, hours));
        expect(mail?.to).toEqual(['dpo@example.test']);
      }
      const [overdue] = purpose('authority-overdue-1');
      expectOnTime(overdue, plusHours(awareAt, 72));
      expect(overdue?.to).toEqual(['dpo@example.test', 'ceo@example.test']);
      expect((await handle.query(statusQuery, await world.now())).overdue).toBe(true);
      expect((await handle.describe()).typedSearchAttributes.get(OVERDUE)).toBe(true);

      await env.sleep(12 * HOUR_MS);
      await smtp.waitFor(() => purpose('authority-overdue-2').length === 1);
      // Repeats run from the previous escalation: 12 hours after it, however late that one went out.
      expectOnTime(purpose('authority-overdue-2')[0], plusHours(overdue!.instant, 12));

      // Filing after the deadline without reasons is refused; with reasons it is taken and the case is no longer overdue.
      await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
      await expectRejected(
        handle.executeUpdate(notifyAuthorityUpdate, {
          args: [{ reference: 'LDA-2026-1', channel: 'authority portal', actor: 'Dana' }],
        }),
        'reasonsForDelay',
      );
      const status = await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [
          {
            reference: 'LDA-2026-1',
            channel: 'authority portal',
            reasonsForDelay: 'The processor withheld the facts for four days.',
            actor: 'Dana',
          },
        ],
      });
      expect(status.overdue).toBe(false);
      expect(status.lateness).toMatchObject({ late: true });
      expect(status.lateness!.overdueByMs).toBeGreaterThanOrEqual(12 * HOUR_MS);
    },
  );

  caseTest(
    'makes a back-dated case overdue at once, without a burst of stale reminders',
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world, { awareHoursAgo: 100 });
      await smtp.waitFor((mails) => mails.some((m) => m.caseId === caseId));
      const status = await handle.query(statusQuery, await world.now());
      expect(status.overdue).toBe(true);
      expect(status.phase).toBe('authority-notice-overdue');
      expect(status.deadlines[0]).toMatchObject({ state: 'missed', dueAt: plusHours(awareAt, 72) });
      expect(status.deadlines[0]?.overdueByMs).toBeGreaterThanOrEqual(28 * HOUR_MS);
      await smtp.waitFor((mails) => mails.filter((m) => m.caseId === caseId).length >= 2);
      // Sent side by side, so in either order.
      expect(
        smtp.received
          .filter((m) => m.caseId === caseId)
          .map((m) => m.purpose)
          .sort(),
      ).toEqual(['authority-overdue-1', 'case-opened']);
      // The DPO and the CISO hear of the case at once, with times they can read.
      const opened = smtp.received.find((m) => m.caseId === caseId && m.purpose === 'case-opened')!;
      expect([opened.to, opened.cc]).toEqual([['dpo@example.test'], ['ciso@example.test']]);
      expect(opened.html).toContain('Clocks now running:');
      // Opened after its 72 hours: the first thing it says is that the notice is overdue, not a later clock.
      expect(opened.subject).toMatch(
        /Breach case opened: authority notice \(Art\. 33, 72 h from awareness\) OVERDUE by /,
      );
      expect(opened.text).toMatch(/authority notice .*\(OVERDUE\)/);
      for (const mail of smtp.received.filter((m) => m.caseId === caseId)) {
        expect(mail.text).toMatch(/\d{2}:\d{2} [A-Za-z_/]+ \(\d{2}:\d{2} UTC\)|\d{2}:\d{2} UTC/);
        expect(mail.text).not.toMatch(/T\d{2}:\d{2}:\d{2}/);
      }
      expect(status.timeline.filter((t) => t.event.endsWith('skipped'))).toHaveLength(4);
      expect((await handle.describe()).typedSearchAttributes.get(CASE_PHASE)).toBe(
        'authority-notice-overdue',
      );
    },
  );

  caseTest(
    'climbs each silent vendor ladder at its offsets, escalating internally 12 h before the deadline, and stops the ladder of a vendor that answers',
    async ({ world }) => {
      const { env, smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world, {
        facts: {
          processors: [
            {
              id: 'transcribe',
              name: 'Transcribe Ltd',
              contact: 'security@transcribe.test',
              escalation: ['ciso@transcribe.test'],
              noticeWindowHours: 24,
            },
            { id: 'hosting', name: 'Hosting AG', contact: 'abuse@hosting.test', noticeWindowHours: 12 },
          ],
        },
      });
      const mails = (processor: string) =>
        smtp.received.filter((m) => m.caseId === caseId && m.purpose.startsWith(`vendor.${processor}.`));
      await smtp.waitFor(() => mails('transcribe').length === 1 && mails('hosting').length === 1);
      const requestedAt = mails('transcribe')[0]!.due;
      expect(mails('transcribe')[0]?.to).toEqual(['security@transcribe.test']);

      await env.sleep(6 * HOUR_MS);
      const afterAnswer = await handle.executeUpdate(processorAnswerUpdate, {
        args: [
          { processorId: 'hosting', summary: 'Not affected: no access to the export bucket.', actor: 'Dana' },
        ],
      });
      expect(afterAnswer.processors.find((v) => v.processorId === 'hosting')?.answeredAt).toBeDefined();

      await env.sleep(70 * HOUR_MS);
      await smtp.waitFor(() => mails('transcribe').length === 4);
      expect(mails('transcribe').map((m) => m.purpose)).toEqual([
        'vendor.transcribe.request',
        'vendor.transcribe.reminder',
        'vendor.transcribe.vendor-escalation',
        'vendor.transcribe.internal-escalation',
      ]);
      // The internal escalation's offset (window end + 48 h) is the 72 h deadline itself: it comes 12 h before.
      [0, 24, 48].forEach((hours, i) => expectOnTime(mails('transcribe')[i], plusHours(requestedAt, hours)));
      expectOnTime(mails('transcribe')[3], plusHours(awareAt, 60));
      expect(mails('transcribe')[2]?.to).toEqual(['ciso@transcribe.test']);
      expect(mails('transcribe')[3]?.to).toEqual(['dpo@example.test', 'legal@example.test']);
      expect(mails('hosting').map((m) => m.purpose)).toEqual(['vendor.hosting.request']);

      const status = await handle.query(statusQuery, await world.now());
      const transcribe = status.processors.find((v) => v.processorId === 'transcribe');
      expect(transcribe?.silentForHours).toBeGreaterThanOrEqual(76);
      expect(transcribe?.lastStep).toBe('internal-escalation');
      expect(status.processors.find((v) => v.processorId === 'hosting')?.silentForHours).toBe(6);
    },
  );

  caseTest(
    'keeps the rules: a rejected update changes nothing, "none" needs a rationale, closing waits for duties',
    async ({ world }) => {
      const { handle, caseId } = await openCase(world);
      // The case-opened message settles first: its delivery is a change of the case of its own.
      await vi.waitFor(
        async () =>
          expect((await handle.query(statusQuery)).timeline.map((t) => t.event)).toContain(
            'case-opened delivered',
          ),
        { timeout: 15_000, interval: 100 },
      );
      const asOf = plusHours(await world.now(), 1);
      const before = await handle.query(statusQuery, asOf);

      await expectRejected(
        handle.executeUpdate(assessUpdate, { args: [{ risk: 'none', actor: 'Dana' }] }),
        'rationale',
      );
      await expectRejected(
        handle.executeUpdate(assessUpdate, { args: [{ risk: 'severe', actor: 'Dana' } as never] }),
        'risk',
      );
      const closeBlockers = await expectRejected(
        handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] }),
        '(case)',
      );
      expect(closeBlockers.map((p) => p.message)).toContainEqual(
        expect.stringContaining('no risk assessment is recorded'),
      );
      const after = await handle.query(statusQuery, asOf);
      expect(after).toEqual(before);

      await handle.executeUpdate(noNotificationUpdate, {
        args: [
          {
            rationale: 'Files deleted unopened by a trusted recipient, confirmed in writing.',
            actor: 'Dana',
          },
        ],
      });
      const closed = await handle.executeUpdate(closeUpdate, {
        args: [{ actor: 'Dana', note: 'Documented only.' }],
      });
      expect(closed.phase).toBe('closed');
      const entry = await handle.result();
      expect(entry.status).toBe('closed');
      expect(entry.risk).toBe('none');
      expect(entry.decisions.assessments[0]).toMatchObject({
        risk: 'none',
        rationale: 'Files deleted unopened by a trusted recipient, confirmed in writing.',
      });
      expect(entry.timeline.map((t) => t.event)).toContain('case closed');

      // The register row outlives the workflow: written at every change, final at closure.
      const row = await world.register.get(caseId);
      expect(row).toMatchObject({ status: 'closed', risk: 'none', late: false });
      expect(row?.entry.decisions.assessments[0]?.rationale).toContain('deleted unopened');
      expect(row?.revision).toBeGreaterThan(2);
    },
  );

  caseTest('sends a message once even when the activity is retried after a send that succeeded', async () => {
    const attempts: number[] = [];
    await withCaseWorld(
      async (world) => {
        const { caseId, handle } = await openCase(world);
        await world.env.sleep(25 * HOUR_MS);
        await expect.poll(() => attempts.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
        const sent = world.smtp.received.filter(
          (m) => m.caseId === caseId && m.purpose === 'authority-reminder-24h',
        );
        expect(sent).toHaveLength(1);
        // The breach's identity is part of the Message-ID: a later breach under the same case ID has its own.
        const { breachId } = await handle.query(stateQuery);
        expect(sent[0]?.messageId).toBe(
          `<${caseId}.authority-reminder-24h.${breachId}@breach-clock.invalid>`,
        );
        expect(attempts).toEqual([1, 2]);
      },
      {
        activities: (real) => ({
          ...real,
          async sendMail(mail: Parameters<typeof real.sendMail>[0]) {
            const result = await real.sendMail(mail);
            if (mail.purpose === 'authority-reminder-24h') {
              attempts.push(Context.current().info.attempt);
              // The worker loses the activity's completion right after the mail server accepted the message.
              if (Context.current().info.attempt === 1)
                throw new Error('connection to the Temporal server lost');
            }
            return result;
          },
        }),
      },
    );
  });

  caseTest('delivers a reminder once the mail server is back, while the case goes on', async ({ world }) => {
    const { env, smtp } = world;
    await smtp.stop();
    const { handle, awareAt } = await openCase(world);
    await env.sleep(24 * HOUR_MS + 60_000);
    const assessed = await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
    expect(assessed.risk).toBe('risk');

    const back = await startSmtpServer(smtp.port);
    try {
      await env.sleep(HOUR_MS);
      await back.waitFor((mails) => mails.some((m) => m.purpose === 'authority-reminder-24h'), 60_000);
      expect(back.byPurpose('authority-reminder-24h')).toHaveLength(1);
      expect(back.byPurpose('authority-reminder-24h')[0]?.due).toBe(plusHours(awareAt, 24));
    } finally {
      await back.stop();
    }
  });

  caseTest(
    'continues as new with its whole state when the history grows, and sends nothing twice',
    async ({ world }) => {
      const { env, smtp } = world;
      const { handle, caseId } = await openCase(world, { historyEventLimit: 40 });
      const firstRun = (await handle.describe()).runId;
      for (let hours = 0; hours < 144; hours += 12) await env.sleep(12 * HOUR_MS);
      await smtp.waitFor((mails) =>
        mails.some((m) => m.caseId === caseId && m.purpose === 'authority-overdue-6'),
      );

      expect((await handle.describe()).runId).not.toBe(firstRun);
      const purposes = smtp.received.filter((m) => m.caseId === caseId).map((m) => m.purpose);
      expect(new Set(purposes).size).toBe(purposes.length);
      expect(purposes.slice(0, 7)).toEqual([
        'case-opened',
        'authority-reminder-24h',
        'authority-reminder-48h',
        'authority-reminder-60h',
        'authority-reminder-70h',
        'authority-overdue-1',
        'authority-overdue-2',
      ]);
      const status = await handle.query(statusQuery, await world.now());
      expect(status.timeline[0]?.event).toBe('case opened');
      expect(status.overdue).toBe(true);
    },
  );
});
