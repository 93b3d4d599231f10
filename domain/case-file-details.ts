/**
 * What authorities' forms ask beyond the four items of Art. 33(3), and what the letter to the people affected
 * needs: all optional, since a first notice is filed with what is known (Art. 33(4)); the notice names what is
 * still missing. Kept apart from case-file.ts so the case file's core stays readable.
 */
import { z } from 'zod';
import { LANGUAGES } from './documents/languages.js';
import { email, instant, line, text } from './fields.js';
import { validTimeZone } from './time.js';

/** The properties of security the breach broke (EDPB 9/2022: confidentiality, integrity, availability). */
export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;

/** Causes as the DSK, DPC and ICO forms offer them; `other` with the detail in `causeDetail`. */
export const BREACH_CAUSES = [
  'cyber-attack',
  'ransomware',
  'phishing',
  'malware',
  'unauthorised-access',
  'human-error',
  'mis-sent',
  'lost-device',
  'stolen-device',
  'system-failure',
  'improper-disposal',
  'other',
] as const;

/** How the breach came to light, as the forms ask it. */
export const DISCOVERY_CHANNELS = [
  'internal-monitoring',
  'employee',
  'data-subject',
  'third-party',
  'processor',
  'attacker',
  'media',
  'authority',
  'other',
] as const;

/** Groups of people the forms single out because a breach weighs more on them. */
export const SUBJECT_KINDS = [
  'customers',
  'employees',
  'children',
  'patients',
  'students',
  'vulnerable-people',
  'members',
  'other',
] as const;

export const OTHER_BODIES = ['police', 'csirt', 'other-authority', 'insurer', 'other'] as const;

/**
 * The schemas of the details, built by each call: caseFileSchemas() in case-file.ts, their only user, keeps them.
 */
export function caseFileDetailsSchemas() {
  const language = z.enum(LANGUAGES);

  const timeZone = z.string().refine(validTimeZone, 'expected an IANA time zone, e.g. Europe/Berlin');

  const breachDetailsSchema = z
    .strictObject({
      types: z.array(z.enum(BREACH_TYPES)).min(1).optional(),
      cause: z.enum(BREACH_CAUSES).optional(),
      causeDetail: text(2000).optional(),
      discoveredBy: z.enum(DISCOVERY_CHANNELS).optional(),
      /** How it was found, in words: the forms ask this beside when. */
      howDiscovered: text(2000).optional(),
      /** When the breach ended; `ongoing: true` while it has not. */
      endedAt: instant().optional(),
      ongoing: z.boolean().optional(),
    })
    .refine((b) => !(b.ongoing && b.endedAt), {
      message: 'a breach that has ended is not ongoing: give endedAt or ongoing, not both',
      path: ['ongoing'],
    });

  /** Measures in place before the incident: they decide how bad it is and whether Art. 34(3)(a) applies. */
  const safeguardsSchema = z.strictObject({
    encryption: z.enum(['none', 'in-transit', 'at-rest', 'end-to-end', 'partial']).optional(),
    /** Was the key or password safe from whoever got the data? */
    keyCompromised: z.boolean().optional(),
    pseudonymised: z.boolean().optional(),
    other: z.array(text(2000)).default([]),
  });

  const personSchema = z.strictObject({
    name: line(200),
    role: line(200).optional(),
    email: email().optional(),
    phone: line(50).optional(),
  });

  /** The Art. 27 representative of a controller outside the EU. */
  const representativeSchema = z.strictObject({
    name: line(200),
    address: text(500).optional(),
    email: email().optional(),
  });

  const otherBodySchema = z.strictObject({
    kind: z.enum(OTHER_BODIES),
    name: line(200),
    reference: line(200).optional(),
    at: instant().optional(),
  });

  /** A group of the people affected told with its own letter, in its own language. */
  const subjectGroupSchema = z.strictObject({
    name: line(200),
    language: language.optional(),
    count: z.number().int().min(0).optional(),
  });

  /** The letter to the people affected (Art. 34(2)): in their words, never the text written for the authority. */
  const letterSchema = z.strictObject({
    /** What happened, told to the reader: "An export of your account was sent to another customer". */
    summary: text(2000).optional(),
    /** Likely consequences for the reader; the notice's when absent. */
    consequences: z.array(text(2000)).optional(),
    /** What the reader can do: change a password, watch statements, be wary of calls claiming to be us. */
    advice: z.array(text(2000)).default([]),
    helpLine: line(100).optional(),
    greeting: line(200).optional(),
    signedBy: line(200).optional(),
    /** The letter's language when no group names one; the authority's language otherwise. */
    language: language.optional(),
  });

  const controllerDetails = {
    address: text(500).optional(),
    /** Commercial register or company number, as the forms ask it. */
    registration: line(200).optional(),
    representative: representativeSchema.optional(),
    /**
     * A small processing agent under Brazil's Res. CD/ANPD 2/2022 (a micro or small enterprise, start-up, ...):
     * its LGPD periods are doubled (Art. 14). Left out, the ordinary, shorter periods apply.
     */
    smallProcessingAgent: z.boolean().optional(),
  };

  const subjectDetails = {
    /**
     * People affected by State or province (ISO 3166-2: `US-CA`), where a regime counts them so: HIPAA's media
     * notice is owed for more than 500 residents of one State. Left out, all are taken to live in one.
     */
    byRegion: z
      .record(
        z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'expected an ISO 3166-2 code such as US-CA'),
        z.number().int().min(0),
      )
      .optional(),
    kinds: z.array(z.enum(SUBJECT_KINDS)).optional(),
    groups: z.array(subjectGroupSchema).optional(),
  };

  const caseFileDetails = {
    /** The zone the documents and mail show times in (UTC beside); by default the lead authority's. */
    timeZone: timeZone.optional(),
    breach: breachDetailsSchema.optional(),
    safeguards: safeguardsSchema.optional(),
    /** Who files the notice, when not the DPO (the forms ask for both). */
    reporter: personSchema.optional(),
    othersInformed: z.array(otherBodySchema).optional(),
    /** Why the risk is what the assessment says: the forms want the reasoning, not only the level. */
    riskReasoning: text(4000).optional(),
    letter: letterSchema.optional(),
  };
  return { language, controllerDetails, subjectDetails, caseFileDetails };
}
