/** `breach close`: closes a case; the case refuses while a notice, an item or a duty is still owed. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('close', {
  summary: 'close the case (refused while a duty is open)',
  group: 'cases',
  fields: { note: { field: 'note', description: 'anything worth keeping with the closure' } },
});
