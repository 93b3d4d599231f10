/** The authority's decision under Art. 34(4): it requires the communication, or finds an Art. 34(3) condition met. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { actor, defineAction, defined, notBeforeAwareness, notInFuture, text, line } from './support.js';

export const authorityDecision = defineAction({
  /** Art. 34(4): the authority required the communication, or decided that an Art. 34(3) condition is met. */
  schema: () =>
    z.strictObject({
      decision: z.enum(['require-communication', 'exemption-applies']),
      ground: z.enum(['a', 'b', 'c']).optional(),
      reference: line(200),
      decidedAt: instant().optional(),
      note: text(4000).optional(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    notInFuture(action.decidedAt, 'decidedAt', now, problems);
    notBeforeAwareness(action.decidedAt, 'decidedAt', state, problems);
    if (action.decision === 'exemption-applies' && !action.ground) {
      problems.push({
        path: 'ground',
        message: 'name the Art. 34(3) ground the authority found met: a, b or c',
      });
    }
    if (action.decision === 'require-communication' && action.ground) {
      problems.push({ path: 'ground', message: 'a ground belongs to a decision that an exemption applies' });
    }
  },
  apply(action, state, nowIso) {
    const decidedAt = action.decidedAt ?? nowIso;
    (state.authorityDecisions ??= []).push(
      defined({
        decision: action.decision,
        ground: action.ground,
        reference: action.reference,
        decidedAt,
        note: action.note,
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event:
        action.decision === 'require-communication'
          ? 'authority required the communication to the data subjects (Art. 34(4))'
          : `authority decided that Art. 34(3)(${action.ground ?? ''}) applies (Art. 34(4))`,
      detail: `ref ${action.reference}, decided ${decidedAt}`,
    });
  },
});
