/** The zone and number style a case's documents are written in. */
import type { CaseState } from '../case-state.js';
import type { Language } from './languages.js';
import { zoneOfCountry } from './languages.js';

/** The case file's zone, or the lead authority's: the clock the people reading the documents keep. */
export function caseZone(state: CaseState): string {
  return state.caseFile.timeZone ?? zoneOfCountry(state.caseFile.leadAuthority.country);
}

const SEPARATOR: Record<Language, string> = { en: ',', de: '.' };

/** Whole numbers grouped by thousands as the language writes them (1,700; 1.700), without Intl's locale data. */
export function numberFormat(language: Language): (n: number) => string {
  return (n) => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, SEPARATOR[language]);
}
