/** One incident, two authorities: a case under GDPR and UK GDPR runs both clocks, each stopped by its own filing. */
import { describe, expect } from 'vitest';
import { assessUpdate, notifyAuthorityUpdate, statusQuery } from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import { caseTest, openCase, plusHours } from '../helpers/case-toolkit.js';

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
