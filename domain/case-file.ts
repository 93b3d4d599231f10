/**
 * The case file a DPO opens a breach with. Validated before anything starts; every problem names its field.
 * Instants must carry an offset (Z or +hh:mm): a breach clock read in the wrong time zone is a missed deadline.
 *
 * Longer than the house's ~250 lines on purpose: this one schema is the source of the published JSON Schema
 * and of every field's documentation, so a DPO reading it (or an editor showing it) sees the whole file at once.
 */
import { z } from 'zod';
import { policyTargetsSchema } from './policy-targets.js';
import { REGIME_IDS } from './regimes/index.js';
import type { FieldProblem } from './validation.js';
import { email, instant, line, once, text } from './fields.js';
import { caseFileDetailsSchemas } from './case-file-details.js';

export { instant, line, text };

/**
 * The case file's schemas, built on first use and then kept: the worker builds them once and every case it
 * holds checks its file with them (workflows/shared-modules.ts); the CLI, the tools and the tests take them
 * from case-file-schema.ts.
 */
export const caseFileSchemas = once(buildCaseFileSchemas);

function buildCaseFileSchemas() {
  const { caseFileDetails, controllerDetails, language, subjectDetails } = caseFileDetailsSchemas();

  /** Case IDs end up in workflow IDs, which many people can see: letters, digits, dot, dash, underscore only. */
  const caseIdSchema = z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
      'expected 3-64 letters, digits, ".", "_" or "-" (no names or e-mail addresses)',
    );

  const emails = z.array(email());
  const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter country code');
  const slug = z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a short lowercase identifier (letters, digits, "-")');

  const dataCategorySchema = z
    .strictObject({
      name: line(200),
      /** ENISA 2013 data processing context: the base of the severity score. */
      kind: z.enum(['simple', 'behavioural', 'financial', 'sensitive']).default('simple'),
      /** Art. 9 (health, biometrics, beliefs, ...) or Art. 10 (criminal convictions) data. */
      special: z.enum(['art9', 'art10']).optional(),
      /**
       * ENISA 2013 adjusts each data set's context score for volume, the controller, vulnerable people or public
       * availability, by up to 3 either way (its own examples take simple data to 4 and sensitive data to 1).
       */
      adjustment: z.number().int().min(-3).max(3).default(0),
      /** Why the adjustment: kept with the score, since it changes a legal suggestion. */
      adjustmentReason: text(2000).optional(),
    })
    .refine((c) => c.adjustment === 0 || c.adjustmentReason !== undefined, {
      message: 'an ENISA adjustment needs the reason that will be kept',
      path: ['adjustmentReason'],
    });

  const processorSchema = z.strictObject({
    id: slug,
    name: line(200),
    contact: email(),
    escalation: emails.default([]),
    /** Contractual notice window from the data processing agreement. */
    noticeWindowHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  });

  const ladderSchema = z
    .strictObject({
      /** Hours after the vendor's window ends: reminder to the vendor contact. */
      reminderAfterHours: z.number().min(0).default(0),
      /** Hours after the window ends: escalation to the vendor's escalation contacts. */
      processorEscalationAfterHours: z.number().min(0).default(24),
      /** Hours after the window ends: internal escalation to the DPO and legal. */
      internalEscalationAfterHours: z.number().min(0).default(48),
      /**
       * The internal escalation comes at the latest this many hours before the authority deadline, whatever the
       * offsets above say: a silent processor must reach the DPO while there is still time to notify.
       */
      internalEscalationMarginHours: z.number().min(0).max(71).default(12),
    })
    .refine((l) => l.reminderAfterHours <= l.processorEscalationAfterHours, {
      message: 'the vendor escalation cannot come before the reminder',
      path: ['processorEscalationAfterHours'],
    })
    .refine((l) => l.processorEscalationAfterHours <= l.internalEscalationAfterHours, {
      message: 'the internal escalation cannot come before the vendor escalation',
      path: ['internalEscalationAfterHours'],
    });

  const reminderPlanSchema = z.strictObject({
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
    processorLadder: ladderSchema.default({
      reminderAfterHours: 0,
      processorEscalationAfterHours: 24,
      internalEscalationAfterHours: 48,
      internalEscalationMarginHours: 12,
    }),
  });

  const severityFactsSchema = z.strictObject({
    /** Ease of identification of the people from the breached data (ENISA 2013). */
    identifiability: z.enum(['negligible', 'limited', 'significant', 'maximum']).default('significant'),
    lossOfConfidentiality: z.enum(['none', 'known-parties', 'unknown-parties']).default('none'),
    lossOfIntegrity: z.enum(['none', 'recoverable', 'irrecoverable']).default('none'),
    lossOfAvailability: z.enum(['none', 'recoverable', 'irrecoverable']).default('none'),
    maliciousIntent: z.boolean().default(false),
  });

  const riskLevel = z.enum(['none', 'risk', 'high']);

  /**
   * The organisation's policy from ENISA severity band to suggested risk: ENISA scores severity, not risk, so
   * which band calls for which notice is a choice the organisation makes and the register shows.
   */
  const riskPolicySchema = z.strictObject({
    low: riskLevel,
    medium: riskLevel,
    high: riskLevel,
    'very high': riskLevel,
  });

  const authoritySchema = z.strictObject({
    name: line(200),
    country,
    email: email().optional(),
    portal: z.url().optional(),
    /** The language its documents are written in; by default the official language of its country. */
    language: language.optional(),
  });

  const caseFileSchema = z.strictObject({
    $schema: z.string().optional(),
    caseId: caseIdSchema.optional(),
    /**
     * The legal regimes the breach falls under, each with its own obligations and clocks (regimes/); the first
     * is what an action means when it names none.
     */
    regimes: z
      .array(z.enum(REGIME_IDS))
      .min(1)
      .default(['gdpr'])
      .refine((ids) => new Set(ids).size === ids.length, 'list each regime once'),
    controller: z.strictObject({
      name: line(200),
      dpo: z.strictObject({ name: line(200), email: email(), phone: line(50).optional() }),
      ...controllerDetails,
    }),
    leadAuthority: authoritySchema,
    /**
     * The authority of each regime whose addressee the law leaves to the case (NIS2's CSIRT, DORA's financial
     * supervisor, the ePrivacy authority), by regime ID.
     */
    authorities: z.partialRecord(z.enum(REGIME_IDS), authoritySchema).optional(),
    /** Art. 56: why the lead authority is the lead (the main or single establishment), for the register. */
    leadAuthorityReasoning: text(2000).optional(),
    /**
     * Further authorities the same notice is owed to, each with its own filing, reference, lateness and
     * supplements: a controller without an EU establishment notifies every authority where affected people live
     * (EDPB Guidelines 9/2022 para 73), with no one-stop shop.
     */
    otherAuthorities: z
      .array(
        authoritySchema.extend({
          /** Names the authority in commands and effect keys: `--regime gdpr+cnil`. */
          id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes'),
          /** The regime whose notice it is owed (default gdpr). */
          regime: z.enum(REGIME_IDS).default('gdpr'),
          reason: text(2000),
        }),
      )
      .default([]),
    /** Joint controllers (Art. 26) and who files for whom under their arrangement. */
    jointControllers: z
      .array(
        z.strictObject({
          name: line(200),
          files: z.enum(['for-us', 'we-file-for-them', 'each-files-own']),
          arrangement: text(2000).optional(),
        }),
      )
      .default([]),
    description: text(4000),
    occurredAt: instant().optional(),
    detectedAt: instant(),
    awareness: z.strictObject({
      /**
       * When the controller became reasonably certain that personal data were compromised (EDPB 9/2022). Without
       * it, awareness is `detectedAt`: the earliest instant the facts allow, so the clock is never late.
       */
      awareAt: instant().optional(),
      decidedBy: line(200),
      reason: text(2000),
    }),
    /**
     * The other events regimes start their clocks at (regimes/types.ts TRIGGER_KINDS), when they differ from
     * awareness: left out, each is taken as awareness (detection as detectedAt), the earlier and so safer reading.
     */
    triggers: z
      .strictObject({
        incidentAwareness: instant().optional(),
        majorClassification: instant().optional(),
        knowledge: instant().optional(),
        discovery: instant().optional(),
      })
      .optional(),
    /**
     * Hours for the regimes' policy targets ("as soon as possible"), by obligation: `{"revfadp.notice": 48}`. Set
     * here, a target is this case's own and comes before the organisation's (policy-targets.ts).
     */
    policyTargets: policyTargetsSchema().optional(),
    /** A breach reported by a processor: the clock starts at its notice unless awareAt says otherwise. */
    reportedByProcessor: z.strictObject({ processorId: slug, notifiedAt: instant() }).optional(),
    dataCategories: z.array(dataCategorySchema).min(1),
    dataSubjects: z.strictObject({
      approximate: z.number().int().min(0),
      categories: z.array(line(200)).default([]),
      ...subjectDetails,
    }),
    records: z.strictObject({ approximate: z.number().int().min(0) }),
    countries: z.array(country).min(1),
    measuresTaken: z.array(text(2000)).default([]),
    measuresProposed: z.array(text(2000)).default([]),
    likelyConsequences: z.array(text(2000)).default([]),
    processors: z.array(processorSchema).default([]),
    recipients: z.strictObject({
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
    }),
    ...caseFileDetails,
    riskPolicy: riskPolicySchema.default({ low: 'none', medium: 'risk', high: 'high', 'very high': 'high' }),
    /** When the DPO is reminded and escalated to, per case (`schedule` before it was renamed). */
    reminderPlan: reminderPlanSchema.default({
      authorityReminderHours: [24, 48, 60, 70],
      overdueRepeatHours: 12,
      supplementReminderHours: 24,
      subjectsReminderHours: 24,
      processorLadder: {
        reminderAfterHours: 0,
        processorEscalationAfterHours: 24,
        internalEscalationAfterHours: 48,
        internalEscalationMarginHours: 12,
      },
    }),
  });

  return { caseIdSchema, caseFileSchema };
}

type CaseFileSchemas = ReturnType<typeof caseFileSchemas>;
export type CaseFileSchema = CaseFileSchemas['caseFileSchema'];
export type CaseFileInput = z.input<CaseFileSchemas['caseFileSchema']>;
export type CaseFile = z.output<CaseFileSchemas['caseFileSchema']>;
export type RiskPolicy = CaseFile['riskPolicy'];
export type Processor = CaseFile['processors'][number];
export type ProcessorLadder = CaseFile['reminderPlan']['processorLadder'];

// A small grace for clocks that disagree by a few minutes between the DPO's laptop and the server.
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The problem for an instant later than now (beyond the clock-skew grace), if it is one. */
export function futureProblem(at: string | undefined, path: string, now: number): FieldProblem[] {
  return at !== undefined && Date.parse(at) > now + CLOCK_SKEW_MS
    ? [{ path, message: 'lies in the future: record what has happened, with when it happened' }]
    : [];
}

/**
 * Cross-field rules zod's shape cannot express, and instants later than `now` (a breach is a past event: a
 * future time would move every reminder out of reach). Returned as issues with paths like zod's.
 */
export function caseFileProblems(file: CaseFile, now: number): FieldProblem[] {
  const problems: FieldProblem[] = [
    ...futureProblem(file.occurredAt, 'occurredAt', now),
    ...futureProblem(file.detectedAt, 'detectedAt', now),
    ...futureProblem(file.awareness.awareAt, 'awareness.awareAt', now),
    ...futureProblem(file.reportedByProcessor?.notifiedAt, 'reportedByProcessor.notifiedAt', now),
  ];
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
  if (
    file.reportedByProcessor &&
    Date.parse(file.reportedByProcessor.notifiedAt) < Date.parse(file.detectedAt)
  ) {
    // EDPB 9/2022: the controller is aware once its processor told it, so it cannot have detected it later.
    problems.push({
      path: 'detectedAt',
      message:
        "is later than the processor's notice (reportedByProcessor.notifiedAt), when the controller learned of it",
    });
  }
  if (file.occurredAt && Date.parse(file.occurredAt) > Date.parse(file.detectedAt)) {
    problems.push({ path: 'occurredAt', message: 'cannot be later than detectedAt' });
  }
  problems.push(...futureProblem(file.breach?.endedAt, 'breach.endedAt', now));
  const endedAt = file.breach?.endedAt;
  if (endedAt && file.occurredAt && Date.parse(endedAt) < Date.parse(file.occurredAt)) {
    problems.push({ path: 'breach.endedAt', message: 'cannot be earlier than occurredAt' });
  }
  (file.othersInformed ?? []).forEach((body, i) => {
    problems.push(...futureProblem(body.at, `othersInformed.${i}.at`, now));
  });
  for (const [key, at] of Object.entries(file.triggers ?? {})) {
    problems.push(...futureProblem(at, `triggers.${key}`, now));
  }
  const awareAt = file.awareness.awareAt;
  if (awareAt && Date.parse(awareAt) < Date.parse(file.detectedAt)) {
    problems.push({ path: 'awareness.awareAt', message: 'cannot be earlier than detectedAt' });
  }
  return problems;
}

/**
 * A case file as a running case recorded it, with today's names: cases opened before the renames carry
 * `schedule.vendorLadder.vendorEscalationAfterHours` in their input and state. Changes nothing else.
 */
export function caseFileToday<T>(recorded: T): T {
  if (!recorded || typeof recorded !== 'object' || !('schedule' in recorded)) return recorded;
  const { schedule, ...rest } = recorded as Record<string, unknown> & { schedule: Record<string, unknown> };
  const { vendorLadder, ...plan } = schedule;
  const ladder = vendorLadder as Record<string, unknown> | undefined;
  const processorLadder = ladder && {
    ...Object.fromEntries(Object.entries(ladder).filter(([key]) => key !== 'vendorEscalationAfterHours')),
    ...('vendorEscalationAfterHours' in ladder
      ? { processorEscalationAfterHours: ladder.vendorEscalationAfterHours }
      : {}),
  };
  return { ...rest, reminderPlan: { ...plan, ...(processorLadder ? { processorLadder } : {}) } } as T;
}
