/** A new version of the facts, with who, when and why (facts.ts). */
import { z } from 'zod';
import { amendedFacts, recordAmendment } from '../facts.js';
import { actor, defineAction, text } from './support.js';

export const amend = defineAction({
  schema: () =>
    z.strictObject({
      facts: z
        .record(z.string(), z.unknown())
        .refine((facts) => Object.keys(facts).length > 0, 'name at least one fact to change'),
      reason: text(2000),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    const result = amendedFacts(state, action.facts, now);
    if (!result.ok) problems.push(...result.problems.map((p) => ({ ...p, path: `facts.${p.path}` })));
    else if (!result.changed.length)
      problems.push({ path: 'facts', message: 'nothing changes: every fact given equals the current one' });
  },
  apply(action, state, nowIso) {
    const result = amendedFacts(state, action.facts, Date.parse(nowIso));
    if (!result.ok) return; // checked before; a rejected amendment never reaches here
    recordAmendment(state, result, { at: nowIso, by: action.actor, reason: action.reason });
  },
});
