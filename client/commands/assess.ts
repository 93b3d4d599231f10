/** `breach assess`: the DPO's risk assessment of a case, beside the ENISA suggestion its status shows. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('assess', {
  summary: 'record the risk assessment: none, risk or high',
  group: 'facts',
  fields: {
    risk: { field: 'risk', description: 'the risk to the people affected' },
    rationale: { field: 'rationale', description: 'why, kept in the register; "none" needs it' },
    'override-reason': {
      field: 'overrideReason',
      description: 'why the assessment differs from the ENISA suggestion; needed when it does',
    },
  },
});
