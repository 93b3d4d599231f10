/**
 * What `breach amend` sends: the change that makes the current facts into the ones a file and options describe,
 * merged as the case merges facts (objects key by key, anything else replaced, null removes a fact).
 */
import { type CaseFile } from '../domain/case-file.js';
import { caseFileSchema } from '../domain/case-file-schema.js';
import { canonicalJson } from '../domain/case-id.js';

export type Facts = Record<string, unknown>;

function isPlainObject(value: unknown): value is Facts {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `change` on top of `base`: objects merge key by key, anything else replaces (as the case merges facts). */
export function layer(base: Facts, change: Facts): Facts {
  const merged: Facts = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const under = merged[key];
    merged[key] = isPlainObject(under) && isPlainObject(value) ? layer(under, value) : value;
  }
  return merged;
}

/**
 * The smallest change that makes `before` into `after` as the case merges facts: objects key by key, a key
 * `after` lacks removed with null, anything else replaced whole. Undefined when they are equal.
 */
function changeBetween(before: unknown, after: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(after)) {
    const change: Facts = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (after[key] === undefined) {
        if (before[key] !== undefined) change[key] = null;
        continue;
      }
      const sub = changeBetween(before[key], after[key]);
      if (sub !== undefined) change[key] = sub;
    }
    return Object.keys(change).length ? change : undefined;
  }
  return canonicalJson(before ?? null) === canonicalJson(after ?? null) ? undefined : after;
}

/**
 * What a file asks to change. A whole case file (the one the case was opened with, edited, say) is compared with
 * the current facts: only what differs is sent, and a fact the edited file leaves out is removed. A partial file
 * is sent as it is, less what equals the current facts (so an unchanged caseId or awareness is no amendment).
 */
export function changeFromFile(file: Facts, current: CaseFile): Facts {
  const whole = caseFileSchema.safeParse(file);
  if (whole.success) {
    const { $schema: _editorHint, ...facts } = whole.data;
    return (changeBetween(current, facts) as Facts | undefined) ?? {};
  }
  const currentFacts = current as Facts;
  return Object.fromEntries(
    Object.entries(file).filter(([key, value]) => canonicalJson(value) !== canonicalJson(currentFacts[key])),
  );
}
