/** The risk assessment: none, risk or high, with the rationale; departing from the ENISA suggestion needs a reason. */
import { z } from 'zod';
import { suggestion } from '../case-state.js';
import { actor, defineAction, defined, text } from './support.js';

export const assess = defineAction({
  schema: () =>
    z.strictObject({
      risk: z.enum(['none', 'risk', 'high']),
      rationale: text(4000).optional(),
      overrideReason: text(4000).optional(),
      actor: actor(),
    }),
  rule(action, state, _now, problems) {
    if (action.risk === 'none' && !action.rationale) {
      problems.push({
        path: 'rationale',
        message: 'a "none" assessment needs the rationale that will be kept',
      });
    }
    const suggested = suggestion(state).suggestedRisk;
    if (action.risk !== suggested && !action.overrideReason) {
      problems.push({
        path: 'overrideReason',
        message: `the ENISA suggestion is "${suggested}"; say why this case is "${action.risk}"`,
      });
    }
  },
  apply(action, state, nowIso) {
    const s = suggestion(state);
    state.assessments.push(
      defined({
        risk: action.risk,
        rationale: action.rationale,
        overrideReason: action.overrideReason,
        decidedBy: action.actor,
        at: nowIso,
        suggestion: s,
      }),
    );
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `risk assessed: ${action.risk}`,
      detail: `ENISA ${s.score} (${s.band})${action.overrideReason ? `; override: ${action.overrideReason}` : ''}`,
    });
  },
});
