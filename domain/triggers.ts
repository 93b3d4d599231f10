/**
 * The events clocks run from. Awareness keeps its own record (`awareAt`, `awareness`) as it always had; every
 * other event is recorded in `state.triggers` by `set-trigger`, with who, when and why, and is correctable the
 * same way. An event nobody recorded is taken as the earliest instant the facts allow: detection as
 * `detectedAt`, the others as awareness, so a clock is never later than the law's.
 */
import type { CaseFile } from './case-file.js';
import type { CaseState, TriggerRecord } from './records.js';
import { REGIMES } from './regimes/index.js';
import type { TriggerKind } from './regimes/types.js';
import { latestAuthorityDecision, subjectsCommunicationBasis } from './subjects.js';

/** The case file's key for each event it may give (awareness and detection have their own). */
const CASE_FILE_KEYS = {
  'incident-awareness': 'incidentAwareness',
  'major-classification': 'majorClassification',
  knowledge: 'knowledge',
  discovery: 'discovery',
} as const satisfies Partial<Record<TriggerKind, keyof NonNullable<CaseFile['triggers']>>>;

/** How the texts name each event. */
export const TRIGGER_LABELS: Record<TriggerKind, string> = {
  awareness: 'awareness of the breach',
  detection: 'detection of the breach',
  'incident-awareness': 'awareness of the significant incident',
  'major-classification': 'classification as a major ICT incident',
  knowledge: 'knowledge that personal data were affected',
  discovery: 'discovery of the breach',
  'high-risk': 'the decision that the people must be told',
};

export interface TriggerInstant {
  at: string;
  /** Where the instant comes from: a correction, the case file, or the conservative default. */
  source: 'recorded' | 'case-file' | 'default';
}

export function triggerInstant(state: CaseState, kind: TriggerKind): TriggerInstant {
  if (kind === 'awareness') return { at: state.awareAt, source: 'recorded' };
  if (kind === 'high-risk') return dutyToTellSince(state) ?? { at: state.awareAt, source: 'default' };
  const recorded = state.triggers?.[kind]?.at(-1);
  if (recorded) return { at: recorded.at, source: 'recorded' };
  if (kind === 'detection') return { at: state.caseFile.detectedAt, source: 'case-file' };
  const given = state.caseFile.triggers?.[CASE_FILE_KEYS[kind]];
  if (given) return { at: given, source: 'case-file' };
  return { at: state.awareAt, source: 'default' };
}

export function recordTrigger(state: CaseState, kind: TriggerKind, record: TriggerRecord): void {
  state.triggers ??= {};
  (state.triggers[kind] ??= []).push(record);
}

/** The events the file's regimes run clocks from that the file does not give: each is taken as awareness. */
export function defaultedTriggers(file: CaseFile): TriggerKind[] {
  const used = new Set(
    file.regimes.flatMap((id) =>
      REGIMES[id].obligations.flatMap((o) => [o.trigger, ...(o.alsoWithin ?? []).map((l) => l.trigger)]),
    ),
  );
  return (Object.keys(CASE_FILE_KEYS) as (keyof typeof CASE_FILE_KEYS)[]).filter(
    (kind) => used.has(kind) && file.triggers?.[CASE_FILE_KEYS[kind]] === undefined,
  );
}

/**
 * Since when the people must be told (Art. 34): the authority's order, or the first of the assessments that
 * have found the risk high without a break since. Derived from what is recorded, so never set by hand.
 */
function dutyToTellSince(state: CaseState): TriggerInstant | undefined {
  const basis = subjectsCommunicationBasis(state);
  if (basis === 'authority-order') {
    const order = latestAuthorityDecision(state);
    return order ? { at: order.decidedAt, source: 'recorded' } : undefined;
  }
  if (basis !== 'high-risk') return undefined;
  let since: string | undefined;
  for (const assessment of [...state.assessments].reverse()) {
    if (assessment.risk !== 'high') break;
    since = assessment.at;
  }
  return since ? { at: since, source: 'recorded' } : undefined;
}
