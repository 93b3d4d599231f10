import type { CaseFile } from './case-file.js';
import { sha256Hex } from './sha256.js';

/** JSON with sorted keys: the same facts always give the same text, whatever order the file listed them in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The case's ID: the one the file gives, or one derived from a hash of its facts, so opening the same file
 * twice lands on the same case. A hash prefix carries no personal data into workflow IDs.
 */
export function caseIdOf(file: CaseFile): string {
  return file.caseId ?? `BR-${sha256Hex(canonicalJson(file)).slice(0, 12).toUpperCase()}`;
}
