/**
 * Records or corrects an event a regime's clock runs from, other than awareness (which has set-awareness):
 * the classification of an incident as major (DORA), awareness of a significant incident (NIS2), discovery
 * (HIPAA), knowledge (LGPD), detection (ePrivacy). The clocks that run from it move with it.
 */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { TRIGGER_KINDS } from '../regimes/types.js';
import { recordTrigger, triggerInstant, TRIGGER_LABELS } from '../triggers.js';
import { actor, defineAction, notInFuture, text } from './support.js';

/** Awareness has its own action; the duty to tell the people follows from the assessments and orders. */
type SettableEvent = Exclude<(typeof TRIGGER_KINDS)[number], 'awareness' | 'high-risk'>;
const EVENTS = TRIGGER_KINDS.filter((kind) => kind !== 'awareness' && kind !== 'high-risk') as [
  SettableEvent,
  ...SettableEvent[],
];

export const setTrigger = defineAction({
  schema: () => z.strictObject({ event: z.enum(EVENTS), at: instant(), reason: text(2000), actor: actor() }),
  rule(action, _state, now, problems) {
    notInFuture(action.at, 'at', now, problems);
  },
  apply(action, state, nowIso) {
    const previous = triggerInstant(state, action.event);
    recordTrigger(state, action.event, {
      at: action.at,
      decidedBy: action.actor,
      reason: action.reason,
      recordedAt: nowIso,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `${TRIGGER_LABELS[action.event]} ${previous.source === 'recorded' ? 'corrected' : 'recorded'}`,
      detail: `${previous.source === 'default' ? `(taken as awareness, ${previous.at})` : previous.at} -> ${action.at}`,
    });
  },
});
