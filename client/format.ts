/** Human output: times in the reader's zone with UTC beside, countdowns, plain tables. */
import type { Deadline } from '../common/case-state.js';
import type { CaseStatus } from '../common/status.js';
import { formatDuration } from '../common/time.js';

/** "2026-11-28 14:00 CET (13:00 UTC)": local for reading, UTC for the record. */
export function formatInstant(iso: string, tz: string): string {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
  const utc = date.toISOString().slice(11, 16);
  return tz === 'UTC' ? `${local}` : `${local} (${utc} UTC)`;
}

export function countdown(
  deadline: Pick<Deadline, 'state' | 'remainingMs' | 'overdueByMs' | 'metAt'>,
): string {
  switch (deadline.state) {
    case 'open':
      return `${formatDuration(deadline.remainingMs ?? 0)} left`;
    case 'missed':
      return deadline.metAt
        ? `met late by ${formatDuration(deadline.overdueByMs ?? 0)}`
        : `OVERDUE by ${formatDuration(deadline.overdueByMs ?? 0)}`;
    case 'met':
      return 'met';
    case 'not-required':
      return 'not required';
  }
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatStatus(status: CaseStatus, tz: string): string {
  const lines = [
    `Case ${status.caseId}: ${status.phase}`,
    `Risk: ${status.risk} (ENISA suggestion ${status.suggestion.score}, ${status.suggestion.band}: ${status.suggestion.suggestedRisk})`,
    `Aware since: ${formatInstant(status.awareAt, tz)}`,
    '',
    'Deadlines:',
    ...status.deadlines.map((d) => `  ${d.name}: ${formatInstant(d.dueAt, tz)}, ${countdown(d)}`),
  ];
  if (status.pending.length) {
    lines.push('', 'To do:', ...status.pending.map((p) => `  ${p.action}: ${p.why}`));
  }
  if (status.vendors.length) {
    lines.push(
      '',
      'Vendors:',
      ...status.vendors.map(
        (v) =>
          `  ${v.processorId} (${v.name}): ${v.answeredAt ? `answered after ${v.silentForHours} h` : `silent for ${v.silentForHours} h`}${v.lastStep ? `, last step ${v.lastStep}` : ''}`,
      ),
    );
  }
  lines.push(
    '',
    'Timeline:',
    ...status.timeline.map(
      (t) => `  ${formatInstant(t.at, tz)}  ${t.actor}: ${t.event}${t.detail ? ` (${t.detail})` : ''}`,
    ),
  );
  return lines.join('\n');
}
