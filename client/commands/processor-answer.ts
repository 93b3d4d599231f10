/**
 * `breach processor-answer` (also still `vendor-reply`, its first name): a processor's answer to the request
 * for facts (Art. 33(2)); it stops the processor's reminder ladder.
 */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('processorAnswer', {
  summary: "record a processor's answer; stops its reminder ladder",
  group: 'facts',
  aliases: ['vendor-reply'],
  fields: {
    processor: { field: 'processorId', value: 'ID', description: "the processor's id in the case file" },
    summary: { field: 'summary', description: 'what it said, in short' },
    'what-happened': { field: 'whatHappened', description: 'what happened, as it says' },
    'data-affected': { field: 'dataAffected', description: 'which data it says are affected' },
    'subjects-affected': { field: 'subjectsAffected', description: 'how many people it says are affected' },
    measures: { field: 'measures', description: 'what it did or will do about it' },
    contact: { field: 'contact', description: 'whom to ask there' },
    'received-at': { field: 'receivedAt', description: 'when the answer came (default: now)' },
  },
});
