/** `breach no-notification`: the documented decision that no notice is needed, kept with its rationale. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('noNotification', {
  summary: 'document that no notice is needed, with the rationale kept in the register',
  group: 'authority',
  fields: {
    rationale: { field: 'rationale', description: 'why no notice is needed (kept in the register)' },
  },
});
