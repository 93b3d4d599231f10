/** A country's public holidays, as working-day clocks count them. */
export interface HolidayCalendar {
  country: string;
  /** The IANA zone its days begin and end in. */
  zone: string;
  /** The years the list covers; a deadline outside them is refused rather than guessed. */
  years: { from: number; to: number };
  /** ISO dates, ascending. */
  holidays: readonly string[];
}
