/**
 * The e-mails a case sends. Each has a deterministic Message-ID from (case, purpose, step): the mailer's
 * idempotency key, and the header that lets mail clients drop a duplicate.
 */
import type { Processor } from '../case-file.js';
import {
  activeHold,
  NOTICE_ITEM_LABELS,
  subjectsRemaining,
  type CaseState,
  type LadderStep,
} from '../case-state.js';
import {
  alarmOf,
  authorityOf,
  caseObligations,
  caseRegimes,
  missingNoticeItems,
  noticeLateness,
  noticeObligation,
  pendingActions,
  periodName,
  reasonsForDelayOwed,
} from '../obligations.js';
import type { DueEffect } from '../reminder-plan.js';
import { formatDuration } from '../time.js';

export interface OutgoingMail {
  messageId: string;
  caseId: string;
  purpose: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** The workflow instant the message was sent at; it becomes the Date header. */
  date: string;
  /** The legal instant the message stands for (a reminder's due time), when it has one. */
  dueAt?: string;
}

export const MAIL_DOMAIN = 'breach-clock.invalid';

export function messageIdFor(caseId: string, purpose: string): string {
  return `<${caseId}.${purpose}@${MAIL_DOMAIN}>`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses)];
}

function footer(state: CaseState, now: number): string {
  const pending = pendingActions(state, now);
  return [
    '',
    'Still to do:',
    ...(pending.length ? pending.map((p) => `- ${p.action}: ${p.why}`) : ['- nothing']),
    '',
    `Status: npx breach status ${state.caseId}`,
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
    messageId: messageIdFor(state.caseId, effect.key),
    caseId: state.caseId,
    purpose: effect.key,
    dueAt: effect.dueAt,
  };
  const date = new Date(now).toISOString();
  switch (effect.kind) {
    case 'authority-reminder':
      return {
        ...base,
        date,
        to: r.dpo,
        cc: [],
        subject: `[${state.caseId}] Authority notice${named} due in ${formatDuration(left)} (${effect.step} h since awareness)`,
        text: [
          `The notice to ${authority} is due at ${dueAt}, ${formatDuration(left)} from now.`,
          `Awareness: ${state.awareAt}.`,
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
          `${capitalised(period)} to notify ${authority} ended at ${dueAt}.`,
          `File the notice now, with the reasons for the delay (${obligation.spec.citation}), or document why no notice is needed.`,
          `This escalation repeats every ${state.caseFile.schedule.overdueRepeatHours} h until resolved.`,
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
                `Art. 33(1): the notice filed at ${noticeLateness(state, regime)?.filedAt ?? ''} is late against the legal end`,
                `${noticeLateness(state, regime)?.legalEndAt ?? ''} of ${period}; the reasons for the delay are owed.`,
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
          `(ref ${hold?.reference ?? ''}), for review by ${hold?.reviewAt ?? effect.dueAt}.`,
          'Ask whether the delay is still needed (Recitals 86 and 88). Record the answer: release-hold, or hold',
          'again with a new review date. Without either, the reminders to tell them resume.',
          footer(state, now),
        ].join('\n'),
      };
    }
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

export interface VendorMailContext {
  caseId: string;
  processor: Processor;
  controllerName: string;
  dpo: { name: string; email: string };
  description: string;
  internal: { dpo: string[]; legal: string[] };
  requestedAt: string;
  windowEndsAt: string;
}

export function vendorMail(
  ctx: VendorMailContext,
  step: LadderStep,
  now: number,
  dueAt: string,
): OutgoingMail {
  const base = {
    dueAt,
    messageId: messageIdFor(ctx.caseId, `vendor.${ctx.processor.id}.${step}`),
    caseId: ctx.caseId,
    purpose: `vendor.${ctx.processor.id}.${step}`,
    date: new Date(now).toISOString(),
  };
  const ask = [
    'Please tell us, as your data processing agreement and GDPR Art. 33(2) require:',
    '- what happened, and when you became aware of it;',
    '- which categories of personal data and which systems are affected;',
    '- approximately how many people and records are affected;',
    '- the measures you have taken or propose;',
    '- a contact person for this incident.',
    '',
    `Reply to ${ctx.dpo.name} <${ctx.dpo.email}> quoting reference ${ctx.caseId}.`,
  ].join('\n');
  const silentFor = formatDuration(now - Date.parse(ctx.requestedAt));
  switch (step) {
    case 'request':
      return {
        ...base,
        to: [ctx.processor.contact],
        cc: [],
        subject: `[${ctx.caseId}] Request for facts about a personal data breach`,
        text: [
          `${ctx.controllerName} is handling a personal data breach that involves services you provide to us:`,
          '',
          ctx.description,
          '',
          ask,
          '',
          `Your agreement gives you ${ctx.processor.noticeWindowHours} h: by ${ctx.windowEndsAt}.`,
        ].join('\n'),
      };
    case 'reminder':
      return {
        ...base,
        to: [ctx.processor.contact],
        cc: [],
        subject: `[${ctx.caseId}] Reminder: your answer about the personal data breach is overdue`,
        text: [
          `We asked for the facts ${silentFor} ago; the agreed window ended at ${ctx.windowEndsAt}.`,
          '',
          ask,
        ].join('\n'),
      };
    case 'vendor-escalation':
      return {
        ...base,
        to: ctx.processor.escalation,
        cc: [ctx.processor.contact],
        subject: `[${ctx.caseId}] Escalation: no answer about a personal data breach after ${silentFor}`,
        text: [
          `We asked ${ctx.processor.contact} for the facts of a personal data breach ${silentFor} ago and`,
          'have had no answer. We are bound by a legal deadline of hours to notify our supervisory authority.',
          '',
          ask,
        ].join('\n'),
      };
    case 'internal-escalation':
      return {
        ...base,
        to: unique([...ctx.internal.dpo, ...ctx.internal.legal]),
        cc: [],
        subject: `[${ctx.caseId}] Vendor ${ctx.processor.name} silent for ${silentFor}`,
        text: [
          `${ctx.processor.name} has not answered the request for facts sent at ${ctx.requestedAt}`,
          `(its agreed window ended at ${ctx.windowEndsAt}).`,
          'Consider contractual steps, and notify the authority with what is known (Art. 33(4) allows phases).',
          '',
          `Record its answer with: npx breach vendor-reply ${ctx.caseId} --processor ${ctx.processor.id} ...`,
        ].join('\n'),
      };
  }
}
