/**
 * The languages documents are written in: one catalogue each. Adding a language is adding its catalogue here;
 * the case file schema, the CLI's choices and the tests follow from this list.
 */
import { de } from './catalogues/de.js';
import { en, type Catalogue } from './catalogues/en.js';

export const CATALOGUES = { en, de } satisfies Record<string, Catalogue>;

export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as [Language, ...Language[]];

/**
 * The official language of an authority's country, where a catalogue exists (the DSK and Berlin: German; the
 * Irish DPC and the ICO: English). Elsewhere English, which most authorities accept beside their own.
 */
const COUNTRY_LANGUAGE: Record<string, Language> = {
  DE: 'de',
  AT: 'de',
  LI: 'de',
  IE: 'en',
  GB: 'en',
  MT: 'en',
};

export function languageOfCountry(country: string): Language {
  return COUNTRY_LANGUAGE[country] ?? 'en';
}

/** The zone a country's authority keeps its time in, for documents that give no zone of their own. */
const COUNTRY_ZONE: Record<string, string> = {
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  IE: 'Europe/Dublin',
  GB: 'Europe/London',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  BR: 'America/Sao_Paulo',
  US: 'America/New_York',
};

export function zoneOfCountry(country: string): string {
  return COUNTRY_ZONE[country] ?? 'UTC';
}
