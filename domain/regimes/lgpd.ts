/**
 * Brazil: LGPD (Lei 13.709/2018) Art. 48 with ANPD Resolution CD/ANPD No 15/2024 (Regulation on security
 * incident communication). The clocks run from *knowledge* that the incident affected personal data.
 *
 * - Res. 15/2024 Art. 6: communicate the incident to the ANPD within 3 working days;
 * - Art. 6 §3 (as summarised by the ANPD): complementary information within 20 working days from that
 *   communication;
 * - Art. 9: communicate it to the data subjects within 3 working days as well;
 * - small processing agents have these periods doubled (Res. CD/ANPD No 2/2022 Art. 14, kept by Res. 15/2024):
 *   6 and 40 working days for a case whose controller is marked `smallProcessingAgent`; any other case has the
 *   ordinary periods, so a missing mark can only make the alarm early.
 * Working days exclude weekends and Brazil's national public holidays (domain/calendars/br.ts, generated from
 * date-holidays); Carnival Monday and Tuesday are optional points there and are counted as working days, the
 * conservative reading.
 */
import type { ObligationFacts, ObligationSpec, Regime } from './types.js';

const anpd = {
  kind: 'authority' as const,
  authority: {
    name: 'Autoridade Nacional de Proteção de Dados (ANPD)',
    country: 'BR',
    portal:
      'https://www.gov.br/anpd/pt-br/canais_atendimento/agente-de-tratamento/comunicado-de-incidente-de-seguranca-cis',
  },
};

/** Res. CD/ANPD 2/2022 Art. 14: a small processing agent's periods are twice the ordinary ones. */
function periods(small: boolean): ObligationSpec[] {
  const days = (ordinary: number) => (small ? 2 * ordinary : ordinary);
  const size = small ? ', doubled for a small processing agent' : '';
  const appliesWhen = (facts: ObligationFacts) => facts.smallProcessingAgent === small;
  return [
    {
      key: 'notice',
      kind: 'authority-notice',
      title: `communication to the ANPD (LGPD Art. 48, ${days(3)} working days${size})`,
      citation: 'LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6',
      trigger: 'knowledge',
      clock: { unit: 'working-days', amount: days(3), calendar: 'BR' },
      addressee: anpd,
      items: ['a', 'b', 'c', 'd'],
      appliesWhen,
    },
    {
      key: 'complementary',
      kind: 'authority-report',
      title: `complementary information (Res. CD/ANPD 15/2024, ${days(20)} working days${size})`,
      citation: 'Res. CD/ANPD 15/2024 Art. 6 §3',
      trigger: { filed: 'notice' },
      clock: { unit: 'working-days', amount: days(20), calendar: 'BR' },
      addressee: anpd,
      onlyWhileIncomplete: true,
      appliesWhen,
    },
    {
      key: 'subjects',
      kind: 'subjects-communication',
      title: `communication to the data subjects (Res. CD/ANPD 15/2024 Art. 9, ${days(3)} working days${size})`,
      citation: 'Res. CD/ANPD 15/2024 Art. 9',
      trigger: 'knowledge',
      clock: { unit: 'working-days', amount: days(3), calendar: 'BR' },
      addressee: { kind: 'data-subjects' },
      appliesWhen,
    },
  ];
}

export const lgpd: Regime = {
  id: 'lgpd',
  name: 'LGPD',
  scope: 'controllers processing personal data in Brazil or of people in Brazil',
  obligations: [...periods(false), ...periods(true)],
};
