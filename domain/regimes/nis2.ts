/**
 * NIS2 (Directive (EU) 2022/2555) Art. 23: essential and important entities report a *significant incident*
 * to their CSIRT or competent authority. The clocks run from awareness of the significant incident, which is
 * not the same event as awareness of a personal-data breach (`incident-awareness`).
 *
 * - Art. 23(4)(a): an early warning without undue delay and in any event within 24 hours;
 * - Art. 23(4)(b): an incident notification without undue delay and in any event within 72 hours;
 * - Art. 23(4)(c): an intermediate report on request of the CSIRT (no clock of its own: record it with
 *   `breach report --stage intermediate` when asked);
 * - Art. 23(4)(d): a final report not later than one month after the incident notification under (b);
 * - Art. 23(4)(e): if the incident is still ongoing then, a progress report at that time and the final report
 *   within one month of its handling (record the progress report as the final stage with a note, and the
 *   final report as an update).
 * The hours are consecutive clock hours from the instant; the month counts to the same date (clamped at month
 * end) in Brussels time.
 */
import type { Regime } from './types.js';

const csirt = { kind: 'case-authority' as const, role: 'CSIRT or competent authority' };

export const nis2: Regime = {
  id: 'nis2',
  name: 'NIS2',
  scope: 'essential and important entities in the EU, for significant incidents',
  obligations: [
    {
      key: 'early-warning',
      kind: 'authority-notice',
      title: 'early warning (NIS2 Art. 23(4)(a), 24 h)',
      citation: 'NIS2 Art. 23(4)(a)',
      trigger: 'incident-awareness',
      clock: { unit: 'hours', amount: 24, period: 'from-instant' },
      addressee: csirt,
    },
    {
      key: 'notification',
      kind: 'authority-report',
      title: 'incident notification (NIS2 Art. 23(4)(b), 72 h)',
      citation: 'NIS2 Art. 23(4)(b)',
      trigger: 'incident-awareness',
      clock: { unit: 'hours', amount: 72, period: 'from-instant' },
      addressee: csirt,
    },
    {
      key: 'final',
      kind: 'authority-report',
      title: 'final report (NIS2 Art. 23(4)(d), 1 month after the notification)',
      citation: 'NIS2 Art. 23(4)(d)',
      trigger: { filed: 'notification' },
      clock: { unit: 'months', amount: 1, zone: 'Europe/Brussels' },
      addressee: csirt,
    },
  ],
};
