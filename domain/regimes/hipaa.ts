/**
 * United States: HIPAA Breach Notification Rule, 45 CFR 164.400-414, for covered entities. The clocks run
 * from *discovery*: the first day the breach is known, or would have been known with reasonable diligence
 * (164.404(a)(2)).
 *
 * - 164.404(b): the individuals without unreasonable delay and in no case later than 60 calendar days;
 * - 164.408(b): for 500 or more individuals, the Secretary (HHS) at the same time as the individuals;
 * - 164.408(c): for fewer than 500, HHS within 60 days after the end of the calendar year of discovery;
 * - 164.406: prominent media outlets serving the State when more than 500 of its residents are affected, within
 *   the same 60 days (`dataSubjects.byRegion` splits the people by State; without it all are taken to live in
 *   one, so more than 500 in all owes the media notice, the stricter reading);
 * - 164.410: a business associate tells the covered entity within 60 days (the processor ladder's contract
 *   window covers it).
 * Days end at midnight Eastern time: for covered entities further west the alarm is earlier, never later.
 */
import type { Regime } from './types.js';

const hhs = {
  kind: 'authority' as const,
  authority: {
    name: 'U.S. Department of Health and Human Services, Office for Civil Rights',
    country: 'US',
    portal: 'https://ocrportal.hhs.gov/ocr/breach/',
  },
};
const EASTERN = 'America/New_York';

export const hipaa: Regime = {
  id: 'hipaa',
  name: 'HIPAA',
  scope: 'covered entities under the U.S. HIPAA Breach Notification Rule',
  obligations: [
    {
      key: 'notice',
      kind: 'authority-notice',
      title: 'notice to HHS (45 CFR 164.408(b), with the individuals, 60 days)',
      citation: '45 CFR 164.408(b)',
      trigger: 'discovery',
      clock: { unit: 'calendar-days', amount: 60, zone: EASTERN },
      addressee: hhs,
      appliesWhen: (facts) => facts.subjects >= 500,
    },
    {
      key: 'notice',
      kind: 'authority-notice',
      title: 'annual notice to HHS (45 CFR 164.408(c), 60 days after the year end)',
      citation: '45 CFR 164.408(c)',
      trigger: 'discovery',
      clock: { unit: 'days-after-year-end', amount: 60, zone: EASTERN },
      addressee: hhs,
      appliesWhen: (facts) => facts.subjects < 500,
    },
    {
      key: 'media',
      kind: 'authority-report',
      title:
        'notice to prominent media outlets (45 CFR 164.406, more than 500 residents of a State, 60 days)',
      citation: '45 CFR 164.406(a), (b)',
      trigger: 'discovery',
      clock: { unit: 'calendar-days', amount: 60, zone: EASTERN },
      addressee: {
        kind: 'media',
        audience: { name: 'prominent media outlets serving the State or jurisdiction', country: 'US' },
      },
      appliesWhen: (facts) => (facts.mostInOneRegion ?? facts.subjects) > 500,
      since: 1,
    },
    {
      key: 'subjects',
      kind: 'subjects-communication',
      title: 'notice to the individuals (45 CFR 164.404, 60 days after discovery)',
      citation: '45 CFR 164.404(b)',
      trigger: 'discovery',
      clock: { unit: 'calendar-days', amount: 60, zone: EASTERN },
      addressee: { kind: 'data-subjects' },
    },
  ],
};
