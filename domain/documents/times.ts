/**
 * Instants as people read them: in the case's zone with UTC beside, to the minute ("27.11.2026 16:05
 * Europe/Berlin (15:05 UTC)"), never a raw ISO string with milliseconds. The wall clock comes from Intl's numeric
 * parts and the words from here, so a document is the same bytes on every machine. (Not date-fns' TZDate: it
 * subclasses Date, and the workflow sandbox's Date returns a plain Date from its constructor, so inside a
 * workflow a TZDate silently shows UTC.)
 */
import { wallTime } from '../zoned-time.js';
import type { Language } from './languages.js';

interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const two = (n: number) => String(n).padStart(2, '0');

function wallClock(iso: string, zone: string): WallClock {
  const w = wallTime(Date.parse(iso), zone);
  return {
    year: String(w.year),
    month: two(w.month),
    day: two(w.day),
    hour: two(w.hour),
    minute: two(w.minute),
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dateOf(c: WallClock, language: Language): string {
  return language === 'de'
    ? `${c.day}.${c.month}.${c.year}`
    : `${Number(c.day)} ${MONTHS[Number(c.month) - 1] ?? c.month} ${c.year}`;
}

export function formatDate(iso: string, zone: string, language: Language): string {
  return dateOf(wallClock(iso, zone), language);
}

export function formatInstant(iso: string, zone: string, language: Language): string {
  const local = wallClock(iso, zone);
  const shown = `${dateOf(local, language)} ${local.hour}:${local.minute}`;
  if (zone === 'UTC') return `${shown} UTC`;
  const utc = wallClock(iso, 'UTC');
  // The UTC date only where it differs from the local one, so the usual case stays short.
  const sameDay = utc.year === local.year && utc.month === local.month && utc.day === local.day;
  const inUtc = sameDay ? `${utc.hour}:${utc.minute}` : `${dateOf(utc, language)} ${utc.hour}:${utc.minute}`;
  return `${shown} ${zone} (${inUtc} UTC)`;
}
