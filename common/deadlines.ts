/**
 * The legal clocks of GDPR Art. 33. Every instant derives from the case's awareness, never from when a
 * workflow happened to start, so a back-dated or re-opened case keeps its true deadlines.
 *
 * Two instants per notice, both kept: the *alarm* at awareness + 72 h, when the engine escalates (the
 * conservative reading, what the DPO plans for), and the *legal end* of the period under Reg. (EEC, Euratom)
 * No 1182/71, against which a filing is judged on time or late.
 */
import { HOUR_MS, addMs } from './time.js';

/** How a period in hours is counted. */
export type HourPeriodRule =
  /** Consecutive clock hours from the instant of the event. */
  | 'from-instant'
  /**
   * Reg. 1182/71 Art. 3(1): the hour in which the event occurs is not counted; Art. 3(2)(a): the period starts
   * at the beginning of the next hour and ends with the expiry of its last hour. Art. 3(4)-(5) (weekends,
   * holidays) do not apply to periods in hours.
   */
  | 'reg-1182-71';

export interface HourPeriod {
  hours: number;
  rule: HourPeriodRule;
}

/**
 * GDPR Art. 33(1): "where feasible, not later than 72 hours after having become aware of it". The 72 hours are
 * consecutive clock hours: weekends, holidays and DST changes neither pause nor extend them.
 */
export const GDPR_ART33_NOTICE: HourPeriod = { hours: 72, rule: 'reg-1182-71' };

/** The alarm: the event + the period's hours, counted from the instant itself. */
export function periodAlarm(eventAt: string, period: HourPeriod): string {
  return addMs(eventAt, period.hours * HOUR_MS);
}

/**
 * The legal end of the period. Hours are counted on UTC hour boundaries: every EU and EEA time zone is a
 * whole number of hours from UTC, so its clock hours begin at the same instants.
 */
export function periodLegalEnd(eventAt: string, period: HourPeriod): string {
  if (period.rule === 'from-instant') return periodAlarm(eventAt, period);
  const event = Date.parse(eventAt);
  const startOfNextHour = Math.floor(event / HOUR_MS) * HOUR_MS + HOUR_MS;
  return new Date(startOfNextHour + period.hours * HOUR_MS).toISOString();
}

export function authorityDeadline(awareAt: string): string {
  return periodAlarm(awareAt, GDPR_ART33_NOTICE);
}

export function authorityLegalEnd(awareAt: string): string {
  return periodLegalEnd(awareAt, GDPR_ART33_NOTICE);
}
