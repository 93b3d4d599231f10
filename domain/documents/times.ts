/**
 * Instants as people read them: in the case's zone with UTC beside, to the minute ("27.11.2026 16:05
 * Europe/Berlin (15:05 UTC)"), never a raw ISO string with milliseconds. Formatted with date-fns in the zone
 * (not Intl's zone names), so a document is the same bytes on every machine.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Language } from './languages.js';

const DATE: Record<Language, string> = { en: 'd MMMM yyyy', de: 'dd.MM.yyyy' };

export function formatDate(iso: string, zone: string, language: Language): string {
  return format(new TZDate(Date.parse(iso), zone), DATE[language]);
}

export function formatInstant(iso: string, zone: string, language: Language): string {
  const local = new TZDate(Date.parse(iso), zone);
  const utc = new TZDate(Date.parse(iso), 'UTC');
  const shown = `${format(local, DATE[language])} ${format(local, 'HH:mm')}`;
  if (zone === 'UTC') return `${shown} UTC`;
  // The UTC date only where it differs from the local one, so the usual case stays short.
  const sameDay = format(local, 'yyyy-MM-dd') === format(utc, 'yyyy-MM-dd');
  const inUtc = sameDay ? format(utc, 'HH:mm') : `${format(utc, DATE[language])} ${format(utc, 'HH:mm')}`;
  return `${shown} ${zone} (${inUtc} UTC)`;
}
