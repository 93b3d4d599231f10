/**
 * The message that tells the DPO and the CISO a case has opened: what happened in one line, every clock that
 * now runs, and the first things to do. Without it, the people who must act first learn of a breach from its
 * first reminder, a day later.
 */
import type { CaseState } from '../case-state.js';
import { caseZone } from '../documents/case-zone.js';
import { formatInstant } from '../documents/times.js';
import { caseRegimes } from '../obligations.js';
import { deadlines } from '../deadline-list.js';
import { pendingActions } from '../progress.js';
import { formatDuration } from '../time.js';
import { messageIdFor, unique, type OutgoingMail } from './case-mail.js';

export const OPENED_PURPOSE = 'case-opened';

export function openedMail(state: CaseState, now: number): OutgoingMail {
  const file = state.caseFile;
  const when = (iso: string) => formatInstant(iso, caseZone(state), 'en');
  const clocks = deadlines(state, now).filter((d) => d.state === 'open');
  const first = clocks.map((d) => Date.parse(d.dueAt)).sort((a, b) => a - b)[0];
  const date = new Date(now).toISOString();
  return {
    messageId: messageIdFor(state.caseId, OPENED_PURPOSE, state.breachId),
    caseId: state.caseId,
    purpose: OPENED_PURPOSE,
    ...(state.breachId === undefined ? {} : { breachId: state.breachId }),
    to: unique(file.recipients.dpo),
    cc: unique(file.recipients.ciso.filter((a) => !file.recipients.dpo.includes(a))),
    subject: `[${state.caseId}] Breach case opened${first === undefined ? '' : `: first deadline in ${formatDuration(first - now)}`}`,
    date,
    text: [
      `A personal data breach case was opened at ${when(state.openedAt)} by ${state.awareness.at(-1)?.decidedBy ?? ''}.`,
      `Controller: ${file.controller.name}`,
      `Regimes: ${caseRegimes(state)
        .map((r) => r.name)
        .join(', ')}`,
      `Aware since: ${when(state.awareAt)}`,
      '',
      'Clocks now running:',
      ...(clocks.length
        ? clocks.map(
            (d) =>
              `- ${d.name}: ${when(d.dueAt)}${d.legalEndAt ? ` (period ends ${when(d.legalEndAt)})` : ''}`,
          )
        : ['- none']),
      '',
      'To do:',
      ...pendingActions(state, now).map((p) => `- ${p.action}: ${p.why}`),
      '',
      `Status: npx breach status ${state.caseId}`,
      '--',
      'breach-clock keeps this case on its legal deadlines.',
    ].join('\n'),
  };
}
