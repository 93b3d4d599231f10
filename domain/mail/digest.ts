/** The daily digest: what a DPO must see each morning, by case ID and clock only. */
import { messageIdFor, type OutgoingMail } from './outgoing-mail.js';
import type { CaseStatus } from '../status.js';
import { formatDuration } from '../time.js';

export interface DigestCase {
  caseId: string;
  phase: string;
  risk: string;
  authorityDueAt: string;
  remainingMs: number;
  overdue: boolean;
  /** Processors asked and not answered; `refused` when the mail server refused the request or reminder. */
  silentProcessors: { processorId: string; silentForHours: number; refused?: string }[];
}

export interface Digest {
  asOf: string;
  open: DigestCase[];
}

/** What the digest shows of a case that answered with its status. */
export function digestCase(caseId: string, status: CaseStatus): DigestCase {
  const authority = status.deadlines[0];
  return {
    caseId,
    phase: status.phase,
    risk: status.risk,
    authorityDueAt: status.authorityDueAt,
    remainingMs: authority?.remainingMs ?? -(authority?.overdueByMs ?? 0),
    overdue: status.overdue,
    // Asked and silent, or never reached: a refused request leaves a processor unasked, not answered.
    silentProcessors: status.processors
      .filter((v) => !v.answeredAt && (v.requestedAt || v.refused))
      .map((v) => ({
        processorId: v.processorId,
        silentForHours: v.silentForHours,
        ...(v.refused ? { refused: v.refused } : {}),
      })),
  };
}

export function dueWithin(digest: Digest, ms: number): DigestCase[] {
  return digest.open.filter((c) => !c.overdue && c.remainingMs >= 0 && c.remainingMs <= ms);
}

export function digestMail(digest: Digest, to: string[], runId: string): OutgoingMail {
  const day = 24 * 3_600_000;
  const overdue = digest.open.filter((c) => c.overdue);
  const soon = dueWithin(digest, day);
  const silent = digest.open.flatMap((c) => c.silentProcessors.map((v) => ({ caseId: c.caseId, ...v })));
  const lines = [
    `Breach cases as of ${digest.asOf}: ${digest.open.length} open, ${overdue.length} overdue, ${soon.length} due within 24 h.`,
    '',
    'Overdue:',
    ...(overdue.length
      ? overdue.map((c) => `- ${c.caseId} (${c.phase}), ${formatDuration(-c.remainingMs)} past the 72 hours`)
      : ['- none']),
    '',
    'Authority deadline within 24 h:',
    ...(soon.length
      ? soon.map((c) => `- ${c.caseId}: ${formatDuration(c.remainingMs)} left (due ${c.authorityDueAt})`)
      : ['- none']),
    '',
    'Silent processors:',
    ...(silent.length
      ? silent.map((v) =>
          v.refused
            ? `- ${v.caseId}: ${v.processorId} not reached: the mail server refused the ${v.refused} (breach status ${v.caseId})`
            : `- ${v.caseId}: ${v.processorId} silent for ${v.silentForHours} h`,
        )
      : ['- none']),
    '',
    'All open cases:',
    ...(digest.open.length
      ? digest.open.map((c) => `- ${c.caseId}: ${c.phase}, risk ${c.risk}`)
      : ['- none']),
    '',
    'Details: breach list --status open',
  ];
  return {
    messageId: messageIdFor('digest', runId.replace(/[^A-Za-z0-9._-]/g, '_')),
    caseId: 'digest',
    purpose: 'daily-digest',
    to,
    cc: [],
    subject: `Breach digest: ${overdue.length} overdue, ${soon.length} due within 24 h, ${silent.length} silent processors`,
    text: lines.join('\n'),
    date: digest.asOf,
  };
}
