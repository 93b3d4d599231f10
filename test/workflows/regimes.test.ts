/** One incident, two authorities: a case under GDPR and UK GDPR runs both clocks, each stopped by its own filing. */
import { describe, expect } from 'vitest';
import {
  actionUpdates,
  assessUpdate,
  notifyAuthorityUpdate,
  stateQuery,
  statusQuery,
} from '../../contract/messages.js';
import type { ActionInput, ActionName } from '../../domain/actions/index.js';
import { caseStatus, type CaseStatus } from '../../domain/status.js';
import type { UpdateDefinition } from '@temporalio/client';
import { HOUR_MS } from '../../domain/time.js';
import { caseFailure, caseTest, openCase, plusHours } from '../helpers/case-toolkit.js';

describe('a case under several regimes', () => {
  caseTest(
    'reminds and escalates per authority, and each filing stops only its own clock',
    async ({ world }) => {
      const { smtp } = world;
      const { handle, caseId, awareAt } = await openCase(world, {
        facts: { regimes: ['gdpr', 'uk-gdpr'], countries: ['DE', 'GB'] },
      });
      const mails = (purpose: string) => smtp.byPurpose(purpose).filter((m) => m.caseId === caseId);
      await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
      await world.env.sleep(25 * HOUR_MS);
      await smtp.waitFor(
        () =>
          mails('authority-reminder-24h').length === 1 &&
          mails('uk-gdpr.authority-reminder-24h').length === 1,
      );
      expect(mails('uk-gdpr.authority-reminder-24h')[0]?.text).toMatch(/Information Commissioner's Office/);
      expect(mails('uk-gdpr.authority-reminder-24h')[0]?.due).toBe(plusHours(awareAt, 24));

      await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [{ reference: 'BlnBDI-7', channel: 'portal', actor: 'Dana' }],
      });
      await world.env.sleep(48 * HOUR_MS);
      await smtp.waitFor(() => mails('uk-gdpr.authority-overdue-1').length === 1);
      expect(mails('authority-reminder-48h')).toEqual([]);
      expect(mails('authority-overdue-1')).toEqual([]);
      expect(mails('uk-gdpr.authority-overdue-1')[0]?.subject).toMatch(
        /OVERDUE: authority notice \(UK GDPR\)/,
      );

      const status = await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [
          {
            regime: 'uk-gdpr',
            reference: 'ICO-7',
            channel: 'portal',
            reasonsForDelay: 'Two authorities',
            actor: 'Dana',
          },
        ],
      });
      expect(status.deadlines.map((d) => [d.obligation, d.state])).toEqual([
        ['gdpr.notice', 'met'],
        ['uk-gdpr.notice', 'missed'],
      ]);
      await world.env.sleep(24 * HOUR_MS);
      expect(mails('uk-gdpr.authority-overdue-2')).toEqual([]);
      expect((await handle.query(statusQuery, await world.now())).phase).toBe('ready-to-close');
    },
  );
});

describe('a case under GDPR, NIS2 and UK GDPR', () => {
  caseTest(
    "fires the CSIRT's early warning, both authority notices and the NIS2 final report at their instants, each stopped by its own filing",
    async ({ world }) => {
      const { smtp } = world;
      const now = await world.env.currentTimeMs();
      const incidentAwareness = new Date(now - 2 * HOUR_MS).toISOString();
      const { handle, caseId, awareAt } = await openCase(world, {
        facts: {
          regimes: ['gdpr', 'nis2', 'uk-gdpr'],
          countries: ['DE', 'GB'],
          triggers: { incidentAwareness },
          authorities: { nis2: { name: 'CERT-Bund', country: 'DE' } },
        },
      });
      const mails = (purpose: string) => smtp.byPurpose(purpose).filter((m) => m.caseId === caseId);
      const act = <N extends ActionName>(name: N, input: Omit<ActionInput<N>, 'actor'>) => {
        const update: UpdateDefinition<CaseStatus, [ActionInput<N>]> = actionUpdates[name];
        return handle.executeUpdate(update, { args: [{ actor: 'Dana', ...input } as ActionInput<N>] });
      };
      await act('assess', { risk: 'risk' });

      // NIS2's 24 h run from awareness of the incident, two hours before awareness of the breach.
      await world.env.sleep(11 * HOUR_MS);
      await smtp.waitFor(() => mails('nis2.authority-reminder-50pct').length === 1);
      expect(mails('nis2.authority-reminder-50pct')[0]?.due).toBe(plusHours(incidentAwareness, 12));
      expect(mails('nis2.authority-reminder-50pct')[0]?.text).toContain('CERT-Bund');
      await act('notifyAuthority', { regime: 'nis2', reference: 'CSIRT-EW-1', channel: 'portal' });

      await world.env.sleep(14 * HOUR_MS); // awareness + 25 h
      await smtp.waitFor(
        () =>
          mails('authority-reminder-24h').length === 1 &&
          mails('uk-gdpr.authority-reminder-24h').length === 1,
      );
      expect(mails('nis2.authority-reminder-90pct')).toEqual([]);
      expect(mails('nis2.authority-overdue-1')).toEqual([]);
      await act('notifyAuthority', { reference: 'BlnBDI-7', channel: 'portal' });

      // The incident notification (72 h from incident awareness) reminds at half its period, then is filed.
      await world.env.sleep(15 * HOUR_MS); // awareness + 40 h
      await smtp.waitFor(() => mails('nis2.notification.report-reminder-50pct').length === 1);
      expect(mails('nis2.notification.report-reminder-50pct')[0]?.due).toBe(plusHours(incidentAwareness, 36));
      const notifiedAt = new Date(await world.env.currentTimeMs()).toISOString();
      await act('report', {
        regime: 'nis2',
        stage: 'notification',
        reference: 'CSIRT-N-1',
        channel: 'portal',
        filedAt: notifiedAt,
      });

      // The ICO notice is never filed in time: it escalates at awareness + 72 h, then is filed late.
      await world.env.sleep(33 * HOUR_MS); // awareness + 73 h
      await smtp.waitFor(() => mails('uk-gdpr.authority-overdue-1').length === 1);
      expect(mails('uk-gdpr.authority-overdue-1')[0]?.due).toBe(plusHours(awareAt, 72));
      expect(mails('authority-overdue-1')).toEqual([]);
      expect(mails('nis2.notification.report-overdue-1')).toEqual([]);
      await act('notifyAuthority', {
        regime: 'uk-gdpr',
        reference: 'ICO-7',
        channel: 'portal',
        reasonsForDelay: 'Three authorities at once',
      });

      // The final report is due one month after the notification was filed.
      const finalDue = (await handle.query(statusQuery, await world.now())).deadlines.find(
        (d) => d.obligation === 'nis2.final',
      )?.dueAt;
      const monthLater = new Date(notifiedAt);
      expect(finalDue).toBeDefined();
      expect(Date.parse(finalDue!) - Date.parse(notifiedAt)).toBeGreaterThanOrEqual(28 * 24 * HOUR_MS);
      expect(Date.parse(finalDue!) - monthLater.getTime()).toBeLessThanOrEqual(31 * 24 * HOUR_MS);
      await world.env.sleep(Date.parse(finalDue!) - (await world.env.currentTimeMs()) + HOUR_MS);
      await smtp.waitFor(() => mails('nis2.final.report-overdue-1').length === 1);
      expect(mails('nis2.final.report-overdue-1')[0]?.due).toBe(finalDue);
      expect(mails('nis2.final.report-overdue-1')[0]?.subject).toMatch(/OVERDUE: final report \(NIS2/);
      expect((await handle.query(statusQuery, await world.now())).phase).toBe('report-overdue');

      // Filed an hour after the alarm: on time if that is still before the end of the month's last day.
      const finalLegalEnd = Date.parse(
        (await handle.query(statusQuery, await world.now())).deadlines.find(
          (d) => d.obligation === 'nis2.final',
        )!.legalEndAt!,
      );
      const finalState = (await world.env.currentTimeMs()) > finalLegalEnd ? 'missed' : 'met';
      const status = await act('report', {
        regime: 'nis2',
        stage: 'final',
        reference: 'CSIRT-F-1',
        channel: 'portal',
      });
      expect(status.deadlines.map((d) => [d.obligation, d.state])).toEqual([
        ['gdpr.notice', 'met'],
        ['nis2.early-warning', 'met'],
        ['uk-gdpr.notice', 'missed'],
        ['nis2.notification', 'met'],
        ['nis2.final', finalState],
      ]);
      await world.env.sleep(24 * HOUR_MS);
      expect(mails('nis2.final.report-overdue-2')).toEqual([]);
      expect((await handle.query(statusQuery, await world.now())).phase).toBe('ready-to-close');
    },
  );
});

describe('clocks in days and months inside the workflow', () => {
  caseTest(
    'count in the clock zone as the domain does outside it (São Paulo working days, Brussels days, New York days)',
    async ({ world }) => {
      const { handle } = await openCase(world, {
        awareHoursAgo: 2,
        facts: {
          regimes: ['lgpd', 'eprivacy', 'hipaa'],
          countries: ['BR'],
          dataSubjects: { approximate: 12, categories: ['customers'] },
        },
      });
      await handle.executeUpdate(assessUpdate, {
        args: [{ risk: 'high', overrideReason: 'Test', actor: 'Dana' }],
      });
      const now = await world.env.currentTimeMs();
      const inWorkflow = (await handle.query(statusQuery, new Date(now).toISOString())).deadlines;
      const state = await handle.query(stateQuery);
      const outside = caseStatus(state, now).deadlines;
      expect(inWorkflow.map((d) => [d.obligation, d.dueAt, d.legalEndAt])).toEqual(
        outside.map((d) => [d.obligation, d.dueAt, d.legalEndAt]),
      );
      // São Paulo is UTC-3 all year: a working-day period ends at 03:00 UTC, never at midnight UTC.
      expect(inWorkflow.find((d) => d.obligation === 'lgpd.notice')?.dueAt).toMatch(/T03:00:00\.000Z$/);
    },
  );
});

describe("the organisation's policy targets", () => {
  caseTest(
    'are recorded when the case opens and set the "as soon as possible" clocks; a case file\'s own target comes first',
    async ({ world }) => {
      const { handle, awareAt } = await openCase(world, {
        facts: { regimes: ['gdpr', 'revfadp'], countries: ['CH', 'DE'] },
        organisationPolicyTargets: { 'revfadp.notice': 24, 'gdpr.subjects': 12 },
      });
      const state = await handle.query(stateQuery);
      expect(state.organisationPolicyTargets).toEqual({ 'revfadp.notice': 24, 'gdpr.subjects': 12 });
      expect(state.timeline.map((t) => t.detail)).toContainEqual(
        expect.stringContaining('revfadp.notice 24 h, gdpr.subjects 12 h'),
      );
      const now = await world.env.currentTimeMs();
      const due = (await handle.query(statusQuery, new Date(now).toISOString())).deadlines;
      expect(due.find((d) => d.obligation === 'revfadp.notice')?.dueAt).toBe(plusHours(awareAt, 24));

      const own = await openCase(world, {
        facts: { regimes: ['revfadp'], countries: ['CH'], policyTargets: { 'revfadp.notice': 48 } },
        organisationPolicyTargets: { 'revfadp.notice': 24 },
      });
      const ownDue = (await own.handle.query(statusQuery, new Date(now).toISOString())).deadlines;
      expect(ownDue.find((d) => d.obligation === 'revfadp.notice')?.dueAt).toBe(plusHours(own.awareAt, 48));
    },
  );

  caseTest(
    'naming an obligation without a policy target fails the case before it runs',
    async ({ world }) => {
      const { handle } = await openCase(world, { organisationPolicyTargets: { 'gdpr.notice': 24 } });
      await expect
        .poll(async () => (await handle.describe()).status.name, { timeout: 10_000 })
        .toBe('FAILED');
      const failure = await caseFailure(handle);
      expect(failure.type).toBe('InvalidCaseFile');
      expect(failure.message).toMatch(
        /organisationPolicyTargets\.gdpr\.notice: .*no obligation with a policy target/,
      );
    },
  );
});
