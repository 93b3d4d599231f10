/**
 * The e-mails a case sends. Each has a deterministic Message-ID from (case, purpose, step) and, for breaches
 * opened since breaches have an identity, that identity: the mailer's idempotency key, and the header that
 * lets mail clients drop a duplicate.
 */
import { NOTICE_ITEM_LABELS, type CaseState } from '../case-state.js';
import { activeHold, subjectsRemaining } from '../subjects.js';
import {
  alarmOf,
  authorityOf,
  caseObligations,
  caseRegimes,
  missingNoticeItems,
  noticeLateness,
  noticeObligation,
  periodName,
  reasonsForDelayOwed,
} from '../obligations.js';
import { pendingActions } from '../progress.js';
import type { DueEffect } from '../reminder-plan.js';
import { formatDuration } from '../time.js';
import { caseZone } from '../documents/case-zone.js';
import { formatInstant } from '../documents/times.js';
import { messageIdFor, unique, type OutgoingMail } from './outgoing-mail.js';

export { messageIdFor, type OutgoingMail } from './outgoing-mail.js';

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function footer(state: CaseState, now: number): string {
  const pending = pendingActions(state, now);
  return [
    '',
    'Still to do:',
    ...(pending.length ? pending.map((p) => `- ${p.action}: ${p.why}`) : ['- nothing']),
    '',
    `Status: breach status ${state.caseId}`,
    '--',
    'breach-clock keeps this case on its legal deadlines.',
  ].join('\n');
}

export function effectMail(state: CaseState, effect: DueEffect, now: number): OutgoingMail {
  const r = state.caseFile.recipients;
  // The obligation the effect serves; the case's first notice for the case-wide reminders.
  const obligation =
    caseObligations(state).find((o) => o.id === effect.obligation) ?? noticeObligation(state)!;
  const regime = obligation.regime.id;
  const authority = authorityOf(state, obligation).name;
  const dueAt = alarmOf(state, obligation);
  const left = Date.parse(dueAt) - now;
  const period = periodName(obligation);
  const named = caseRegimes(state).length > 1 ? ` (${obligation.regime.name})` : '';
  const base = {
    messageId: messageIdFor(state.caseId, effect.key, state.breachId),
    caseId: state.caseId,
    purpose: effect.key,
    dueAt: effect.dueAt,
    ...(state.breachId === undefined ? {} : { breachId: state.breachId }),
  };
  const date = new Date(now).toISOString();
  // Instants as the DPO reads them: in the case's zone, UTC beside, to the minute.
  const when = (iso: string | undefined) => (iso ? formatInstant(iso, caseZone(state), 'en') : '');
  switch (effect.kind) {
    case 'authority-reminder':
      return {
        ...base,
        date,
        to: r.dpo,
        cc: [],
        subject: `[${state.caseId}] Authority notice${named} due in ${formatDuration(left)} (${effect.key.endsWith('pct') ? `${effect.step} % of ${period} gone` : `${effect.step} h since awareness`})`,
        text: [
          // "As of" the message's own instant: a message held up by a mail outage never claims more time
          // than is left (and one a later reminder or the escalation overtook is dropped, not delivered).
          `The notice to ${authority} is due at ${when(dueAt)}: ${formatDuration(left)} left as of ${when(date)}.`,
          `Awareness: ${when(state.awareAt)}.`,
          footer(state, now),
        ].join('\n'),
      };
    case 'authority-overdue':
      return {
        ...base,
        date,
        to: unique([...r.dpo, ...r.management]),
        cc: r.ciso,
        subject: `[${state.caseId}] OVERDUE: authority notice${named} ${formatDuration(-left)} past ${period}`,
        text: [
          `${capitalised(period)} to notify ${authority} ended at ${when(dueAt)}.`,
          `File the notice now, with the reasons for the delay (${obligation.spec.citation}), or document why no notice is needed.`,
          `This escalation repeats every ${state.caseFile.reminderPlan.overdueRepeatHours} h until resolved.`,
          footer(state, now),
        ].join('\n'),
      };
    case 'supplement-reminder':
      return {
        ...base,
        date,
        to: r.dpo,
        cc: [],
        subject: `[${state.caseId}] Supplementary information still owed to ${authority}`,
        text: [
          ...(missingNoticeItems(state, regime).length
            ? [
                'Art. 33(4): the following items have not yet been supplied:',
                ...missingNoticeItems(state, regime).map((m) => `- (${m}) ${NOTICE_ITEM_LABELS[m]}`),
              ]
            : []),
          ...(reasonsForDelayOwed(state, regime)
            ? [
                `Art. 33(1): the notice filed at ${when(noticeLateness(state, regime)?.filedAt)} is late against the legal end`,
                `${when(noticeLateness(state, regime)?.legalEndAt)} of ${period}; the reasons for the delay are owed.`,
              ]
            : []),
          footer(state, now),
        ].join('\n'),
      };
    case 'hold-review': {
      const hold = activeHold(state);
      return {
        ...base,
        date,
        to: unique([...r.dpo, ...r.legal]),
        cc: [],
        subject: `[${state.caseId}] Review the hold on telling the data subjects`,
        text: [
          `The communication to the data subjects is delayed at the request of ${hold?.authority ?? 'an authority'}`,
          `(ref ${hold?.reference ?? ''}), for review by ${when(hold?.reviewAt ?? effect.dueAt)}.`,
          'Ask whether the delay is still needed (Recitals 86 and 88). Record the answer: release-hold, or hold',
          'again with a new review date. Without either, the reminders to tell them resume.',
          footer(state, now),
        ].join('\n'),
      };
    }
    case 'report-reminder':
      return {
        ...base,
        date,
        to: r.dpo,
        cc: [],
        subject: `[${state.caseId}] ${capitalised(obligation.spec.title)}${named} due in ${formatDuration(left)}`,
        text: [
          `The ${obligation.spec.title} to ${authority} is due at ${when(dueAt)}, ${formatDuration(left)} from now (${obligation.spec.citation}).`,
          `Record it when filed: breach report ${state.caseId} --regime ${regime} --stage ${obligation.spec.key}`,
          footer(state, now),
        ].join('\n'),
      };
    case 'report-overdue':
      return {
        ...base,
        date,
        to: unique([...r.dpo, ...r.management]),
        cc: r.ciso,
        subject: `[${state.caseId}] OVERDUE: ${obligation.spec.title}${named} ${formatDuration(-left)} late`,
        text: [
          `The ${obligation.spec.title} to ${authority} was due at ${when(dueAt)} (${obligation.spec.citation}).`,
          `File it now and record it: breach report ${state.caseId} --regime ${regime} --stage ${obligation.spec.key}`,
          `This escalation repeats every ${state.caseFile.reminderPlan.overdueRepeatHours} h until it is filed.`,
          footer(state, now),
        ].join('\n'),
      };
    case 'subjects-reminder':
      return {
        ...base,
        date,
        to: r.dpo,
        cc: r.management,
        subject: `[${state.caseId}] The data subjects have not all been told`,
        text: [
          'Art. 34 requires telling the people affected without undue delay, unless an Art. 34(3) exemption',
          'applies (ground (c) needs a public communication).',
          `Still to tell: ${subjectsRemaining(state).toLocaleString('en-GB')}.`,
          footer(state, now),
        ].join('\n'),
      };
  }
}
