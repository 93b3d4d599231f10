/** `breach set-awareness`: a corrected awareness; every deadline moves and a filed notice is judged again. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('setAwareness', {
  summary: 'correct when the controller became aware; the deadlines move with it',
  group: 'facts',
  fields: {
    'aware-at': {
      field: 'awareAt',
      description: 'when the controller became reasonably certain that personal data were compromised',
    },
    reason: { field: 'reason', description: 'why awareness is corrected (kept in the timeline)' },
  },
});
