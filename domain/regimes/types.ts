/**
 * What a legal regime is to the engine: a table of obligations, each with the event that starts its clock,
 * the clock rule, who it is owed to, what it must contain and what satisfies it. A regime file holds data
 * only; `obligations.ts` computes deadlines, reminders, escalations, pending actions and close blockers from
 * it for every regime a case is under.
 */
import type { CalendarId } from '../calendars/index.js';
import type { HourPeriodRule } from '../deadlines.js';

/** The event a clock runs from. */
export type TriggerKind = 'awareness';

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

export type ClockRule = HoursClock | CalendarDaysClock | WorkingDaysClock | MonthsClock;

/** What the engine does for an obligation, and what satisfies it. */
export type ObligationKind =
  /** The initial notice to an authority: satisfied by filing it; reminders before, escalation after. */
  | 'authority-notice'
  /** Information given in phases after the notice: owed while items or the reasons for a delay are missing. */
  | 'authority-supplement'
  /** Telling the people affected: owed while some are not told and no exemption covers them. */
  | 'subjects-communication';

export interface AuthorityContact {
  name: string;
  country: string;
  email?: string | undefined;
  portal?: string | undefined;
}

export type Addressee =
  /** The supervisory authority the case file names (the lead authority under the one-stop shop). */
  | { kind: 'lead-authority' }
  /** An authority the regime itself fixes, such as the ICO for UK GDPR. */
  | { kind: 'authority'; authority: AuthorityContact }
  | { kind: 'data-subjects' };

export interface ObligationSpec {
  /** Unique within its regime. */
  key: string;
  kind: ObligationKind;
  /** How the status names the obligation. */
  title: string;
  /** Where the obligation comes from, for the reader and the register. */
  citation: string;
  trigger: TriggerKind;
  clock?: ClockRule;
  addressee: Addressee;
  /** The content a notice must have (GDPR Art. 33(3) (a)-(d)); the engine asks for what is missing. */
  items?: readonly NoticeItem[];
}

/** Art. 33(3): (a) nature, categories and numbers; (b) DPO contact; (c) likely consequences; (d) measures. */
export type NoticeItem = 'a' | 'b' | 'c' | 'd';

export interface Regime {
  /** Stable: it keys notices, effects and Message-IDs of running cases. */
  id: string;
  name: string;
  obligations: readonly ObligationSpec[];
}
