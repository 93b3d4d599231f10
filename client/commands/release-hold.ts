/** `breach release-hold`: the hold on telling the data subjects ends, and the Art. 34 reminders resume. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('releaseHold', {
  summary: 'end the hold on the communication to the data subjects',
  group: 'subjects',
  fields: {
    note: { field: 'note', description: 'why the hold ends (e.g. the authority withdrew its request)' },
  },
});
