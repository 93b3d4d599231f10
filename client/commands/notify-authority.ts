/** `breach notify-authority`: the initial notice as filed with the supervisory authority (Art. 33(1)). */
import { defineActionCommand } from '../action-command.js';

/** What every filing with an authority records, initial or supplementary. */
export const filingFields = {
  reference: { field: 'reference', value: 'R', description: "the authority's reference of the filing" },
  channel: { field: 'channel', value: 'C', description: 'how it was filed (web form, e-mail, ...)' },
  'filed-at': { field: 'filedAt', description: 'when it was filed (default: now)' },
  'content-file': {
    field: 'contentSha256',
    description: 'the document filed; its SHA-256 is recorded (default: the rendered notice)',
  },
  regime: { field: 'regime', description: "whose authority (default: the case's first regime)" },
} as const;

export const command = defineActionCommand('notifyAuthority', {
  summary: 'record the initial notice to the supervisory authority',
  group: 'authority',
  fields: {
    ...filingFields,
    items: {
      field: 'items',
      description: 'the Art. 33(3) items the notice covers (default: those the case facts cover)',
    },
    'reasons-for-delay': {
      field: 'reasonsForDelay',
      description: 'required after the 72 hours (Art. 33(1))',
    },
  },
});
