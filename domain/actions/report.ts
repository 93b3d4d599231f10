/**
 * A later stage filed with an authority (NIS2 Art. 23(4)(b) and (d), DORA Art. 19(4)(b) and (c), Reg. 611/2013
 * Art. 2(3), LGPD complementary information): its own clock stops, and the stage that follows it starts.
 */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { clockStarted, legalEndOf } from '../obligations.js';
import { reportFilings, reportName, reportObligation, reportObligations } from '../reports.js';
import { regimeRef, actor, defineAction, defined, line, notInFuture, sha256, text } from './support.js';

export const report = defineAction({
  schema: () =>
    z.strictObject({
      regime: regimeRef(),
      /** The stage's key in its regime: `notification`, `final`, `intermediate`, ... */
      stage: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a stage key such as "final"'),
      reference: line(200),
      filedAt: instant().optional(),
      channel: line(200),
      contentSha256: sha256().optional(),
      note: text(4000).optional(),
      actor: actor(),
    }),
  rule(action, state, now, problems) {
    const obligation = reportObligation(state, action.regime, action.stage);
    if (!obligation) {
      const stages = reportObligations(state).map((o) => `${o.regime.id} ${o.spec.key}`);
      problems.push({
        path: 'stage',
        message: `the case owes no stage "${action.stage}" under ${action.regime}${stages.length ? ` (its stages: ${stages.join(', ')})` : ''}`,
      });
      return;
    }
    if (!clockStarted(state, obligation)) {
      problems.push({ path: 'stage', message: `${obligation.spec.title} follows a stage not yet filed` });
    }
    notInFuture(action.filedAt, 'filedAt', now, problems);
  },
  apply(action, state, nowIso) {
    const obligation = reportObligation(state, action.regime, action.stage)!;
    const filedAt = action.filedAt ?? nowIso;
    const again = reportFilings(state, obligation).length > 0;
    (state.reports ??= []).push(
      defined({
        regime: action.regime,
        stage: action.stage,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        contentSha256: action.contentSha256,
        note: action.note,
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const late = Date.parse(filedAt) > Date.parse(legalEndOf(state, obligation));
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `${reportName(state, obligation)} filed${again ? ' (updated)' : ''}${late && !again ? ' late' : ''}`,
      detail: `ref ${action.reference} via ${action.channel}, filed ${filedAt}`,
    });
  },
});
