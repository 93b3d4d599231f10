/**
 * Puts the case under one more regime after opening: the incident is classified as NIS2-significant on day 2,
 * or UK residents turn out to be affected. The new regime's clocks run from their own events, so a regime
 * added late can be overdue at once, and says so.
 */
import { z } from 'zod';
import { REGIME_IDS, REGIMES } from '../regimes/index.js';
import { actor, defineAction, text } from './support.js';

export const addRegime = defineAction({
  schema: () => z.strictObject({ regime: z.enum(REGIME_IDS), reason: text(2000), actor: actor() }),
  rule(action, state, _now, problems) {
    if (state.caseFile.regimes.includes(action.regime)) {
      problems.push({ path: 'regime', message: `the case is already under ${action.regime}` });
    }
  },
  apply(action, state, nowIso) {
    state.caseFile.regimes = [...state.caseFile.regimes, action.regime];
    (state.regimeAdditions ??= []).push({
      regime: action.regime,
      reason: action.reason,
      addedBy: action.actor,
      addedAt: nowIso,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `now also under ${REGIMES[action.regime].name}`,
      detail: action.reason,
    });
  },
});
