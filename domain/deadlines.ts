/**
 * Counting a period from its trigger, as a regime's clock rule says: hours, calendar days, working days or
 * months. Every instant derives from the case's trigger events, never from when a workflow happened to start,
 * so a back-dated or re-opened case keeps its true deadlines.
 *
 * Two instants per period, both kept: the *alarm*, when the engine escalates (the conservative reading, what
 * the DPO plans for), and the *legal end* of the period, against which a filing is judged on time or late.
 * Days and months are counted in the zone the clock names (date-fns with @date-fns/tz), never the machine's.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfDay } from 'date-fns';
import { CALENDARS, isWorkingDay } from './calendars/index.js';
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

function isoDay(date: TZDate): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The start of the day after the `amount`-th counted day following the event's own day, in `zone`. */
function endOfCountedDays(
  eventAt: string,
  amount: number,
  zone: string,
  counts: (day: TZDate) => boolean,
): string {
  let day = startOfDay(new TZDate(Date.parse(eventAt), zone));
  let counted = 0;
  while (counted < amount) {
    day = addDays(day, 1);
    if (counts(day)) counted += 1;
  }
  return new Date(addDays(day, 1).getTime()).toISOString();
}

/** The alarm: when the engine escalates. For hours and months the same time of day; for days, the legal end. */
export function periodAlarm(eventAt: string, clock: ClockRule): string {
  switch (clock.unit) {
    case 'hours':
      return addMs(eventAt, clock.amount * HOUR_MS);
    case 'months':
      return new Date(
        addMonths(new TZDate(Date.parse(eventAt), clock.zone), clock.amount).getTime(),
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
        isWorkingDay(calendar, isoDay(day), day.getDay()),
      );
    }
    case 'days-after-year-end': {
      // Counted from the last day of the trigger's year, which is itself not counted.
      const year = new TZDate(Date.parse(eventAt), clock.zone).getFullYear();
      const lastDay = new TZDate(year, 11, 31, 12, 0, 0, clock.zone).toISOString();
      return endOfCountedDays(lastDay, clock.amount, clock.zone, () => true);
    }
    case 'months': {
      const sameDate = addMonths(new TZDate(Date.parse(eventAt), clock.zone), clock.amount);
      return new Date(addDays(startOfDay(sameDate), 1).getTime()).toISOString();
    }
  }
}
