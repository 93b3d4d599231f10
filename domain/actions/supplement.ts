/** Information given in phases after the notice (Art. 33(4)): items supplied, reasons for a delay, changed facts. */
import { z } from 'zod';
import { currentFactsVersion } from '../case-state.js';
import { initialNotice, primaryRegime } from '../obligations.js';
import { factsChangedSince } from '../facts.js';
import {
  defineAction,
  defined,
  items,
  lastFiling,
  multi,
  notInFuture,
  regimeOf,
  filedContentSha256,
  filingFields,
} from './support.js';

export const supplement = defineAction({
  schema: () =>
    z.strictObject({
      ...filingFields(),
      /** Art. 33(3) items this filing supplies; none when it only gives reasons or changed facts. */
      items: items().default([]),
    }),
  rule(action, state, now, problems) {
    const regime = regimeOf(action.regime, state, problems);
    if (!regime) return;
    const first = initialNotice(state, regime);
    if (!first)
      problems.push({ path: '(case)', message: 'no initial notice is filed yet; use notify-authority' });
    notInFuture(action.filedAt, 'filedAt', now, problems);
    if (first && action.filedAt && Date.parse(action.filedAt) < Date.parse(first.filedAt)) {
      problems.push({ path: 'filedAt', message: 'is earlier than the initial notice' });
    }
    if (
      first &&
      !action.items.length &&
      !action.reasonsForDelay &&
      !factsChangedSince(state, lastFiling(state, regime)).length
    ) {
      problems.push({
        path: 'items',
        message:
          'nothing to supplement: name the Art. 33(3) items supplied, give --reasons-for-delay, or amend the facts first',
      });
    }
  },
  apply(action, state, nowIso) {
    const regime = action.regime ?? primaryRegime(state).id;
    const filedAt = action.filedAt ?? nowIso;
    const changed = factsChangedSince(state, lastFiling(state, regime));
    state.notices.push(
      defined({
        kind: 'supplementary' as const,
        regime,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        contentSha256: filedContentSha256(state, action, regime, filedAt),
        items: action.items,
        reasonsForDelay: action.reasonsForDelay,
        factsVersion: currentFactsVersion(state),
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const parts = [
      `ref ${action.reference}`,
      ...(action.items.length ? [`items ${action.items.join(',')}`] : []),
      ...(action.reasonsForDelay ? ['reasons for the delay'] : []),
      ...(changed.length ? [`changed facts: ${changed.join(', ')}`] : []),
      `facts v${currentFactsVersion(state)}`,
    ];
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `supplementary information filed${multi(state, regime)}`,
      detail: parts.join('; '),
    });
  },
});
