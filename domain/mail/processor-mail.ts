/**
 * The e-mails of a processor's chase (GDPR Art. 33(2): the processor tells the controller without undue
 * delay): the request for the facts, the reminder, the escalation to its escalation contacts, and the internal
 * escalation to the DPO and legal. Message-IDs are deterministic, like every message the engine sends.
 */
import type { CaseFile, Processor } from '../case-file.js';
import type { LadderStep } from '../case-state.js';
import { addMs, formatDuration, HOUR_MS } from '../time.js';
import { messageIdFor, unique, type OutgoingMail } from './outgoing-mail.js';

export interface ProcessorMailContext {
  caseId: string;
  /** The breach's identity (absent for chases started before breaches had one). */
  breachId?: string;
  processor: Processor;
  controllerName: string;
  dpo: { name: string; email: string };
  description: string;
  internal: { dpo: string[]; legal: string[] };
  requestedAt: string;
  windowEndsAt: string;
  /** The round of the ladder, when the case asked again at a corrected contact (processors.ts, `askAgain`). */
  round?: number;
}

/**
 * What a processor's chase mails from, taken from the case file once when the chase starts: the chase holds this
 * much of the case, not the case. Its window runs from the request for the hours its contract gives.
 */
export function processorMailContext(
  file: Pick<CaseFile, 'controller' | 'description' | 'recipients'>,
  identity: { caseId: string; breachId?: string | undefined },
  processor: Processor,
  requestedAt: string,
  round = 0,
): ProcessorMailContext {
  return {
    caseId: identity.caseId,
    ...(identity.breachId === undefined ? {} : { breachId: identity.breachId }),
    processor,
    controllerName: file.controller.name,
    dpo: { name: file.controller.dpo.name, email: file.controller.dpo.email },
    description: file.description,
    internal: { dpo: file.recipients.dpo, legal: file.recipients.legal },
    requestedAt,
    windowEndsAt: addMs(requestedAt, processor.noticeWindowHours * HOUR_MS),
    ...(round ? { round } : {}),
  };
}

/**
 * A rung's purpose, which names its message (and its Message-ID). A round asked again at a corrected contact
 * (`round` 1 and on) sends its messages to the processor under new names: the earlier round's were refused, and a
 * name is sent once. The internal escalation, to the DPO, has one name in every round.
 */
export function processorMailPurpose(processorId: string, step: LadderStep, round = 0): string {
  return round && step !== 'internal-escalation'
    ? `vendor.${processorId}.${step}.${round + 1}`
    : `vendor.${processorId}.${step}`;
}

export function processorMail(
  ctx: ProcessorMailContext,
  step: LadderStep,
  now: number,
  dueAt: string,
): OutgoingMail {
  const base = {
    dueAt,
    messageId: messageIdFor(
      ctx.caseId,
      processorMailPurpose(ctx.processor.id, step, ctx.round),
      ctx.breachId,
    ),
    caseId: ctx.caseId,
    ...(ctx.breachId === undefined ? {} : { breachId: ctx.breachId }),
    purpose: processorMailPurpose(ctx.processor.id, step, ctx.round),
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
        subject: `[${ctx.caseId}] Processor ${ctx.processor.name} silent for ${silentFor}`,
        text: [
          `${ctx.processor.name} has not answered the request for facts sent at ${ctx.requestedAt}`,
          `(its agreed window ended at ${ctx.windowEndsAt}).`,
          'Consider contractual steps, and notify the authority with what is known (Art. 33(4) allows phases).',
          '',
          `Record its answer with: breach processor-answer ${ctx.caseId} --processor ${ctx.processor.id} ...`,
        ].join('\n'),
      };
  }
}
