/**
 * The state of one breach case and what follows from it: deadlines, obligations still open, the phase. Pure
 * functions of (state, now), so the workflow, its queries and the tests all read the same truth.
 */
import type { CaseFile } from './case-file.js';
import { canonicalJson } from './case-id.js';
import { sha256Hex } from './sha256.js';
import { severityOf, type RiskLevel, type SeverityScore } from './severity.js';
import { HOUR_MS } from './time.js';

import type { NoticeItem } from './regimes/types.js';

export type { NoticeItem };
export const NOTICE_ITEMS: readonly NoticeItem[] = ['a', 'b', 'c', 'd'];
export const NOTICE_ITEM_LABELS: Record<NoticeItem, string> = {
  a: 'nature of the breach, categories and approximate numbers of data subjects and records',
  b: 'name and contact details of the DPO or other contact point',
  c: 'likely consequences of the breach',
  d: 'measures taken or proposed, including mitigation',
};

export interface TimelineEntry {
  at: string;
  actor: string;
  event: string;
  detail?: string;
}

export interface AwarenessRecord {
  awareAt: string;
  decidedBy: string;
  reason: string;
  recordedAt: string;
}

export interface Assessment {
  risk: RiskLevel;
  rationale?: string;
  overrideReason?: string;
  decidedBy: string;
  at: string;
  suggestion: SeverityScore;
}

export interface AuthorityNotice {
  kind: 'initial' | 'supplementary';
  reference: string;
  filedAt: string;
  channel: string;
  contentSha256: string;
  items: NoticeItem[];
  /** Art. 33(1): with a late initial notice, or supplied later when a corrected awareness made it late. */
  reasonsForDelay?: string;
  /** The version of the facts the filing was made on (absent in cases filed before facts had versions). */
  factsVersion?: number;
  /** The regime whose authority it was filed with; absent in cases from before regimes: the GDPR. */
  regime?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SubjectsCommunication {
  count: number;
  channel: string;
  sentAt: string;
  /** Which people, when they are told in groups (e.g. "customers DE", "employees"). */
  group?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PublicCommunication {
  channel: string;
  at: string;
  reference?: string;
}

export interface Exemption {
  ground: 'a' | 'b' | 'c';
  evidence: string;
  decidedBy: string;
  at: string;
  publicCommunication?: PublicCommunication;
}

/**
 * Art. 34(4): having considered the likelihood of high risk, the supervisory authority may require the
 * controller to tell the data subjects, or decide that one of the Art. 34(3) conditions is met.
 */
export interface AuthorityDecision {
  decision: 'require-communication' | 'exemption-applies';
  /** With "exemption-applies": the Art. 34(3) ground the authority found met. */
  ground?: 'a' | 'b' | 'c';
  reference: string;
  decidedAt: string;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * Recitals 86 and 88: the communication to the data subjects may be delayed at the request of a law-enforcement
 * authority where telling them would hamper an investigation. Reminders pause while a hold is in force.
 */
export interface CommunicationHold {
  authority: string;
  reference: string;
  reason: string;
  /** When the DPO is reminded to ask whether the hold still applies. */
  reviewAt: string;
  placedAt: string;
  placedBy: string;
  released?: { at: string; by: string; note?: string };
}

/** One version of the facts: the first is the case file as opened, each later one an amendment. */
export interface FactsVersion {
  version: number;
  at: string;
  by: string;
  reason: string;
  /** Dotted paths of the facts that differ from the previous version. */
  changed: string[];
  /** SHA-256 of the canonical JSON of the facts: what was asserted, provable later. */
  sha256: string;
}

export interface Reopening {
  at: string;
  by: string;
  reason: string;
  /** When the case had been closed before this reopening. */
  closedAt: string;
}

export interface VendorAnswer {
  summary: string;
  whatHappened?: string;
  dataAffected?: string;
  subjectsAffected?: number;
  measures?: string;
  contact?: string;
  receivedAt: string;
  recordedBy: string;
}

export type LadderStep = 'request' | 'reminder' | 'vendor-escalation' | 'internal-escalation';

export interface VendorState {
  processorId: string;
  chaseStartedAt?: string;
  requestedAt?: string;
  steps: { step: LadderStep; at: string; skipped?: string }[];
  answers: VendorAnswer[];
  ladderStoppedAt?: string;
}

export interface EffectRecord {
  dueAt: string;
  firedAt: string;
  messageId?: string;
  deliveredAt?: string;
  skipped?: string;
}

export interface CaseState {
  caseId: string;
  /** The current facts: the case file as opened, with every amendment applied. */
  caseFile: CaseFile;
  openedAt: string;
  awareAt: string;
  awareness: AwarenessRecord[];
  assessments: Assessment[];
  notices: AuthorityNotice[];
  subjectsCommunications: SubjectsCommunication[];
  exemption?: Exemption;
  vendors: Record<string, VendorState>;
  effects: Record<string, EffectRecord>;
  timeline: TimelineEntry[];
  closed?: { at: string; by: string; note?: string };
  /** Runs of the workflow so far; continue-as-new carries the state into the next. */
  run: number;
  /** Bumped at every change of the case; orders the register's writes. */
  revision?: number;
  // The fields below are absent in cases opened by earlier versions; readers treat absence as empty.
  /** Every version of the facts, oldest first; the facts of earlier versions are kept in `factsHistory`. */
  factVersions?: FactsVersion[];
  /** The facts of each version before the current one, by version number. */
  factsHistory?: Record<number, CaseFile>;
  authorityDecisions?: AuthorityDecision[];
  holds?: CommunicationHold[];
  reopenings?: Reopening[];
}

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
    openedAt,
    awareAt,
    awareness: [
      { awareAt, decidedBy: file.awareness.decidedBy, reason: awarenessReason, recordedAt: openedAt },
    ],
    assessments: [],
    notices: [],
    subjectsCommunications: [],
    vendors: Object.fromEntries(
      file.processors.map((p) => [p.id, { processorId: p.id, steps: [], answers: [] } satisfies VendorState]),
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

/** The people affected as the current facts state them (0 when not yet known). */
export function subjectsAffected(state: CaseState): number {
  return state.caseFile.dataSubjects.approximate;
}

/** The people told so far, over every recorded communication. */
export function subjectsTold(state: CaseState): number {
  return state.subjectsCommunications.reduce((sum, c) => sum + c.count, 0);
}

/** The people still to be told; with the number affected unknown (0), at least one communication is due. */
export function subjectsRemaining(state: CaseState): number {
  return Math.max(0, Math.max(subjectsAffected(state), 1) - subjectsTold(state));
}

export function latestAuthorityDecision(state: CaseState): AuthorityDecision | undefined {
  return (state.authorityDecisions ?? []).at(-1);
}

export function activeHold(state: CaseState): CommunicationHold | undefined {
  return (state.holds ?? []).find((h) => !h.released);
}

/**
 * Why the data subjects must be told, if they must: the controller's high-risk assessment (Art. 34(1)) or the
 * authority's order (Art. 34(4)). An authority's decision that an exemption applies ends the duty.
 */
export function subjectsCommunicationBasis(state: CaseState): 'high-risk' | 'authority-order' | undefined {
  const decision = latestAuthorityDecision(state);
  if (decision?.decision === 'exemption-applies') return undefined;
  if (decision?.decision === 'require-communication') return 'authority-order';
  return riskLevel(state) === 'high' ? 'high-risk' : undefined;
}

/**
 * Owed until every person affected is told, or a documented Art. 34(3) exemption covers the rest ((c) only with
 * its public communication). After an authority's order under Art. 34(4) the controller's own exemption no
 * longer discharges it.
 */
export function subjectsCommunicationOwed(state: CaseState): boolean {
  const basis = subjectsCommunicationBasis(state);
  if (!basis) return false;
  if (subjectsRemaining(state) === 0) return false;
  const exemption = state.exemption;
  if (!exemption || basis === 'authority-order') return true;
  return exemption.ground === 'c' && !exemption.publicCommunication;
}

export function silentVendors(state: CaseState): string[] {
  return Object.values(state.vendors)
    .filter((v) => v.answers.length === 0)
    .map((v) => v.processorId);
}

export function processorWindowEndsAt(state: CaseState, processorId: string): string | undefined {
  const processor = state.caseFile.processors.find((p) => p.id === processorId);
  if (!processor) return undefined;
  const requestedAt = state.vendors[processorId]?.requestedAt ?? state.openedAt;
  return new Date(Date.parse(requestedAt) + processor.noticeWindowHours * HOUR_MS).toISOString();
}

export interface VendorSilence {
  processorId: string;
  name: string;
  requestedAt?: string;
  answeredAt?: string;
  silentForHours: number;
  lastStep?: LadderStep;
  /** The latest answer, as recorded: what the processor said. */
  answer?: VendorAnswer;
}

export function vendorSilence(state: CaseState, now: number): VendorSilence[] {
  return state.caseFile.processors.map((processor) => {
    const vendor = state.vendors[processor.id];
    const requestedAt = vendor?.requestedAt;
    const answeredAt = vendor?.answers[0]?.receivedAt;
    const end = answeredAt ? Date.parse(answeredAt) : now;
    const silentForHours = requestedAt
      ? Math.max(0, Math.floor(((end - Date.parse(requestedAt)) / HOUR_MS) * 10) / 10)
      : 0;
    const lastStep = vendor?.steps.filter((s) => !s.skipped).at(-1)?.step;
    const answer = vendor?.answers.at(-1);
    return {
      processorId: processor.id,
      name: processor.name,
      ...(requestedAt ? { requestedAt } : {}),
      ...(answeredAt ? { answeredAt } : {}),
      silentForHours,
      ...(lastStep ? { lastStep } : {}),
      ...(answer ? { answer } : {}),
    };
  });
}
