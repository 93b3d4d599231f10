/**
 * Clock rules in every unit a regime may use, with vectors worked out by hand: calendar days, working days in
 * Brazil (a national holiday, the Carnival week), calendar months with the month-end clamp, across DST.
 */
import { describe, expect, it } from 'vitest';
import { br } from '../../domain/calendars/br.js';
import { periodAlarm, periodLegalEnd } from '../../domain/deadlines.js';
import type { ClockRule } from '../../domain/regimes/types.js';
import { CALENDAR_YEARS, publicHolidays } from '../../tools/holiday-calendars.js';

const iso = (text: string) => new Date(text).toISOString();

describe('working days (Brazil)', () => {
  const threeWorkingDays: ClockRule = { unit: 'working-days', amount: 3, calendar: 'BR' };
  it.each([
    // Knowledge on a Monday: Tue, Wed, Thu count; the period ends at midnight after Thursday, São Paulo time.
    ['a plain week', '2026-11-23T10:00:00-03:00', '2026-11-27T00:00:00-03:00'],
    // Friday 20 Nov 2026 is Consciência Negra, a national holiday, and the weekend follows: Mon, Tue, Wed.
    ['a national holiday and a weekend', '2026-11-19T15:00:00-03:00', '2026-11-26T00:00:00-03:00'],
    // Carnival Monday and Tuesday (8-9 Feb 2027) are optional days, not national holidays: they count.
    ['the Carnival week', '2027-02-05T09:00:00-03:00', '2027-02-11T00:00:00-03:00'],
    // Knowledge on Wednesday 24 Mar 2027: Thu counts, Good Friday (a national holiday) and the weekend do not,
    // Mon and Tue do.
    ['Easter', '2027-03-24T09:00:00-03:00', '2027-03-31T00:00:00-03:00'],
    // Late evening in São Paulo is already the next day in UTC: the day counts in Brazil's zone.
    ['the zone of the country', '2026-11-23T23:30:00-03:00', '2026-11-27T00:00:00-03:00'],
  ])('%s', (_name, knowledgeAt, end) => {
    expect(periodLegalEnd(knowledgeAt, threeWorkingDays)).toBe(iso(end));
    expect(periodAlarm(knowledgeAt, threeWorkingDays)).toBe(iso(end));
  });

  it('refuses a date the calendar does not cover, rather than guessing', () => {
    expect(() => periodLegalEnd('2041-01-02T10:00:00-03:00', threeWorkingDays)).toThrow(/covers 2024-2040/);
  });

  it('is the public holidays of the date-holidays library, as generated (npm run calendars)', () => {
    expect(br.years).toEqual(CALENDAR_YEARS);
    expect(br.holidays).toEqual(publicHolidays('BR'));
    expect(br.holidays).toContain('2026-11-20');
    expect(br.holidays).not.toContain('2027-02-09');
  });
});

describe('calendar days and months', () => {
  it('counts calendar days after the day of the event, to midnight in the zone', () => {
    const sixtyDays: ClockRule = { unit: 'calendar-days', amount: 60, zone: 'America/New_York' };
    // Discovery 1 March 2026: the 60th day after is 30 April; the period ends at midnight, across the DST change.
    expect(periodLegalEnd('2026-03-01T15:00:00-05:00', sixtyDays)).toBe(iso('2026-05-01T00:00:00-04:00'));
  });

  it.each([
    ['a plain month', '2026-11-23T10:00:00+01:00', '2026-12-23T10:00:00+01:00', '2026-12-24T00:00:00+01:00'],
    [
      'the month-end clamp',
      '2027-01-31T10:00:00+01:00',
      '2027-02-28T10:00:00+01:00',
      '2027-03-01T00:00:00+01:00',
    ],
    ['a leap year', '2028-01-31T10:00:00+01:00', '2028-02-29T10:00:00+01:00', '2028-03-01T00:00:00+01:00'],
    [
      'across DST, same wall time',
      '2026-03-10T10:00:00+01:00',
      '2026-04-10T10:00:00+02:00',
      '2026-04-11T00:00:00+02:00',
    ],
  ])('one month: %s', (_name, from, alarm, legalEnd) => {
    const oneMonth: ClockRule = { unit: 'months', amount: 1, zone: 'Europe/Berlin' };
    expect(periodAlarm(from, oneMonth)).toBe(iso(alarm));
    expect(periodLegalEnd(from, oneMonth)).toBe(iso(legalEnd));
  });
});

describe('zoned wall time', () => {
  it('finds the instant of a wall time across DST changes, as the zone database says', async () => {
    const { instantOf, wallTime } = await import('../../domain/zoned-time.js');
    // Brussels goes from +01:00 to +02:00 at 02:00 on 29 March 2026: 02:30 does not exist, 03:00 is +02:00.
    expect(
      new Date(instantOf({ year: 2026, month: 3, day: 29, hour: 1 }, 'Europe/Brussels')).toISOString(),
    ).toBe('2026-03-29T00:00:00.000Z');
    expect(
      new Date(instantOf({ year: 2026, month: 3, day: 29, hour: 3 }, 'Europe/Brussels')).toISOString(),
    ).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 falls in the gap: it moves forward by the hour to 03:30 +02:00.
    expect(
      new Date(
        instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Brussels'),
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October occurs twice (+02:00, then +01:00): the first.
    expect(
      new Date(
        instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Brussels'),
      ).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
    // Back to +01:00 on 25 October: midnight of the 26th is +01:00.
    expect(new Date(instantOf({ year: 2026, month: 10, day: 26 }, 'Europe/Brussels')).toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    expect(wallTime(Date.parse('2026-07-01T02:30:00Z'), 'America/Sao_Paulo')).toMatchObject({
      year: 2026,
      month: 6,
      day: 30,
      hour: 23,
      minute: 30,
    });
  });
});
