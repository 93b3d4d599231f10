/**
 * Wall-clock dates and times in a named zone, from Intl's numeric parts. The workflow sandbox replaces `Date`
 * with its deterministic own, and a date class that subclasses `Date` to carry a zone (date-fns' TZDate) comes
 * out of it as a plain UTC `Date`: counting days "in São Paulo" inside a case would silently count them in UTC.
 * Intl reads the zone database the same way inside the sandbox and out, so every zoned count goes through here.
 */

export interface WallTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DAY_MS = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall time in `zone` at the instant `ms`. */
export function wallTime(ms: number, zone: string): WallTime {
  const parts = Object.fromEntries(
    formatFor(zone)
      .formatToParts(new Date(ms))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return { ...parts, millisecond: ((ms % 1000) + 1000) % 1000 };
}

function utcFields(w: WallTime): [number, number, number, number, number, number, number] {
  return [w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond];
}

/** The zone's offset from UTC at the instant, in milliseconds (east positive). */
function offsetAt(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return Date.UTC(...utcFields(w)) - ms;
}

/**
 * The instant a wall time in `zone` names. Fields may overflow (day 32 is the next month's first), as in
 * Date.UTC. A wall time skipped by a DST change moves forward by the gap; one that occurs twice is its first.
 */
export function instantOf(
  wall: Partial<WallTime> & Pick<WallTime, 'year' | 'month' | 'day'>,
  zone: string,
): number {
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour ?? 0,
    wall.minute ?? 0,
    wall.second ?? 0,
    wall.millisecond ?? 0,
  );
  // The offset at a first guess may differ from the offset at the answer across a DST change: try both, keep
  // those that read back as the wall time asked for (the earlier when it occurs twice), or, in a gap, the later.
  // The offsets a day either side are the two a change can be between.
  const candidates = [-DAY_MS, 0, DAY_MS].map((shift) => asUtc - offsetAt(asUtc + shift, zone));
  const readsBack = candidates.filter((at) => Date.UTC(...utcFields(wallTime(at, zone))) === asUtc);
  return readsBack.length ? Math.min(...readsBack) : Math.max(...candidates);
}

/** The calendar date `days` after the given one (any overflow carried), as year, month and day. */
export function plusDays(date: { year: number; month: number; day: number }, days: number) {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, of a calendar date. */
export function weekday(date: { year: number; month: number; day: number }): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(date: { year: number; month: number; day: number }): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
