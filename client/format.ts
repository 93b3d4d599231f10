/** Human output: times in the reader's zone with UTC beside, countdowns, plain tables. */
import type { ProcessorAnswer } from '../domain/case-state.js';
import type { Deadline } from '../domain/deadline-list.js';
import type { CaseStatus } from '../domain/status.js';
import { formatDuration } from '../domain/time.js';

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

/** How far the case got with a processor, in a few words. */
function processorState(v: CaseStatus['processors'][number]): string {
  if (v.answeredAt) return `answered after ${v.silentForHours} h`;
  if (v.refused && !v.requestedAt) return `not reached: the mail server refused the ${v.refused}`;
  return `silent for ${v.silentForHours} h${v.refused ? `, the ${v.refused} refused by the mail server` : ''}`;
}
export function formatStatus(status: CaseStatus, tz: string): string {
  const s = status.suggestion;
  const lines = [
    `Case ${status.caseId}: ${status.phase}`,
    `Risk: ${status.risk} (ENISA suggestion ${s.score}, ${s.band}: ${s.suggestedRisk}${
      s.policy ? ` under the organisation's policy ${policyText(s.policy)}` : ''
    })`,
    `Aware since: ${formatInstant(status.awareAt, tz)}`,
    `Facts: version ${status.facts.version}`,
    '',
    'Deadlines:',
    ...status.deadlines.map(
      (d) =>
        `  ${d.name}: ${formatInstant(d.dueAt, tz)}, ${countdown(d)}${policyTargetNote(d)}${
          d.legalEndAt
            ? `\n    (the period ends ${formatInstant(d.legalEndAt, tz)} under Reg. 1182/71; lateness is judged against it)`
            : ''
        }`,
    ),
  ];
  if (status.lateness) {
    lines.push(
      `  notice filed ${formatInstant(status.lateness.filedAt, tz)}: ${
        status.lateness.late ? `LATE by ${formatDuration(status.lateness.overdueByMs)}` : 'on time'
      }`,
    );
  }
  if (status.subjects.basis) {
    const hold = status.subjects.hold;
    lines.push(
      '',
      `Data subjects (${status.subjects.basis === 'authority-order' ? 'the authority required it, Art. 34(4)' : 'high risk, Art. 34'}): ${status.subjects.told} of ${status.subjects.affected || 'an unknown number'} told, ${status.subjects.remaining} to go`,
      ...(hold
        ? [
            `  on hold at the request of ${hold.authority} (ref ${hold.reference}), review by ${formatInstant(hold.reviewAt, tz)}`,
          ]
        : []),
    );
  }
  if (status.warnings.length) {
    lines.push('', 'Warnings:', ...status.warnings.map((w) => `  ${w}`));
  }
  if (status.pending.length) {
    lines.push('', 'To do:', ...status.pending.map((p) => `  ${p.action}: ${p.why}`));
  }
  if (status.processors.length) {
    lines.push(
      '',
      'Processors:',
      ...status.processors.flatMap((v) => [
        `  ${v.processorId} (${v.name}): ${processorState(v)}${v.lastStep ? `, last step ${v.lastStep}` : ''}`,
        ...(v.answer ? processorAnswerLines(v.answer) : []),
      ]),
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

function policyText(policy: NonNullable<CaseStatus['suggestion']['policy']>): string {
  return `(${Object.entries(policy)
    .map(([band, risk]) => `${band} → ${risk}`)
    .join(', ')})`;
}

function processorAnswerLines(answer: ProcessorAnswer): string[] {
  const fields: [string, string | number | undefined][] = [
    ['said', answer.summary],
    ['what happened', answer.whatHappened],
    ['data affected', answer.dataAffected],
    ['people affected', answer.subjectsAffected],
    ['measures', answer.measures],
    ['contact', answer.contact],
  ];
  return fields.filter(([, value]) => value !== undefined).map(([label, value]) => `    ${label}: ${value}`);
}

/** "as soon as possible" has no number in the law: the line says whose number the clock runs on. */
export function policyTargetNote(deadline: Deadline, indent = '    '): string {
  const target = deadline.policyTarget;
  if (!target) return '';
  const whose = {
    'case file': "the case file's",
    organisation: "the organisation's",
    'regime default': 'the default',
  }[target.setBy];
  return `\n${indent}(a policy target: ${target.hours} h, ${whose})`;
}
