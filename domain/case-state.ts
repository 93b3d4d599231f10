/**
 * A case's state as it opens, and the plain readings of it that everything else builds on: the current risk
 * assessment, the ENISA suggestion from the current facts, the versions of the facts. Pure functions of the
 * state, so the workflow, its queries and the tests all read the same truth.
 */
import type { CaseFile } from './case-file.js';
import { canonicalJson } from './case-id.js';
import { RULES_VERSION } from './regimes/index.js';
import { sha256Hex } from './sha256.js';
import { severityOf, type RiskLevel, type SeverityScore } from './severity.js';

import type { NoticeItem } from './regimes/types.js';
import type { Assessment, CaseState, FactsVersion, ProcessorState } from './records.js';

export type * from './records.js';

export type { NoticeItem };
export const NOTICE_ITEMS: readonly NoticeItem[] = ['a', 'b', 'c', 'd'];
export const NOTICE_ITEM_LABELS: Record<NoticeItem, string> = {
  a: 'nature of the breach, categories and approximate numbers of data subjects and records',
  b: 'name and contact details of the DPO or other contact point',
  c: 'likely consequences of the breach',
  d: 'measures taken or proposed, including mitigation',
};

export const SYSTEM_ACTOR = 'breach-clock';

/**
 * Awareness as the file states it or, without `awareAt`, the detection time: the earliest instant the facts
 * allow, so a missing field can only make the clock early, never late. The DPO corrects it with set-awareness.
 */
export function initialAwareAt(file: CaseFile): string {
  return file.awareness.awareAt ?? file.detectedAt;
}

export function factsSha256(facts: CaseFile): string {
  return sha256Hex(canonicalJson(facts));
}

export function initialState(caseId: string, file: CaseFile, openedAt: string): CaseState {
  const awareAt = initialAwareAt(file);
  const awarenessReason = file.awareness.awareAt
    ? file.awareness.reason
    : `${file.awareness.reason} (no awareAt in the case file: awareness taken as detectedAt, the earliest the facts allow)`;
  return {
    caseId,
    caseFile: file,
    rulesVersion: RULES_VERSION,
    openedAt,
    awareAt,
    awareness: [
      { awareAt, decidedBy: file.awareness.decidedBy, reason: awarenessReason, recordedAt: openedAt },
    ],
    assessments: [],
    notices: [],
    subjectsCommunications: [],
    processors: Object.fromEntries(
      file.processors.map((p) => [
        p.id,
        { processorId: p.id, steps: [], answers: [] } satisfies ProcessorState,
      ]),
    ),
    effects: {},
    timeline: [
      { at: openedAt, actor: file.awareness.decidedBy, event: 'case opened', detail: `aware at ${awareAt}` },
    ],
    run: 1,
    revision: 1,
    factVersions: [
      {
        version: 1,
        at: openedAt,
        by: file.awareness.decidedBy,
        reason: 'case opened',
        changed: [],
        sha256: factsSha256(file),
      },
    ],
    factsHistory: {},
    authorityDecisions: [],
    holds: [],
    reopenings: [],
  };
}

export function currentAssessment(state: CaseState): Assessment | undefined {
  return state.assessments.at(-1);
}

export function riskLevel(state: CaseState): RiskLevel | 'unassessed' {
  return currentAssessment(state)?.risk ?? 'unassessed';
}

export function suggestion(state: CaseState): SeverityScore {
  return severityOf(state.caseFile);
}

/** Every version of the facts; a case opened before versions existed has its opening facts as version 1. */
export function factVersionsOf(state: CaseState): FactsVersion[] {
  return (
    state.factVersions ?? [
      {
        version: 1,
        at: state.openedAt,
        by: state.caseFile.awareness.decidedBy,
        reason: 'case opened',
        changed: [],
        sha256: factsSha256(state.caseFile),
      },
    ]
  );
}

export function currentFactsVersion(state: CaseState): number {
  return factVersionsOf(state).at(-1)?.version ?? 1;
}

/** The facts as they stood at a version. */
export function factsAt(state: CaseState, version: number): CaseFile | undefined {
  if (version === currentFactsVersion(state)) return state.caseFile;
  return state.factsHistory?.[version];
}
