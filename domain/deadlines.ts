/**
 * Counting a period from its trigger, as a regime's clock rule says: hours, calendar days, working days or
 * months. Every instant derives from the case's trigger events, never from when a workflow happened to start,
 * so a back-dated or re-opened case keeps its true deadlines.
 *
 * Two instants per period, both kept: the *alarm*, when the engine escalates (the conservative reading, what
 * the DPO plans for), and the *legal end* of the period, against which a filing is judged on time or late.
 * Days and months are counted in the zone the clock names (zoned-time.ts), never the machine's.
 */
import { CALENDARS, isWorkingDay } from './calendars/index.js';
import type { ClockRule } from './regimes/types.js';
import { HOUR_MS, addMs } from './time.js';
import { daysInMonth, instantOf, isoDate, plusDays, wallTime, weekday, type WallTime } from './zoned-time.js';

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

/** The start of the day after the `amount`-th counted day following the event's own day, in `zone`. */
function endOfCountedDays(
  eventAt: string,
  amount: number,
  zone: string,
  counts: (day: { year: number; month: number; day: number }) => boolean,
): string {
  let day = wallTime(Date.parse(eventAt), zone);
  let counted = 0;
  while (counted < amount) {
    day = { ...day, ...plusDays(day, 1) };
    if (counts(day)) counted += 1;
  }
  return new Date(instantOf(plusDays(day, 1), zone)).toISOString();
}

/** The same wall time `months` later; a day the month lacks becomes its last (31 Jan + 1 month = 28/29 Feb). */
function plusMonths(wall: WallTime, months: number): WallTime {
  const index = wall.month - 1 + months;
  const year = wall.year + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  return { ...wall, year, month, day: Math.min(wall.day, daysInMonth(year, month)) };
}

/** The alarm: when the engine escalates. For hours and months the same time of day; for days, the legal end. */
export function periodAlarm(eventAt: string, clock: ClockRule): string {
  switch (clock.unit) {
    case 'hours':
      return addMs(eventAt, clock.amount * HOUR_MS);
    case 'months':
      return new Date(
        instantOf(plusMonths(wallTime(Date.parse(eventAt), clock.zone), clock.amount), clock.zone),
      ).toISOString();
    case 'calendar-days':
    case 'working-days':
    case 'days-after-year-end':
      return periodLegalEnd(eventAt, clock);
  }
}

/**
 * The legal end of the period. Hours are counted on UTC hour boundaries: every EU and EEA time zone, and the
 * UK's, is a whole number of hours from UTC, so its clock hours begin at the same instants.
 */
export function periodLegalEnd(eventAt: string, clock: ClockRule): string {
  switch (clock.unit) {
    case 'hours': {
      if (clock.period === 'from-instant') return periodAlarm(eventAt, clock);
      const startOfNextHour = Math.floor(Date.parse(eventAt) / HOUR_MS) * HOUR_MS + HOUR_MS;
      return new Date(startOfNextHour + clock.amount * HOUR_MS).toISOString();
    }
    case 'calendar-days':
      return endOfCountedDays(eventAt, clock.amount, clock.zone, () => true);
    case 'working-days': {
      const calendar = CALENDARS[clock.calendar];
      return endOfCountedDays(eventAt, clock.amount, calendar.zone, (day) =>
        isWorkingDay(calendar, isoDate(day), weekday(day)),
      );
    }
    case 'days-after-year-end': {
      // Counted from the last day of the trigger's year, which is itself not counted.
      const { year } = wallTime(Date.parse(eventAt), clock.zone);
      const lastDay = new Date(instantOf({ year, month: 12, day: 31, hour: 12 }, clock.zone)).toISOString();
      return endOfCountedDays(lastDay, clock.amount, clock.zone, () => true);
    }
    case 'months': {
      const sameDate = plusMonths(wallTime(Date.parse(eventAt), clock.zone), clock.amount);
      return new Date(instantOf(plusDays(sameDate, 1), clock.zone)).toISOString();
    }
  }
}
