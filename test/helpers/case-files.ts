import { type CaseFile, type CaseFileInput } from '../../domain/case-file.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';

/** A mis-sent data export, as a DPO would write it up; tests override what they exercise. */
export function sampleCaseInput(overrides: Partial<CaseFileInput> = {}): CaseFileInput {
  return {
    controller: {
      name: 'Example Voice Assistant GmbH',
      dpo: { name: 'Dana Example', email: 'dpo@example.test', phone: '+49 30 1234567' },
    },
    leadAuthority: {
      name: 'Berliner Beauftragte für Datenschutz',
      country: 'DE',
      email: 'mailbox@authority.test',
    },
    description:
      "A customer's data export request was answered with another customer's voice recordings (about 1,700 files).",
    detectedAt: '2026-11-20T09:00:00Z',
    awareness: {
      decidedBy: 'Dana Example',
      reason: 'The recipient reported the files and we confirmed them.',
    },
    dataCategories: [{ name: 'Voice recordings from the home', kind: 'behavioural' }],
    dataSubjects: { approximate: 1, categories: ['customers'] },
    records: { approximate: 1700 },
    countries: ['DE'],
    measuresTaken: ['Recipient asked to delete the files; deletion confirmed in writing.'],
    likelyConsequences: ['Disclosure of private conversations from the home to a stranger.'],
    processors: [],
    recipients: {
      dpo: ['dpo@example.test'],
      ciso: ['ciso@example.test'],
      management: ['ceo@example.test'],
      legal: ['legal@example.test'],
    },
    severity: { identifiability: 'maximum', lossOfConfidentiality: 'known-parties' },
    ...overrides,
  };
}

export function sampleCaseFile(overrides: Partial<CaseFileInput> = {}): CaseFile {
  return caseFileSchema.parse(sampleCaseInput(overrides));
}
