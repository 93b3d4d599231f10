/**
 * The case file a DPO opens a breach with. Validated before anything starts; every problem names its field.
 * Instants must carry an offset (Z or +hh:mm): a breach clock read in the wrong time zone is a missed deadline.
 */
import { z } from 'zod';

export const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time with offset' });

/** Case IDs end up in workflow IDs, which many people can see: letters, digits, dot, dash, underscore only. */
export const caseIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
    'expected 3-64 letters, digits, ".", "_" or "-" (no names or e-mail addresses)',
  );

const email = z.email({ message: 'expected an e-mail address' });
const emails = z.array(email);
const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code');
const text = (max: number) => z.string().trim().min(1).max(max);
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a short lowercase identifier (letters, digits, "-")');

export const dataCategorySchema = z.object({
  name: text(200),
  /** ENISA 2013 data processing context: the base of the severity score. */
  kind: z.enum(['simple', 'behavioural', 'financial', 'sensitive']).default('simple'),
  /** Art. 9 (health, biometrics, beliefs, ...) or Art. 10 (criminal convictions) data. */
  special: z.enum(['art9', 'art10']).optional(),
});

export const processorSchema = z.object({
  id: slug,
  name: text(200),
  contact: email,
  escalation: emails.default([]),
  /** Contractual notice window from the data processing agreement. */
  noticeWindowHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
});

export const ladderSchema = z
  .object({
    /** Hours after the vendor's window ends: reminder to the vendor contact. */
    reminderAfterHours: z.number().min(0).default(0),
    /** Hours after the window ends: escalation to the vendor's escalation contacts. */
    vendorEscalationAfterHours: z.number().min(0).default(24),
    /** Hours after the window ends: internal escalation to the DPO and legal. */
    internalEscalationAfterHours: z.number().min(0).default(48),
  })
  .refine((l) => l.reminderAfterHours <= l.vendorEscalationAfterHours, {
    message: 'the vendor escalation cannot come before the reminder',
    path: ['vendorEscalationAfterHours'],
  })
  .refine((l) => l.vendorEscalationAfterHours <= l.internalEscalationAfterHours, {
    message: 'the internal escalation cannot come before the vendor escalation',
    path: ['internalEscalationAfterHours'],
  });

export const scheduleSchema = z.object({
  /** Hours after awareness at which the DPO is reminded of the authority notice. */
  authorityReminderHours: z
    .array(z.number().positive().lt(72))
    .default([24, 48, 60, 70])
    .transform((hours) => [...new Set(hours)].sort((a, b) => a - b)),
  /** Interval of the overdue escalation after the 72 hours, until resolved. */
  overdueRepeatHours: z.number().min(1).max(168).default(12),
  /** Interval of reminders to supply missing Art. 33(3) items after the initial notice. */
  supplementReminderHours: z.number().min(1).max(720).default(24),
  /** Interval of reminders to tell the data subjects when the risk is high. */
  subjectsReminderHours: z.number().min(1).max(720).default(24),
  vendorLadder: ladderSchema.default({
    reminderAfterHours: 0,
    vendorEscalationAfterHours: 24,
    internalEscalationAfterHours: 48,
  }),
});

export const severityFactsSchema = z.object({
  /** Ease of identification of the people from the breached data (ENISA 2013). */
  identifiability: z.enum(['negligible', 'limited', 'significant', 'maximum']).default('significant'),
  lossOfConfidentiality: z.enum(['none', 'known-parties', 'unknown-parties']).default('none'),
  lossOfIntegrity: z.enum(['none', 'recoverable', 'irrecoverable']).default('none'),
  lossOfAvailability: z.enum(['none', 'recoverable', 'irrecoverable']).default('none'),
  maliciousIntent: z.boolean().default(false),
  /** Adjustment of the data processing context for volume, vulnerable people, public availability: -1..+1. */
  contextAdjustment: z.number().int().min(-1).max(1).default(0),
});

export const caseFileSchema = z.object({
  caseId: caseIdSchema.optional(),
  controller: z.object({
    name: text(200),
    dpo: z.object({ name: text(200), email, phone: text(50).optional() }),
  }),
  leadAuthority: z.object({
    name: text(200),
    country,
    email: email.optional(),
    portal: z.url().optional(),
  }),
  description: text(4000),
  occurredAt: instant.optional(),
  detectedAt: instant,
  awareness: z.object({
    /** When the controller became reasonably certain; defaults to the opening time and may lie in the past. */
    awareAt: instant.optional(),
    decidedBy: text(200),
    reason: text(2000),
  }),
  /** A breach reported by a processor: the clock starts at its notice unless awareAt says otherwise. */
  reportedByProcessor: z.object({ processorId: slug, notifiedAt: instant }).optional(),
  dataCategories: z.array(dataCategorySchema).min(1),
  dataSubjects: z.object({
    approximate: z.number().int().min(0),
    categories: z.array(text(200)).default([]),
  }),
  records: z.object({ approximate: z.number().int().min(0) }),
  countries: z.array(country).min(1),
  measuresTaken: z.array(text(2000)).default([]),
  measuresProposed: z.array(text(2000)).default([]),
  likelyConsequences: z.array(text(2000)).default([]),
  processors: z.array(processorSchema).default([]),
  recipients: z.object({
    dpo: emails.min(1),
    ciso: emails.default([]),
    management: emails.default([]),
    legal: emails.default([]),
  }),
  severity: severityFactsSchema.default({
    identifiability: 'significant',
    lossOfConfidentiality: 'none',
    lossOfIntegrity: 'none',
    lossOfAvailability: 'none',
    maliciousIntent: false,
    contextAdjustment: 0,
  }),
  schedule: scheduleSchema.default({
    authorityReminderHours: [24, 48, 60, 70],
    overdueRepeatHours: 12,
    supplementReminderHours: 24,
    subjectsReminderHours: 24,
    vendorLadder: { reminderAfterHours: 0, vendorEscalationAfterHours: 24, internalEscalationAfterHours: 48 },
  }),
});

export type CaseFileInput = z.input<typeof caseFileSchema>;
export type CaseFile = z.output<typeof caseFileSchema>;
export type Processor = CaseFile['processors'][number];
export type VendorLadder = CaseFile['schedule']['vendorLadder'];

/** Cross-field rules zod's shape cannot express; returned as issues with paths like zod's. */
export function caseFileConsistency(file: CaseFile): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const ids = new Set<string>();
  file.processors.forEach((p, i) => {
    if (ids.has(p.id))
      problems.push({ path: `processors.${i}.id`, message: `duplicate processor id "${p.id}"` });
    ids.add(p.id);
  });
  if (file.reportedByProcessor && !ids.has(file.reportedByProcessor.processorId)) {
    problems.push({
      path: 'reportedByProcessor.processorId',
      message: 'must name one of the processors listed under "processors"',
    });
  }
  if (file.occurredAt && Date.parse(file.occurredAt) > Date.parse(file.detectedAt)) {
    problems.push({ path: 'occurredAt', message: 'cannot be later than detectedAt' });
  }
  const awareAt = file.awareness.awareAt;
  if (awareAt && Date.parse(awareAt) < Date.parse(file.detectedAt)) {
    problems.push({ path: 'awareness.awareAt', message: 'cannot be earlier than detectedAt' });
  }
  return problems;
}
