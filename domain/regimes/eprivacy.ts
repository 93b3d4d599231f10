/**
 * ePrivacy: Commission Regulation (EU) No 611/2013 under Directive 2002/58/EC Art. 4(3), for providers of
 * publicly available electronic communications services. The clocks run from *detection* of the breach.
 *
 * - Art. 2(2): notify the competent national authority no later than 24 hours after detection, where feasible;
 * - Art. 2(3): where not all information is available, an initial notification within the 24 hours and a
 *   second notification within three days after it (owed only while the first lacks items);
 * - Art. 3: subscribers and individuals without undue delay when the breach is likely to affect them
 *   adversely, unless the data were made unintelligible (Art. 4) — the communication the case already tracks.
 * Days are counted under Reg. 1182/71 Art. 3: the day of the initial notification is not counted.
 */
import type { Regime } from './types.js';

const authority = { kind: 'case-authority' as const, role: 'competent national authority (ePrivacy)' };

export const eprivacy: Regime = {
  id: 'eprivacy',
  name: 'ePrivacy (Reg. 611/2013)',
  scope: 'providers of publicly available electronic communications services in the EU',
  obligations: [
    {
      key: 'notice',
      kind: 'authority-notice',
      title: 'notice to the national authority (Reg. 611/2013 Art. 2(2), 24 h after detection)',
      citation: 'Reg. (EU) 611/2013 Art. 2(2)',
      trigger: 'detection',
      clock: { unit: 'hours', amount: 24, period: 'from-instant' },
      addressee: authority,
      items: ['a', 'b', 'c', 'd'],
    },
    {
      key: 'second-notice',
      kind: 'authority-report',
      title: 'second notice (Reg. 611/2013 Art. 2(3), 3 days after the first)',
      citation: 'Reg. (EU) 611/2013 Art. 2(3)',
      trigger: { filed: 'notice' },
      clock: { unit: 'calendar-days', amount: 3, zone: 'Europe/Brussels' },
      addressee: authority,
      onlyWhileIncomplete: true,
    },
    {
      key: 'subjects',
      kind: 'subjects-communication',
      title: 'communication to subscribers and individuals (Reg. 611/2013 Art. 3)',
      citation: 'Reg. (EU) 611/2013 Art. 3',
      trigger: 'detection',
      addressee: { kind: 'data-subjects' },
    },
  ],
};
