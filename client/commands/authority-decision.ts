/** `breach authority-decision`: the supervisory authority's Art. 34(4) decision on telling the data subjects. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('authorityDecision', {
  summary: "record the authority's Art. 34(4) decision: communication required, or an exemption applies",
  group: 'subjects',
  fields: {
    decision: { field: 'decision', description: 'what the authority decided (below)' },
    ground: { field: 'ground', description: 'with exemption-applies: the Art. 34(3) ground it found met' },
    reference: { field: 'reference', value: 'R', description: "the authority's reference of the decision" },
    'decided-at': { field: 'decidedAt', description: 'when the authority decided (default: now)' },
    note: { field: 'note', description: 'anything worth keeping with it' },
  },
  notes: [
    'require-communication: the data subjects must be told, whatever the own assessment or exemption says',
    'exemption-applies: the authority found an Art. 34(3) condition met; --ground names it (a, b or c)',
  ],
});
