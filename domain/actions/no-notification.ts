/** The documented decision that no notice is needed, kept with its rationale. */
import { z } from 'zod';
import { suggestion } from '../case-state.js';
import { actor, defineAction, defined, text } from './support.js';

export const noNotification = defineAction({
  schema: () => z.strictObject({ rationale: text(4000), actor: actor() }),
  rule(_action, state, _now, problems) {
    if (state.notices.length) {
      problems.push({
        path: '(case)',
        message: 'a notice is already filed; it cannot be undone by this decision',
      });
    }
  },
  apply(action, state, nowIso) {
    const s = suggestion(state);
    // Documenting "no notice" against the ENISA suggestion is an override; its rationale is the reason.
    state.assessments.push(
      defined({
        risk: 'none' as const,
        rationale: action.rationale,
        overrideReason: s.suggestedRisk === 'none' ? undefined : action.rationale,
        decidedBy: action.actor,
        at: nowIso,
        suggestion: s,
      }),
    );
    state.timeline.push({ at: nowIso, actor: action.actor, event: 'documented: no notification needed' });
  },
});
