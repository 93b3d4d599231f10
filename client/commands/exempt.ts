/** `breach exempt`: an Art. 34(3) exemption from telling the data subjects, with its evidence. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('exempt', {
  summary: 'record an Art. 34(3) exemption with its evidence',
  group: 'subjects',
  fields: {
    ground: {
      field: 'ground',
      description: '(a) unintelligible data, (b) high risk removed, (c) disproportionate effort',
    },
    evidence: { field: 'evidence', description: 'what shows that the ground applies' },
    'public-channel': {
      field: 'publicCommunication.channel',
      value: 'C',
      description: 'ground (c): where the public communication was made',
    },
    'public-at': { field: 'publicCommunication.at', description: 'ground (c): when it was made' },
    'public-reference': {
      field: 'publicCommunication.reference',
      value: 'R',
      description: 'ground (c): its reference or link',
    },
  },
  notes: ['ground (c) needs the public communication: --public-channel and --public-at'],
});
