/** A law-enforcement request to delay telling the data subjects (Recitals 86, 88), with its review date. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { activeHold, subjectsCommunicationBasis } from '../subjects.js';
import { DAY_MS } from '../time.js';
import { actor, defineAction, text, line } from './support.js';

// A hold is reviewed within a year: an open-ended delay of the communication is not what Recital 88 allows.
const LONGEST_HOLD_REVIEW_MS = 366 * DAY_MS;

export const hold = defineAction({
  /** Recitals 86/88: a law-enforcement authority asked to delay the communication to the data subjects. */
  schema: () =>
    z.strictObject({
      authority: line(200),
      reference: line(200),
      reason: text(2000),
      reviewAt: instant(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    if (!subjectsCommunicationBasis(state)) {
      problems.push({
        path: '(case)',
        message: 'no communication to the data subjects is required, so there is nothing to delay',
      });
    }
    if (Date.parse(action.reviewAt) <= now) {
      problems.push({ path: 'reviewAt', message: 'the review date must lie ahead' });
    } else if (Date.parse(action.reviewAt) > now + LONGEST_HOLD_REVIEW_MS) {
      problems.push({ path: 'reviewAt', message: 'review a hold within a year' });
    }
  },
  apply(action, state, nowIso) {
    // A further request from the authority renews the hold: the earlier one ends where the new one starts.
    const earlier = activeHold(state);
    if (earlier)
      earlier.released = { at: nowIso, by: action.actor, note: `renewed by ref ${action.reference}` };
    (state.holds ??= []).push({
      authority: action.authority,
      reference: action.reference,
      reason: action.reason,
      reviewAt: action.reviewAt,
      placedAt: nowIso,
      placedBy: action.actor,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'communication to the data subjects on hold (Recitals 86/88)',
      detail: `at the request of ${action.authority}, ref ${action.reference}; review by ${action.reviewAt}`,
    });
  },
});
