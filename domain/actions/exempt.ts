/** An Art. 34(3) exemption from telling the data subjects, with its evidence; (c) needs the public communication. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { riskLevel } from '../case-state.js';
import { latestAuthorityDecision, subjectsCommunicationBasis } from '../subjects.js';
import { actor, defineAction, defined, notInFuture, text, line } from './support.js';

export const exempt = defineAction({
  schema: () =>
    z.strictObject({
      ground: z.enum(['a', 'b', 'c']),
      evidence: text(4000),
      publicCommunication: z
        .strictObject({ channel: line(200), at: instant(), reference: line(500).optional() })
        .optional(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    if (subjectsCommunicationBasis(state) === 'authority-order') {
      problems.push({
        path: 'ground',
        message: `the authority required the communication (Art. 34(4), ref ${latestAuthorityDecision(state)?.reference ?? ''}); only it can decide that an exemption applies (authority-decision)`,
      });
    } else if (riskLevel(state) !== 'high') {
      problems.push({
        path: 'ground',
        message: 'Art. 34(3) exemptions apply only when the risk is assessed high',
      });
    }
    if (action.publicCommunication && action.ground !== 'c') {
      problems.push({ path: 'publicCommunication', message: 'a public communication belongs to ground (c)' });
    }
    notInFuture(action.publicCommunication?.at, 'publicCommunication.at', now, problems);
  },
  apply(action, state, nowIso) {
    state.exemption = defined({
      ground: action.ground,
      evidence: action.evidence,
      decidedBy: action.actor,
      at: nowIso,
      publicCommunication: action.publicCommunication ? defined(action.publicCommunication) : undefined,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `Art. 34(3)(${action.ground}) exemption recorded`,
      ...(action.publicCommunication
        ? { detail: `public communication via ${action.publicCommunication.channel}` }
        : {}),
    });
  },
});
