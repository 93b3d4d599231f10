/** The initial notice to a regime's authority (GDPR Art. 33(1)): filed late, it carries the reasons for the delay. */
import { z } from 'zod';
import { currentFactsVersion, riskLevel } from '../case-state.js';
import { authorityLegalEndAt, initialNotice, noticeLateness, primaryRegime } from '../obligations.js';
import {
  defineAction,
  defined,
  items,
  itemsFromFacts,
  multi,
  notBeforeAwareness,
  notInFuture,
  regimeOf,
  filedContentSha256,
  filingFields,
} from './support.js';

export const notifyAuthority = defineAction({
  schema: () => z.strictObject({ ...filingFields(), items: items().min(1).optional() }),
  rule(action, state, now, problems) {
    const regime = regimeOf(action.regime, state, problems);
    if (!regime) return;
    if (initialNotice(state, regime)) {
      problems.push({ path: '(case)', message: 'the initial notice is already filed; use supplement' });
    }
    if (riskLevel(state) === 'none') {
      problems.push({
        path: '(case)',
        message: 'the current assessment says no notice is needed; record a new assessment first',
      });
    }
    const filedAt = action.filedAt ?? new Date(now).toISOString();
    notInFuture(action.filedAt, 'filedAt', now, problems);
    notBeforeAwareness(filedAt, 'filedAt', state, problems);
    // Judged against the legal end of the 72 hours (Reg. 1182/71 Art. 3), not the alarm at awareness + 72 h.
    const legalEndAt = authorityLegalEndAt(state, regime);
    if (Date.parse(filedAt) > Date.parse(legalEndAt) && !action.reasonsForDelay) {
      problems.push({
        path: 'reasonsForDelay',
        message: `filed after the end of the 72 hours (${legalEndAt}): Art. 33(1) requires the reasons for the delay`,
      });
    }
  },
  apply(action, state, nowIso) {
    const regime = action.regime ?? primaryRegime(state).id;
    const filedAt = action.filedAt ?? nowIso;
    const covered = action.items ?? itemsFromFacts(state);
    state.notices.push(
      defined({
        kind: 'initial' as const,
        regime,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        // Without a file of its own, the notice as the case renders it for this filing (`breach notice --dated`).
        contentSha256: filedContentSha256(state, action, regime, filedAt),
        items: covered,
        reasonsForDelay: action.reasonsForDelay,
        factsVersion: currentFactsVersion(state),
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const late = noticeLateness(state, regime)?.late ?? false;
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `${late ? 'authority notified late' : 'authority notified'}${multi(state, regime)}`,
      detail: `ref ${action.reference} via ${action.channel}, filed ${filedAt}, items ${covered.join(',')}, facts v${currentFactsVersion(state)}`,
    });
  },
});
