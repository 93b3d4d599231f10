/** Closing the case, refused while anything is still owed. */
import { z } from 'zod';
import { closeBlockers } from '../progress.js';
import { actor, defineAction, defined, text } from './support.js';

export const close = defineAction({
  schema: () => z.strictObject({ note: text(4000).optional(), actor: actor() }),
  rule(_action, state, _now, problems) {
    for (const blocker of closeBlockers(state)) problems.push({ path: '(case)', message: blocker });
  },
  apply(action, state, nowIso) {
    state.closed = defined({ at: nowIso, by: action.actor, note: action.note });
    state.timeline.push({ at: nowIso, actor: action.actor, event: 'case closed' });
  },
});
