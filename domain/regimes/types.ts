/**
 * What a legal regime is to the engine: a table of obligations, each with the event that starts its clock,
 * the clock rule, who it is owed to, what it must contain and what satisfies it. A regime file holds data
 * only; `obligations.ts` computes deadlines, reminders, escalations, pending actions and close blockers from
 * it for every regime a case is under.
 */
import type { CalendarId } from '../calendars/index.js';
import type { HourPeriodRule } from '../deadlines.js';

/**
 * The events clocks run from. Each regime starts its clocks at its own event, recorded with who, when and why
 * (triggers.ts): the GDPR at awareness of the personal-data breach, the ePrivacy Regulation at its detection,
 * NIS2 at awareness of a significant incident, DORA at the classification of an ICT incident as major (and at
 * most 24 h after awareness of it), LGPD at knowledge that the incident affected personal data, HIPAA at
 * discovery.
 */
export const TRIGGER_KINDS = [
  'awareness',
  'detection',
  'incident-awareness',
  'major-classification',
  'knowledge',
  'discovery',
  /** The decision that the risk to the people is high, or the authority's order to tell them (GDPR Art. 34). */
  'high-risk',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** A clock that runs from an event, or from the filing of another stage of the same regime. */
export type TriggerRef =
  | TriggerKind
  /** From the (latest) filing of the stage with this key: NIS2's final report a month after the notification. */
  | { filed: string };

/** How a deadline is counted from its trigger. */
export interface HoursClock {
  unit: 'hours';
  amount: number;
  /** How the hours are counted: from the instant itself, or under Reg. 1182/71 Art. 3. */
  period: HourPeriodRule;
}
/** Whole days after the trigger's day (that day is not counted), ending at midnight in the zone. */
export interface CalendarDaysClock {
  unit: 'calendar-days';
  amount: number;
  zone: string;
}

/** Working days after the trigger's day: weekends and the calendar's public holidays are not counted. */
export interface WorkingDaysClock {
  unit: 'working-days';
  amount: number;
  calendar: CalendarId;
}

/**
 * Months after the trigger: the alarm falls on the same date and time of day, the legal end at the end of that
 * day (Reg. 1182/71 Art. 3(2)(c)); a date the month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb).
 */
export interface MonthsClock {
  unit: 'months';
  amount: number;
  zone: string;
}

/**
 * Calendar days after the end of the calendar year the trigger falls in (HIPAA 45 CFR 164.408(c): breaches of
 * fewer than 500 people are reported to HHS within 60 days after the end of each calendar year).
 */
export interface AfterYearEndClock {
  unit: 'days-after-year-end';
  amount: number;
  zone: string;
}

export type ClockRule = HoursClock | CalendarDaysClock | WorkingDaysClock | MonthsClock | AfterYearEndClock;

/** What the engine does for an obligation, and what satisfies it. */
export type ObligationKind =
  /** The initial notice to an authority: satisfied by filing it; reminders before, escalation after. */
  | 'authority-notice'
  /** Information given in phases after the notice: owed while items or the reasons for a delay are missing. */
  | 'authority-supplement'
  /** Telling the people affected: owed while some are not told and no exemption covers them. */
  | 'subjects-communication'
  /**
   * A later stage filed with the same authority, with a clock of its own (NIS2's incident notification and final
   * report, DORA's intermediate and final reports): satisfied by filing it (`breach report`).
   */
  | 'authority-report';

export interface AuthorityContact {
  name: string;
  country: string;
  email?: string | undefined;
  portal?: string | undefined;
  /** The language it takes documents in, where the case file names one (by default its country's). */
  language?: string | undefined;
}

export type Addressee =
  /** The supervisory authority the case file names (the lead authority under the one-stop shop). */
  | { kind: 'lead-authority' }
  /** An authority the regime itself fixes, such as the ICO for UK GDPR. */
  | { kind: 'authority'; authority: AuthorityContact }
  /**
   * An authority the case names for this regime (`authorities.<regime>` in the case file), such as NIS2's
   * CSIRT; `role` names it until the case does.
   */
  | { kind: 'case-authority'; role: string }
  /** The public through the press, such as HIPAA's prominent media outlets of a State (45 CFR 164.406). */
  | { kind: 'media'; audience: AuthorityContact }
  | { kind: 'data-subjects' };

export interface ObligationSpec {
  /** Unique within its regime. */
  key: string;
  kind: ObligationKind;
  /** How the status names the obligation. */
  title: string;
  /** Where the obligation comes from, for the reader and the register. */
  citation: string;
  trigger: TriggerRef;
  clock?: ClockRule;
  /** Further limits from other events; the earliest deadline counts (DORA: 4 h after classification, 24 h after awareness). */
  alsoWithin?: readonly { trigger: TriggerRef; clock: ClockRule }[];
  /**
   * A policy target rather than a legal limit ("as soon as possible"): the clock is the organisation's, and a
   * case may set another number of hours for it (`policyTargets` in the case file).
   */
  policyTarget?: true;
  /** A stage owed only while the notice lacks items (ePrivacy's second notice completes an incomplete first). */
  onlyWhileIncomplete?: true;
  /**
   * The rules version (RULES_VERSION in regimes/index.ts) that added this obligation to its regime. A case runs
   * on the rules of the version its run started under: a running case's history has no room for the timers
   * and mail of an obligation added since, so it takes the obligation with its next run.
   */
  since?: number;
  /** Whether the obligation applies to this case's facts (HIPAA: the HHS notice with the individuals for 500 or more). */
  appliesWhen?: (facts: ObligationFacts) => boolean;
  addressee: Addressee;
  /** The content a notice must have (GDPR Art. 33(3) (a)-(d)); the engine asks for what is missing. */
  items?: readonly NoticeItem[];
}

/** Art. 33(3): (a) nature, categories and numbers; (b) DPO contact; (c) likely consequences; (d) measures. */
export type NoticeItem = 'a' | 'b' | 'c' | 'd';

/** What a regime's conditions may read. */
export interface ObligationFacts {
  /** The approximate number of people affected. */
  subjects: number;
  /**
   * The most people affected in any one State or province (`dataSubjects.byRegion`); undefined when the case
   * does not split them, and a rule must then read `subjects`, as if all lived in one.
   */
  mostInOneRegion?: number;
  /** The controller is a small processing agent under Brazil's Res. CD/ANPD 2/2022. */
  smallProcessingAgent: boolean;
}

export interface Regime {
  /** Stable: it keys notices, effects and Message-IDs of running cases. */
  id: string;
  name: string;
  /** One sentence: who the regime binds, for the README and `breach deadlines --regime`. */
  scope?: string;
  obligations: readonly ObligationSpec[];
}
