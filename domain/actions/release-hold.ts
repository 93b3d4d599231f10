/** The end of a hold on the communication: the reminders resume. */
import { z } from 'zod';
import { activeHold } from '../subjects.js';
import { actor, defineAction, defined, text } from './support.js';

export const releaseHold = defineAction({
  schema: () => z.strictObject({ note: text(2000).optional(), actor: actor() }),
  rule(_action, state, _now, problems) {
    if (!activeHold(state)) problems.push({ path: '(case)', message: 'no hold is in force' });
  },
  apply(action, state, nowIso) {
    const hold = activeHold(state)!;
    hold.released = defined({ at: nowIso, by: action.actor, note: action.note });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'hold on the communication released',
      detail: `ref ${hold.reference}`,
    });
  },
});
