/** The daily digest: what a DPO must see each morning, by case ID and clock only. */
import { messageIdFor, type OutgoingMail } from './outgoing-mail.js';
import { formatDuration } from '../time.js';

export interface DigestCase {
  caseId: string;
  phase: string;
  risk: string;
  authorityDueAt: string;
  remainingMs: number;
  overdue: boolean;
  silentProcessors: { processorId: string; silentForHours: number }[];
}

export interface Digest {
  asOf: string;
  open: DigestCase[];
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
      ? silent.map((v) => `- ${v.caseId}: ${v.processorId} silent for ${v.silentForHours} h`)
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
