/** A corrected awareness: every clock moves and every filed notice is judged again. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { caseRegimes, noticeLateness } from '../obligations.js';
import { actor, defineAction, notInFuture, text } from './support.js';

export const setAwareness = defineAction({
  schema: () => z.strictObject({ awareAt: instant(), reason: text(2000), actor: actor() }),
  /** A new version of the facts: the keys given replace the current ones (objects merge, lists replace). */
  rule(action, state, now, problems) {
    notInFuture(action.awareAt, 'awareAt', now, problems);
    for (const filed of state.notices.filter((n) => n.kind === 'initial')) {
      if (Date.parse(action.awareAt) > Date.parse(filed.filedAt)) {
        problems.push({ path: 'awareAt', message: `is later than the notice filed at ${filed.filedAt}` });
      }
    }
    if (Date.parse(action.awareAt) < Date.parse(state.caseFile.detectedAt)) {
      problems.push({ path: 'awareAt', message: `is earlier than detection (${state.caseFile.detectedAt})` });
    }
  },
  apply(action, state, nowIso) {
    const previous = state.awareAt;
    const regimes = caseRegimes(state).map((r) => r.id);
    const wasLate = regimes.map((regime) => noticeLateness(state, regime)?.late ?? false);
    state.awareAt = action.awareAt;
    state.awareness.push({
      awareAt: action.awareAt,
      decidedBy: action.actor,
      reason: action.reason,
      recordedAt: nowIso,
    });
    // Every filed notice is judged again against the corrected awareness.
    const verdict = regimes
      .map((regime, i) => {
        const lateness = noticeLateness(state, regime);
        if (!lateness) return '';
        if (lateness.late && !wasLate[i])
          return `; the notice filed at ${lateness.filedAt} is now late (legal end ${lateness.legalEndAt}): the reasons for the delay are owed`;
        if (!lateness.late && wasLate[i])
          return `; the notice filed at ${lateness.filedAt} is now on time (legal end ${lateness.legalEndAt})`;
        return '';
      })
      .join('');
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'awareness corrected',
      detail: `${previous} -> ${action.awareAt}${verdict}`,
    });
  },
});
