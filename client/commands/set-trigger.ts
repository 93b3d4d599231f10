/** `breach set-trigger`: records or corrects an event a regime's clock runs from; those clocks move with it. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('setTrigger', {
  summary: 'record or correct an event a clock runs from (classification as major, discovery, ...)',
  group: 'facts',
  fields: {
    event: { field: 'event', description: 'the event (awareness has its own command, set-awareness)' },
    at: { field: 'at', description: 'when it happened' },
    reason: { field: 'reason', description: 'why (kept in the timeline)' },
  },
  notes: [
    'detection: ePrivacy; incident-awareness: NIS2, DORA; major-classification: DORA; knowledge: LGPD; discovery: HIPAA',
    'an event not recorded is taken as awareness (detection as detectedAt): the earlier, safer reading',
  ],
});
