/** `breach add-regime`: the case falls under one more regime, found after opening. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('addRegime', {
  summary: 'put the case under one more regime (NIS2, DORA, ...); its clocks run from their own events',
  group: 'facts',
  fields: {
    regime: { field: 'regime', description: 'the regime to add' },
    reason: { field: 'reason', description: 'why the case falls under it (kept in the timeline)' },
  },
  notes: ['set the event its clocks run from with set-trigger, when it is not awareness'],
});
