/** A communication to the data subjects (Art. 34), counted against the people affected. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { currentFactsVersion } from '../case-state.js';
import { LANGUAGES, renderSubjectsLetter } from '../documents.js';
import { sha256Hex } from '../sha256.js';
import { subjectsAffected, subjectsTold } from '../subjects.js';
import { actor, defineAction, defined, notBeforeAwareness, notInFuture, line, sha256 } from './support.js';

export const notifySubjects = defineAction({
  schema: () =>
    z.strictObject({
      count: z.number().int().min(1),
      channel: line(200),
      sentAt: instant().optional(),
      group: line(200).optional(),
      /** The SHA-256 of the letter as sent; without it, of the letter the case renders for this communication. */
      contentSha256: sha256().optional(),
      /** The letter's language, when it is not the group's (or the case's) own. */
      language: z.enum(LANGUAGES).optional(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    notInFuture(action.sentAt, 'sentAt', now, problems);
    notBeforeAwareness(action.sentAt, 'sentAt', state, problems);
    const affected = subjectsAffected(state);
    const told = subjectsTold(state);
    if (affected > 0 && told + action.count > affected) {
      problems.push({
        path: 'count',
        message: `${told} of the ${affected} people affected are already told: at most ${affected - told} more; if more people are affected, amend the facts (dataSubjects.approximate) first`,
      });
    }
  },
  apply(action, state, nowIso) {
    const sentAt = action.sentAt ?? nowIso;
    const letter = defined({ dated: sentAt, group: action.group, language: action.language });
    state.subjectsCommunications.push(
      defined({
        count: action.count,
        channel: action.channel,
        sentAt,
        group: action.group,
        // The letter sent is evidence like a notice: its hash and the facts it was written from are kept.
        contentSha256: action.contentSha256 ?? sha256Hex(renderSubjectsLetter(state, letter)),
        factsVersion: currentFactsVersion(state),
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const affected = subjectsAffected(state);
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'data subjects told',
      detail: `${action.count}${action.group ? ` (${action.group})` : ''} via ${action.channel} at ${sentAt}; ${subjectsTold(state)} of ${affected || 'an unknown number'} told`,
    });
  },
});
