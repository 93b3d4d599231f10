/** A processor's answer to the request for facts (Art. 33(2)); it stops the processor's chase. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { actor, defineAction, defined, notInFuture, text, line } from './support.js';

export const processorAnswer = defineAction({
  schema: () =>
    z.strictObject({
      processorId: z.string().min(1),
      summary: text(4000),
      whatHappened: text(4000).optional(),
      dataAffected: text(4000).optional(),
      subjectsAffected: z.number().int().min(0).optional(),
      measures: text(4000).optional(),
      contact: line(500).optional(),
      receivedAt: instant().optional(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    if (!state.processors[action.processorId]) {
      const known = Object.keys(state.processors);
      problems.push({
        path: 'processorId',
        message: known.length
          ? `not a processor of this case (known: ${known.join(', ')})`
          : 'this case has no processors',
      });
    }
    notInFuture(action.receivedAt, 'receivedAt', now, problems);
  },
  apply(action, state, nowIso) {
    const chase = state.processors[action.processorId]!;
    const { actor: recordedBy, processorId: _id, receivedAt, ...answer } = action;
    chase.answers.push(defined({ ...answer, receivedAt: receivedAt ?? nowIso, recordedBy }));
    state.timeline.push({
      at: nowIso,
      actor: recordedBy,
      event: 'processor answered',
      detail: `processor ${action.processorId}`,
    });
  },
});
