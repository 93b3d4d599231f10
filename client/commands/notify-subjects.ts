/** `breach notify-subjects`: a communication to the data subjects (Art. 34), counted against those affected. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('notifySubjects', {
  summary: 'record the communication to the data subjects (Art. 34)',
  group: 'subjects',
  fields: {
    count: { field: 'count', description: 'how many people this communication told' },
    channel: { field: 'channel', value: 'C', description: 'how they were told (letter, e-mail, ...)' },
    'sent-at': { field: 'sentAt', description: 'when it was sent (default: now)' },
    group: {
      field: 'group',
      description: 'which people, when they are told in groups (e.g. "customers DE")',
    },
    'content-file': {
      field: 'contentSha256',
      description: 'the letter sent; its SHA-256 is recorded (default: the letter the case renders)',
    },
    language: { field: 'language', description: "the letter's language (default: the group's)" },
  },
});
