/**
 * The register as CSV, for a spreadsheet or an authority. Cells hold what people typed (descriptions, reasons),
 * so a cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) gets
 * a leading apostrophe, as OWASP's CSV-injection guidance advises; csv-stringify does the quoting and that.
 */
import { stringify } from 'csv-stringify/sync';
import type { RegisterRow } from '../infra/register/register-store.js';

const COLUMNS = [
  'case_id',
  'status',
  'risk',
  'controller',
  'lead_authority',
  'detected_at',
  'aware_at',
  'authority_due_at',
  'notified_at',
  'late',
  'reasons_for_delay',
  'notice_references',
  'notice_sha256',
  'subjects_told',
  'exemption',
  'data_subjects_approx',
  'records_approx',
  'categories',
  'description',
  'consequences',
  'remedial_action',
  'decisions',
  'opened_at',
  'closed_at',
] as const;

/** One line per breach: what a supervisory authority asks to see of an Art. 33(5) register. */
export function registerCsv(rows: RegisterRow[]): string {
  const records = rows.map(({ entry }) => {
    const initial = entry.notices.find((n) => n.kind === 'initial');
    const values: Record<(typeof COLUMNS)[number], string | number | boolean | null | undefined> = {
      case_id: entry.caseId,
      status: entry.status,
      risk: entry.risk,
      controller: entry.controller,
      lead_authority: entry.leadAuthority,
      detected_at: entry.facts.detectedAt,
      aware_at: entry.facts.awareAt,
      authority_due_at: entry.authorityDueAt,
      notified_at: initial?.filedAt,
      late: entry.lateness?.late ?? false,
      reasons_for_delay: initial?.reasonsForDelay,
      notice_references: entry.notices.map((n) => n.reference).join('; '),
      notice_sha256: entry.notices.map((n) => n.contentSha256).join('; '),
      subjects_told: entry.subjectsCommunications
        .map((c) => `${c.count} via ${c.channel} at ${c.sentAt}`)
        .join('; '),
      exemption: entry.decisions.exemption
        ? `Art. 34(3)(${entry.decisions.exemption.ground}): ${entry.decisions.exemption.evidence}`
        : '',
      data_subjects_approx: entry.facts.dataSubjectsApprox,
      records_approx: entry.facts.recordsApprox,
      categories: entry.facts.dataCategories.map((c) => c.name).join('; '),
      description: entry.facts.description,
      consequences: entry.effects.join('; '),
      remedial_action: [...entry.remedialAction.taken, ...entry.remedialAction.proposed].join('; '),
      decisions: entry.decisions.assessments
        .map(
          (a) =>
            `${a.at} ${a.decidedBy}: ${a.risk}${a.rationale ? ` (${a.rationale})` : ''}${a.overrideReason ? ` override: ${a.overrideReason}` : ''}`,
        )
        .join('; '),
      opened_at: entry.openedAt,
      closed_at: entry.closed?.at,
    };
    return values;
  });
  return stringify(records, {
    header: true,
    columns: [...COLUMNS],
    escape_formulas: true,
    // "true"/"false" rather than csv-stringify's 1 and empty.
    cast: { boolean: (value) => String(value) },
  });
}
