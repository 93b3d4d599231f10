/** `breach no-notification`: the documented decision that no notice is needed, kept with its rationale. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('noNotification', {
  fields: {
    rationale: { field: 'rationale', description: 'why no notice is needed (kept in the register)' },
  },
});
