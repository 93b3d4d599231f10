/** `breach hold`: a law-enforcement authority asked to delay telling the data subjects (Recitals 86/88). */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('hold', {
  summary: 'delay the communication to the data subjects at the request of a law-enforcement authority',
  group: 'subjects',
  fields: {
    authority: {
      field: 'authority',
      value: 'A',
      description: 'who asked for the delay (e.g. the public prosecutor)',
    },
    reference: { field: 'reference', value: 'R', description: 'its reference of the request' },
    reason: { field: 'reason', description: 'why it asked' },
    'review-at': {
      field: 'reviewAt',
      description: 'when to ask again whether the hold still applies (within a year)',
    },
  },
  notes: ['reminders to tell the data subjects pause until "release-hold"; a second hold renews the first'],
});
