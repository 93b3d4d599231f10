/**
 * DORA (Regulation (EU) 2022/2554) Art. 19 with Delegated Regulation (EU) 2025/301 Art. 5: financial entities
 * report *major* ICT-related incidents to their competent (financial) authority.
 *
 * - Art. 5(1)(a): the initial notification as early as possible within 4 hours from the classification of the
 *   incident as major, and no later than 24 hours from becoming aware of the incident: the earlier counts;
 * - Art. 5(1)(b): the intermediate report within 72 hours from the submission of the initial notification
 *   (updated intermediate reports when the status changes: record them as the same stage again);
 * - Art. 5(1)(c): the final report no later than one month from the latest updated intermediate report.
 * The RTS's relief for deadlines on weekends and holidays (for some entities) is not applied: the alarm stays
 * at the earlier, stricter instant.
 */
import type { Regime } from './types.js';

const supervisor = { kind: 'case-authority' as const, role: 'competent financial authority' };

export const dora: Regime = {
  id: 'dora',
  name: 'DORA',
  scope: 'financial entities in the EU, for major ICT-related incidents',
  obligations: [
    {
      key: 'initial',
      kind: 'authority-notice',
      title: 'initial notification (DORA, 4 h after classification, 24 h after awareness)',
      citation: 'DORA Art. 19(4)(a); Delegated Reg. (EU) 2025/301 Art. 5(1)(a)',
      trigger: 'major-classification',
      clock: { unit: 'hours', amount: 4, period: 'from-instant' },
      alsoWithin: [
        { trigger: 'incident-awareness', clock: { unit: 'hours', amount: 24, period: 'from-instant' } },
      ],
      addressee: supervisor,
    },
    {
      key: 'intermediate',
      kind: 'authority-report',
      title: 'intermediate report (DORA, 72 h after the initial notification)',
      citation: 'DORA Art. 19(4)(b); Delegated Reg. (EU) 2025/301 Art. 5(1)(b)',
      trigger: { filed: 'initial' },
      clock: { unit: 'hours', amount: 72, period: 'from-instant' },
      addressee: supervisor,
    },
    {
      key: 'final',
      kind: 'authority-report',
      title: 'final report (DORA, 1 month after the latest intermediate report)',
      citation: 'DORA Art. 19(4)(c); Delegated Reg. (EU) 2025/301 Art. 5(1)(c)',
      trigger: { filed: 'intermediate' },
      clock: { unit: 'months', amount: 1, zone: 'Europe/Brussels' },
      addressee: supervisor,
    },
  ],
};
