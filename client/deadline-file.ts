import { caseFileSchema, type CaseFile } from '../domain/case-file.js';
import { describeProblems, fieldProblems } from '../domain/validation.js';

/** A placeholder case for the what-if calculator: only the clock's inputs are real. */
export function sampleDeadlineFile(
  awareAt: string,
  reminderHours?: number[],
): { success: true; file: CaseFile } | { success: false; problems: string } {
  const parsed = caseFileSchema.safeParse({
    controller: { name: 'what-if', dpo: { name: 'what-if', email: 'dpo@example.invalid' } },
    leadAuthority: { name: 'what-if', country: 'EU' },
    description: 'what-if',
    detectedAt: awareAt,
    awareness: { awareAt, decidedBy: 'what-if', reason: 'what-if' },
    dataCategories: [{ name: 'what-if' }],
    dataSubjects: { approximate: 0 },
    records: { approximate: 0 },
    countries: ['EU'],
    recipients: { dpo: ['dpo@example.invalid'] },
    ...(reminderHours ? { schedule: { authorityReminderHours: reminderHours } } : {}),
  });
  if (!parsed.success)
    return { success: false, problems: describeProblems(fieldProblems(parsed.error, caseFileSchema)) };
  return { success: true, file: parsed.data };
}
