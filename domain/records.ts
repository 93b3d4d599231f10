/**
 * What a case records: the shape of its state and of each thing that happens to it. Types only; the rules that
 * read them live beside (case-state.ts, obligations.ts, subjects.ts, processors.ts).
 */
import type { CaseFile } from './case-file.js';
import type { NoticeItem, TriggerKind } from './regimes/types.js';
import type { RiskLevel, SeverityScore } from './severity.js';

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

/** A trigger event other than awareness, as recorded or corrected: when, who decided it and why. */
export interface TriggerRecord {
  at: string;
  decidedBy: string;
  reason: string;
  recordedAt: string;
}

/** A regime added to a case after opening (an incident classified as NIS2-significant on day 2). */
export interface RegimeAddition {
  regime: string;
  reason: string;
  addedBy: string;
  addedAt: string;
}

/** A later stage filed with an authority: NIS2's notification or final report, DORA's intermediate report. */
export interface AuthorityReport {
  regime: string;
  /** The stage's key in its regime. */
  stage: string;
  reference: string;
  filedAt: string;
  channel: string;
  contentSha256?: string;
  note?: string;
  recordedBy: string;
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
  /** SHA-256 of the letter sent (absent in communications recorded before letters were hashed). */
  contentSha256?: string;
  /** The version of the facts the letter was written from. */
  factsVersion?: number;
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

export interface ProcessorAnswer {
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

export interface ProcessorState {
  processorId: string;
  chaseStartedAt?: string;
  /**
   * Set for a processor whose ladder the case climbs itself: the instant its window runs from (the opening for
   * the processors of a new case, the amendment for one added later). Absent where a chase workflow of its own
   * climbs the ladder (cases that started before) and reports each rung to the case.
   */
  chasedFrom?: string;
  requestedAt?: string;
  /**
   * The rungs climbed: sent (`at` is the delivery), recorded without a message (`skipped`: nothing to send, or
   * the request never reached the processor), or refused by the mail server (`undelivered`, its words).
   */
  steps: { step: LadderStep; at: string; skipped?: string; undelivered?: string; round?: number }[];
  answers: ProcessorAnswer[];
  ladderStoppedAt?: string;
  /**
   * When the case asked the processor again, at a contact an amendment corrected after the mail server refused
   * a request or reminder (processors.ts, `askAgain`). Each starts a round of the ladder from the request; a
   * step of a later round carries its `round`, the first round's carry none.
   */
  askedAgainAt?: string[];
}

export interface EffectRecord {
  dueAt: string;
  firedAt: string;
  messageId?: string;
  deliveredAt?: string;
  skipped?: string;
  /** A later message of the same series fired while this one was still undelivered, and it was dropped. */
  supersededBy?: string;
}

export interface CaseState {
  caseId: string;
  /**
   * This breach's identity, minted when it opened and kept through continue-as-new and reopening. A case ID can
   * come back (a file without one hashes to the same ID, Temporal forgets closed histories), a breach cannot:
   * the register and the mail ledger key on this, so a new breach is never mistaken for an old one. Absent in
   * cases opened by earlier versions.
   */
  breachId?: string;
  /** When the register first held this breach under its case ID (absent until then, and in older cases). */
  registeredAt?: string;
  /** The current facts: the case file as opened, with every amendment applied. */
  caseFile: CaseFile;
  /**
   * The organisation's policy targets (hours by obligation) as configured when the case opened: kept with the
   * case, so a later change of the configuration moves no clock of a case already running.
   */
  organisationPolicyTargets?: Record<string, number>;
  /** The rules version (regimes/index.ts) this run runs on; absent in runs started before there was one: 0. */
  rulesVersion?: number;
  openedAt: string;
  awareAt: string;
  awareness: AwarenessRecord[];
  assessments: Assessment[];
  notices: AuthorityNotice[];
  subjectsCommunications: SubjectsCommunication[];
  exemption?: Exemption;
  /** Each processor's chase for the facts, by processor ID (`vendors` in cases carried from earlier versions). */
  processors: Record<string, ProcessorState>;
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
  /** Trigger events other than awareness, each with its corrections, latest last. */
  triggers?: Partial<Record<TriggerKind, TriggerRecord[]>>;
  regimeAdditions?: RegimeAddition[];
  reports?: AuthorityReport[];
}
