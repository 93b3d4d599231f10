/**
 * Working days per country, from the generated holiday calendars beside this file. A day is a working day when
 * it is neither a Saturday, a Sunday nor a public holiday of the country, in the country's own zone.
 */
import { br } from './br.js';
import type { HolidayCalendar } from './types.js';

export type { HolidayCalendar };

export const CALENDARS = { BR: br } as const satisfies Record<string, HolidayCalendar>;
export type CalendarId = keyof typeof CALENDARS;

const holidaySets = new Map<HolidayCalendar, Set<string>>();

/** True for a working day; refuses a date outside the calendar's years rather than guessing. */
export function isWorkingDay(calendar: HolidayCalendar, isoDate: string, weekday: number): boolean {
  const year = Number(isoDate.slice(0, 4));
  if (year < calendar.years.from || year > calendar.years.to) {
    throw new RangeError(
      `the ${calendar.country} holiday calendar covers ${calendar.years.from}-${calendar.years.to}, not ${year}: run npm run calendars`,
    );
  }
  if (weekday === 0 || weekday === 6) return false;
  let holidays = holidaySets.get(calendar);
  if (!holidays) holidaySets.set(calendar, (holidays = new Set(calendar.holidays)));
  return !holidays.has(isoDate);
}
