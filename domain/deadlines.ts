/**
 * Counting a period from its trigger, as a regime's clock rule says. Every instant derives from the case's
 * trigger events, never from when a workflow happened to start, so a back-dated or re-opened case keeps its
 * true deadlines.
 *
 * Two instants per period, both kept: the *alarm* at trigger + period, when the engine escalates (the
 * conservative reading, what the DPO plans for), and the *legal end* of the period, against which a filing is
 * judged on time or late.
 */
import type { ClockRule } from './regimes/types.js';
import { HOUR_MS, addMs } from './time.js';

/** How a period in hours is counted. */
export type HourPeriodRule =
  /** Consecutive clock hours from the instant of the event. */
  | 'from-instant'
  /**
   * Reg. (EEC, Euratom) No 1182/71 Art. 3(1): the hour in which the event occurs is not counted; Art. 3(2)(a):
   * the period starts at the beginning of the next hour and ends with the expiry of its last hour.
   * Art. 3(4)-(5) (weekends, holidays) do not apply to periods in hours.
   */
  | 'reg-1182-71';

/** The alarm: the event + the period, counted from the instant itself. */
export function periodAlarm(eventAt: string, clock: ClockRule): string {
  return addMs(eventAt, clock.amount * HOUR_MS);
}

/**
 * The legal end of the period. Hours are counted on UTC hour boundaries: every EU and EEA time zone, and the
 * UK's, is a whole number of hours from UTC, so its clock hours begin at the same instants.
 */
export function periodLegalEnd(eventAt: string, clock: ClockRule): string {
  if (clock.period === 'from-instant') return periodAlarm(eventAt, clock);
  const event = Date.parse(eventAt);
  const startOfNextHour = Math.floor(event / HOUR_MS) * HOUR_MS + HOUR_MS;
  return new Date(startOfNextHour + clock.amount * HOUR_MS).toISOString();
}
