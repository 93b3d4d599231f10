/** `breach report`: a later stage filed with an authority; its clock stops and the next stage's starts. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('report', {
  summary:
    "record a later stage filed with an authority (NIS2's final report, DORA's intermediate report, ...)",
  group: 'authority',
  fields: {
    regime: { field: 'regime', description: 'the regime the stage belongs to (nis2, dora, ...)' },
    stage: {
      field: 'stage',
      value: 'S',
      description: 'the stage, as status lists it (notification, final, ...)',
    },
    reference: { field: 'reference', value: 'R', description: "the authority's reference of the filing" },
    channel: { field: 'channel', value: 'C', description: 'how it was filed (web form, e-mail, ...)' },
    'filed-at': { field: 'filedAt', description: 'when it was filed (default: now)' },
    'content-file': { field: 'contentSha256', description: 'the document filed; its SHA-256 is recorded' },
    note: { field: 'note', description: 'anything worth keeping with it' },
  },
  notes: ['"breach status" lists the stages a case owes, with their deadlines'],
});
