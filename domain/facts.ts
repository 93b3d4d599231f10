/**
 * Facts evolve: the case file is version 1, and every amendment makes a new version with who, when, why and
 * which facts changed. Notices, letter, register and the ENISA suggestion read the current version; each filing
 * records the version it was made on, so what was asserted to the authority stays provable.
 */
import { caseFileProblems, caseFileSchemas, type CaseFile, type CaseFileSchema } from './case-file.js';
import { canonicalJson } from './case-id.js';
import {
  currentFactsVersion,
  factsAt,
  factsSha256,
  factVersionsOf,
  SYSTEM_ACTOR,
  type AuthorityNotice,
  type CaseState,
} from './case-state.js';
import { fieldProblems, type FieldProblem } from './validation.js';

/** What identifies the breach and starts its clock is corrected by its own actions, never by an amendment. */
const NOT_AMENDABLE: Record<string, string> = {
  caseId: 'the case ID never changes',
  $schema: 'not a fact',
  detectedAt: 'detection and awareness are corrected with set-awareness',
  awareness: 'detection and awareness are corrected with set-awareness',
  reportedByProcessor: 'who reported the breach is part of how the clock started; it cannot be amended',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key, lists and values replace, `null` removes an optional fact. */
function merge(current: unknown, change: unknown): unknown {
  if (!isPlainObject(current) || !isPlainObject(change)) return change;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete merged[key];
    else merged[key] = merge(current[key], value);
  }
  return merged;
}

/** Dotted paths where two fact sets differ; lists compare whole. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return canonicalJson(before ?? null) === canonicalJson(after ?? null) ? [] : [prefix || '(root)'];
}

/**
 * Facts as today's schema reads them. A case opened by an earlier version lacks fields added since (their
 * defaults are no change of facts) and may carry the one case-wide ENISA adjustment, which today is an
 * adjustment of each data set: the same score, expressed the new way.
 */
export function factsToday(facts: CaseFile, caseFileSchema: CaseFileSchema): CaseFile {
  const legacy = (facts.severity as { contextAdjustment?: number }).contextAdjustment;
  let input: unknown = facts;
  if (legacy !== undefined) {
    const { contextAdjustment: _moved, ...severity } = facts.severity as typeof facts.severity & {
      contextAdjustment?: number;
    };
    input = {
      ...facts,
      severity,
      dataCategories: facts.dataCategories.map((category) =>
        legacy === 0 || category.adjustment
          ? category
          : {
              ...category,
              adjustment: legacy,
              adjustmentReason: 'the case-wide context adjustment recorded before adjustments per data set',
            },
      ),
    };
  }
  const parsed = caseFileSchema.safeParse(input);
  if (!parsed.success) return facts;
  const { $schema: _editorHint, ...today } = parsed.data;
  return today;
}

export type AmendResult =
  { ok: true; facts: CaseFile; changed: string[] } | { ok: false; problems: FieldProblem[] };

/** The facts an amendment would make, checked like a case file; changes nothing. */
export function amendedFacts(state: CaseState, change: Record<string, unknown>, now: number): AmendResult {
  const problems: FieldProblem[] = Object.keys(change)
    .filter((key) => key in NOT_AMENDABLE)
    .map((key) => ({ path: key, message: `cannot be amended: ${NOT_AMENDABLE[key]}` }));
  if (problems.length) return { ok: false, problems };
  const { caseFileSchema } = caseFileSchemas();
  const current = factsToday(state.caseFile, caseFileSchema);
  const parsed = caseFileSchema.safeParse(merge(current, change));
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error, caseFileSchema) };
  const facts = parsed.data;
  problems.push(...caseFileProblems(facts, now));
  const kept = new Set(facts.processors.map((p) => p.id));
  for (const processor of state.caseFile.processors) {
    if (!kept.has(processor.id)) {
      problems.push({
        path: 'processors',
        message: `processor "${processor.id}" cannot be removed: its request and answers stay on record`,
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, facts, changed: changedPaths(current, facts) };
}

/** Makes the amended facts current, keeping the previous version. */
export function recordAmendment(
  state: CaseState,
  result: { facts: CaseFile; changed: string[] },
  by: { at: string; by: string; reason: string },
): void {
  const versions = factVersionsOf(state);
  const previous = currentFactsVersion(state);
  state.factsHistory = { ...(state.factsHistory ?? {}), [previous]: state.caseFile };
  state.caseFile = result.facts;
  const version = previous + 1;
  state.factVersions = [
    ...versions,
    {
      version,
      at: by.at,
      by: by.by,
      reason: by.reason,
      changed: result.changed,
      sha256: factsSha256(result.facts),
    },
  ];
  state.timeline.push({
    at: by.at,
    actor: by.by,
    event: `facts amended (version ${version})`,
    detail: `${result.changed.join(', ')}; reason: ${by.reason}`,
  });
  for (const processor of result.facts.processors) {
    if (state.processors[processor.id]) continue;
    // A processor found to be involved later is asked for the facts like the others (the workflow starts it).
    state.processors[processor.id] = { processorId: processor.id, steps: [], answers: [] };
    state.timeline.push({
      at: by.at,
      actor: SYSTEM_ACTOR,
      event: 'processor added',
      detail: `processor ${processor.id}`,
    });
  }
  if (result.changed.some((path) => path.startsWith('processors'))) {
    state.timeline.push({
      at: by.at,
      actor: SYSTEM_ACTOR,
      event: 'processors changed',
      detail: 'a processor added by the amendment is asked for the facts like the others',
    });
  }
}

/** The facts that changed since a filing (all of them changed since "never filed" is not asked). */
export function factsChangedSince(state: CaseState, filing: AuthorityNotice | undefined): string[] {
  if (!filing) return [];
  const filed = factsAt(state, filing.factsVersion ?? 1);
  if (!filed) return [];
  // Built here and let go: workflow code keeps no schema between checks (case-file.ts).
  const { caseFileSchema } = caseFileSchemas();
  return changedPaths(factsToday(filed, caseFileSchema), factsToday(state.caseFile, caseFileSchema));
}
