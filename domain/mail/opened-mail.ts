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
import { reportDeadlines } from '../reports.js';
import { formatDuration } from '../time.js';
import { messageIdFor, unique, type OutgoingMail } from './outgoing-mail.js';

export const OPENED_PURPOSE = 'case-opened';

export function openedMail(state: CaseState, now: number): OutgoingMail {
  const file = state.caseFile;
  const when = (iso: string) => formatInstant(iso, caseZone(state), 'en');
  // Every clock not yet met, the ones already past first: a back-dated case opens overdue and must say so.
  const clocks = [...deadlines(state, now), ...reportDeadlines(state, now)]
    .filter((d) => (d.state === 'open' || d.state === 'missed') && !d.metAt)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const overdue = clocks.filter((d) => d.state === 'missed');
  const first = clocks[0];
  const headline = overdue[0]
    ? `: ${overdue[0].name} OVERDUE by ${formatDuration(now - Date.parse(overdue[0].dueAt))}`
    : first
      ? `: first deadline in ${formatDuration(Date.parse(first.dueAt) - now)}`
      : '';
  const date = new Date(now).toISOString();
  return {
    messageId: messageIdFor(state.caseId, OPENED_PURPOSE, state.breachId),
    caseId: state.caseId,
    purpose: OPENED_PURPOSE,
    ...(state.breachId === undefined ? {} : { breachId: state.breachId }),
    to: unique(file.recipients.dpo),
    cc: unique(file.recipients.ciso.filter((a) => !file.recipients.dpo.includes(a))),
    subject: `[${state.caseId}] Breach case opened${headline}`,
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
              `- ${d.name}: ${when(d.dueAt)}${d.state === 'missed' ? ' (OVERDUE)' : ''}${d.legalEndAt ? ` (period ends ${when(d.legalEndAt)})` : ''}`,
          )
        : ['- none']),
      '',
      'To do:',
      ...pendingActions(state, now).map((p) => `- ${p.action}: ${p.why}`),
      '',
      `Status: breach status ${state.caseId}`,
      '--',
      'breach-clock keeps this case on its legal deadlines.',
    ].join('\n'),
  };
}
