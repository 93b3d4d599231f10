/**
 * UK GDPR with the Data Protection Act 2018: since 2021 a regime of its own with one authority, the
 * Information Commissioner's Office, separate from the EU's. Arts. 33 and 34 read as in the GDPR: the ICO is
 * notified within 72 hours of awareness (ico.org.uk: "72 hours", counted like the GDPR's), further
 * information may follow in phases, and people at high risk are told without undue delay.
 */
import { gdpr } from './gdpr.js';
import type { Regime } from './types.js';

const ico = {
  kind: 'authority' as const,
  authority: {
    name: "Information Commissioner's Office",
    country: 'GB',
    portal: 'https://ico.org.uk/for-organisations/report-a-breach/',
  },
};

export const ukGdpr: Regime = {
  id: 'uk-gdpr',
  name: 'UK GDPR',
  obligations: gdpr.obligations.map((obligation) => ({
    ...obligation,
    title: obligation.title.replace('authority notice', 'ICO notice').replace('(Art.', '(UK GDPR Art.'),
    citation: obligation.citation.replace('GDPR', 'UK GDPR'),
    ...(obligation.addressee.kind === 'lead-authority' ? { addressee: ico } : {}),
  })),
};
