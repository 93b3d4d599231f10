import { type CaseFile } from '../domain/case-file.js';
import { caseFileSchema } from '../domain/case-file-schema.js';
import { describeProblems, fieldProblems } from '../domain/validation.js';

/** A placeholder case for the what-if calculator: only the clock's inputs are real. */
export interface WhatIf {
  awareAt: string;
  reminderHours?: number[] | undefined;
  regimes?: string[] | undefined;
  /** Events other than awareness, by their case-file key (`majorClassification`, ...). */
  triggers?: Record<string, string> | undefined;
  detectedAt?: string | undefined;
  subjects?: number | undefined;
}

export function sampleDeadlineFile(
  whatIf: WhatIf,
): { success: true; file: CaseFile } | { success: false; problems: string } {
  const { awareAt, reminderHours } = whatIf;
  const parsed = caseFileSchema.safeParse({
    controller: { name: 'what-if', dpo: { name: 'what-if', email: 'dpo@example.invalid' } },
    leadAuthority: { name: 'what-if', country: 'EU' },
    description: 'what-if',
    detectedAt: whatIf.detectedAt ?? awareAt,
    ...(whatIf.regimes?.length ? { regimes: whatIf.regimes } : {}),
    ...(whatIf.triggers && Object.keys(whatIf.triggers).length ? { triggers: whatIf.triggers } : {}),
    awareness: { awareAt, decidedBy: 'what-if', reason: 'what-if' },
    dataCategories: [{ name: 'what-if' }],
    dataSubjects: { approximate: whatIf.subjects ?? 0 },
    records: { approximate: 0 },
    countries: ['EU'],
    recipients: { dpo: ['dpo@example.invalid'] },
    ...(reminderHours ? { reminderPlan: { authorityReminderHours: reminderHours } } : {}),
  });
  if (!parsed.success)
    return { success: false, problems: describeProblems(fieldProblems(parsed.error, caseFileSchema)) };
  return { success: true, file: parsed.data };
}
