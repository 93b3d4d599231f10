/** `breach supplement`: information filed with the authority in phases after the notice (Art. 33(4)). */
import { defineActionCommand } from '../action-command.js';
import { filingFields } from './notify-authority.js';

export const command = defineActionCommand('supplement', {
  summary: 'record supplementary information filed with the authority (Art. 33(4))',
  group: 'authority',
  fields: {
    ...filingFields,
    items: { field: 'items', description: 'the Art. 33(3) items this filing supplies, if any' },
    'reasons-for-delay': {
      field: 'reasonsForDelay',
      description: 'the Art. 33(1) reasons, when the notice was late',
    },
  },
  notes: [
    'a filing with neither items nor reasons gives the facts amended since the last filing (see "amend")',
  ],
});
