/**
 * Switzerland: revised Federal Act on Data Protection (revFADP, in force since 1 September 2023) Art. 24.
 *
 * - Art. 24(1): a breach likely to result in a high risk to the data subjects is reported to the Federal Data
 *   Protection and Information Commissioner (FDPIC) "as soon as possible": no fixed limit, so the clock is a
 *   policy target (72 h by default, the GDPR's, which most organisations under both apply), settable per case
 *   with `policyTargets: {"revfadp.notice": <hours>}`;
 * - Art. 24(4): the data subjects are informed when it is necessary for their protection or the FDPIC requires it.
 */
import type { Regime } from './types.js';

export const revfadp: Regime = {
  id: 'revfadp',
  name: 'revFADP (Switzerland)',
  scope: 'controllers processing personal data in Switzerland',
  obligations: [
    {
      key: 'notice',
      kind: 'authority-notice',
      title: 'report to the FDPIC (revFADP Art. 24(1), as soon as possible)',
      citation: 'revFADP Art. 24(1)',
      trigger: 'awareness',
      clock: { unit: 'hours', amount: 72, period: 'from-instant' },
      policyTarget: true,
      addressee: {
        kind: 'authority',
        authority: {
          name: 'Federal Data Protection and Information Commissioner (FDPIC)',
          country: 'CH',
          portal: 'https://databreach.edoeb.admin.ch/',
        },
      },
      items: ['a', 'b', 'c', 'd'],
    },
    {
      key: 'subjects',
      kind: 'subjects-communication',
      title: 'information of the data subjects (revFADP Art. 24(4))',
      citation: 'revFADP Art. 24(4)',
      trigger: 'awareness',
      addressee: { kind: 'data-subjects' },
    },
  ],
};
