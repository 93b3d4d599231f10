/**
 * GDPR (Regulation (EU) 2016/679): the personal-data breach duties of the controller.
 *
 * - Art. 33(1): notify the competent supervisory authority without undue delay and, where feasible, not later
 *   than 72 hours after having become aware of the breach; later notices give the reasons for the delay. The
 *   72 hours are consecutive clock hours; their legal end follows Reg. (EEC, Euratom) No 1182/71 Art. 3.
 * - Art. 33(3): the notice describes (a) the nature of the breach, categories and approximate numbers of data
 *   subjects and records, (b) the DPO's contact, (c) the likely consequences, (d) the measures taken or
 *   proposed. Art. 33(4): what is not yet known may follow in phases without further undue delay.
 * - Art. 34(1): tell the data subjects without undue delay when the breach is likely to result in a high risk,
 *   unless an Art. 34(3) condition is met; Art. 34(4): the authority may require it or decide a condition is
 *   met. No fixed limit: a policy target (72 h from the decision, settable per case) and reminders at the case's
 *   interval until it is done.
 */
import type { Regime } from './types.js';

export const gdpr: Regime = {
  id: 'gdpr',
  name: 'GDPR',
  obligations: [
    {
      key: 'notice',
      kind: 'authority-notice',
      title: 'authority notice (Art. 33, 72 h from awareness)',
      citation: 'GDPR Art. 33(1)',
      trigger: 'awareness',
      clock: { unit: 'hours', amount: 72, period: 'reg-1182-71' },
      addressee: { kind: 'lead-authority' },
      items: ['a', 'b', 'c', 'd'],
    },
    {
      key: 'supplement',
      kind: 'authority-supplement',
      title: 'information in phases (Art. 33(4))',
      citation: 'GDPR Art. 33(4)',
      trigger: 'awareness',
      addressee: { kind: 'lead-authority' },
    },
    {
      key: 'subjects',
      kind: 'subjects-communication',
      title: 'communication to the data subjects (Art. 34)',
      citation: 'GDPR Art. 34',
      // "Without undue delay": no limit in the law, so a policy target from the decision that the people must
      // be told (72 h by default; `policyTargets: {"gdpr.subjects": <hours>}` per case).
      trigger: 'high-risk',
      clock: { unit: 'hours', amount: 72, period: 'from-instant' },
      policyTarget: true,
      addressee: { kind: 'data-subjects' },
    },
  ],
};
