/**
 * The state of one breach case and what follows from it: deadlines, obligations still open, the phase. Pure
 * functions of (state, now), so the workflow, its queries and the tests all read the same truth.
 */
import type { CaseFile } from './case-file.js';
import { canonicalJson } from './case-id.js';
import { authorityDeadline, authorityLegalEnd } from './deadlines.js';
import { sha256Hex } from './sha256.js';
import { severityOf, type RiskLevel, type SeverityScore } from './severity.js';
import { HOUR_MS } from './time.js';

/** Art. 33(3): (a) nature, categories and numbers; (b) DPO contact; (c) likely consequences; (d) measures. */
export type NoticeItem = 'a' | 'b' | 'c' | 'd';
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
  const state: CaseState = {
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
  for (const warning of processorWindowWarnings(state)) {
    state.timeline.push({ at: openedAt, actor: SYSTEM_ACTOR, event: 'warning', detail: warning });
  }
  return state;
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

/** The alarm: awareness + 72 h. The engine escalates from here; it is what the DPO plans for. */
export function authorityDueAt(state: CaseState): string {
  return authorityDeadline(state.awareAt);
}

/** The legal end of the 72 hours (Reg. 1182/71 Art. 3): what a filing is judged on time or late against. */
export function authorityLegalEndAt(state: CaseState): string {
  return authorityLegalEnd(state.awareAt);
}

export function initialNotice(state: CaseState): AuthorityNotice | undefined {
  return state.notices.find((n) => n.kind === 'initial');
}

export interface Lateness {
  late: boolean;
  overdueByMs: number;
  /** The alarm (awareness + 72 h). */
  dueAt: string;
  /** The legal end of the period, the measure of lateness. */
  legalEndAt: string;
  filedAt: string;
}

/**
 * The initial notice judged against the *current* awareness: correcting awareness re-judges a filing made
 * earlier, so a notice that was on time for a wrong awareness is late for the true one, and says so.
 */
export function noticeLateness(state: CaseState): Lateness | undefined {
  const notice = initialNotice(state);
  if (!notice) return undefined;
  const legalEndAt = authorityLegalEndAt(state);
  const overdueByMs = Math.max(0, Date.parse(notice.filedAt) - Date.parse(legalEndAt));
  return {
    late: overdueByMs > 0,
    overdueByMs,
    dueAt: authorityDueAt(state),
    legalEndAt,
    filedAt: notice.filedAt,
  };
}

/** Art. 33(1): a late notice is accompanied by the reasons for the delay, in a supplement if not at filing. */
export function reasonsForDelayOwed(state: CaseState): boolean {
  if (riskLevel(state) === 'none') return false;
  return Boolean(noticeLateness(state)?.late) && !state.notices.some((n) => n.reasonsForDelay);
}

/** Until the DPO documents "no risk", the authority notice is owed: silence is not a decision. */
export function authorityNoticeOwed(state: CaseState): boolean {
  return riskLevel(state) !== 'none' && !initialNotice(state);
}

/** Overdue while the notice is owed past the alarm; a filing ends it (its lateness stays judged). */
export function isOverdue(state: CaseState, now: number): boolean {
  return authorityNoticeOwed(state) && now >= Date.parse(authorityDueAt(state));
}

export function missingNoticeItems(state: CaseState): NoticeItem[] {
  if (!initialNotice(state) || riskLevel(state) === 'none') return [];
  const supplied = new Set(state.notices.flatMap((n) => n.items));
  return NOTICE_ITEMS.filter((item) => !supplied.has(item));
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

/** Processors whose contractual window ends after the authority deadline: their facts come too late. */
export function processorWindowWarnings(state: CaseState): string[] {
  if (initialNotice(state)) return [];
  const dueAt = authorityDueAt(state);
  return state.caseFile.processors.flatMap((processor) => {
    const endsAt = processorWindowEndsAt(state, processor.id);
    if (!endsAt || Date.parse(endsAt) <= Date.parse(dueAt)) return [];
    return [
      `processor "${processor.id}" has ${processor.noticeWindowHours} h by contract, until ${endsAt}, after the authority deadline ${dueAt}: notify with what is known and supplement later (Art. 33(4))`,
    ];
  });
}

export interface Deadline {
  name: string;
  dueAt: string;
  /** For a period under Reg. 1182/71: its legal end, against which a filing is judged. */
  legalEndAt?: string;
  state: 'open' | 'met' | 'missed' | 'not-required';
  remainingMs?: number;
  overdueByMs?: number;
  metAt?: string;
}

export function deadlines(state: CaseState, now: number): Deadline[] {
  const dueAt = authorityDueAt(state);
  const legalEndAt = authorityLegalEndAt(state);
  const lateness = noticeLateness(state);
  const authority: Deadline = {
    name: 'authority notice (Art. 33, 72 h from awareness)',
    dueAt,
    legalEndAt,
    state: 'open',
  };
  if (lateness) {
    authority.metAt = lateness.filedAt;
    authority.state = lateness.late ? 'missed' : 'met';
    if (lateness.late) authority.overdueByMs = lateness.overdueByMs;
  } else if (riskLevel(state) === 'none') {
    authority.state = 'not-required';
  } else if (now >= Date.parse(dueAt)) {
    authority.state = 'missed';
    authority.overdueByMs = now - Date.parse(dueAt);
  } else {
    authority.remainingMs = Date.parse(dueAt) - now;
  }
  const result = [authority];
  for (const processor of state.caseFile.processors) {
    const vendor = state.vendors[processor.id];
    const vendorDue = processorWindowEndsAt(state, processor.id)!;
    const answer = vendor?.answers[0];
    const entry: Deadline = { name: `vendor answer: ${processor.id}`, dueAt: vendorDue, state: 'open' };
    if (answer) {
      entry.metAt = answer.receivedAt;
      entry.state = Date.parse(answer.receivedAt) <= Date.parse(vendorDue) ? 'met' : 'missed';
    } else if (now >= Date.parse(vendorDue)) {
      entry.state = 'missed';
      entry.overdueByMs = now - Date.parse(vendorDue);
    } else {
      entry.remainingMs = Date.parse(vendorDue) - now;
    }
    result.push(entry);
  }
  return result;
}

export interface PendingAction {
  action: string;
  why: string;
}

function subjectsPending(state: CaseState): PendingAction | undefined {
  if (!subjectsCommunicationOwed(state)) return undefined;
  const hold = activeHold(state);
  if (hold) {
    return {
      action: 'release-hold',
      why: `the communication is delayed at the request of ${hold.authority} (ref ${hold.reference}, Recitals 86/88); review by ${hold.reviewAt}`,
    };
  }
  const basis = subjectsCommunicationBasis(state);
  if (basis === 'high-risk' && state.exemption?.ground === 'c') {
    return { action: 'exempt', why: 'Art. 34(3)(c) needs a public communication to be recorded' };
  }
  const told = subjectsTold(state);
  const affected = subjectsAffected(state);
  const why =
    basis === 'authority-order'
      ? `the authority required the communication (Art. 34(4), ref ${latestAuthorityDecision(state)?.reference ?? ''})`
      : 'high risk: tell the data subjects without undue delay (Art. 34), or record an Art. 34(3) exemption';
  const progress =
    affected === 0
      ? '; the number of people affected is not known: amend the facts (dataSubjects.approximate)'
      : told > 0
        ? `; ${told.toLocaleString('en-GB')} of ${affected.toLocaleString('en-GB')} told, ${subjectsRemaining(state).toLocaleString('en-GB')} still to tell`
        : `; ${affected.toLocaleString('en-GB')} people to tell`;
  return { action: 'notify-subjects', why: `${why}${progress}` };
}

export function pendingActions(state: CaseState, now: number): PendingAction[] {
  if (state.closed) return [];
  const pending: PendingAction[] = [];
  const risk = riskLevel(state);
  const s = suggestion(state);
  if (risk === 'unassessed') {
    pending.push({
      action: 'assess',
      why: `record the risk assessment (ENISA suggestion: ${s.band}, ${s.suggestedRisk}); until then the notice is owed`,
    });
  }
  if (authorityNoticeOwed(state)) {
    pending.push({
      action: 'notify-authority',
      why: isOverdue(state, now)
        ? `the 72 hours have passed (legal end ${authorityLegalEndAt(state)}): file the notice with reasons for the delay, or document that no notice is needed`
        : `file the notice with ${state.caseFile.leadAuthority.name} by ${authorityDueAt(state)}`,
    });
  }
  if (reasonsForDelayOwed(state)) {
    const lateness = noticeLateness(state)!;
    pending.push({
      action: 'supplement',
      why: `the notice filed at ${lateness.filedAt} is late against the legal end ${lateness.legalEndAt}: Art. 33(1) requires the reasons for the delay (supplement --reasons-for-delay)`,
    });
  }
  const missing = missingNoticeItems(state);
  if (missing.length) {
    pending.push({
      action: 'supplement',
      why: `Art. 33(4): still to supply ${missing.map((m) => `(${m}) ${NOTICE_ITEM_LABELS[m]}`).join('; ')}`,
    });
  }
  const subjects = subjectsPending(state);
  if (subjects) pending.push(subjects);
  for (const id of silentVendors(state)) {
    pending.push({ action: 'vendor-reply', why: `processor "${id}" has not answered the request for facts` });
  }
  return pending;
}

function people(n: number): string {
  return n === 1 ? '1 person is' : `${n.toLocaleString('en-GB')} people are`;
}

/** Reasons closing is refused; empty when the case may close. Vendors' silence does not block closure. */
export function closeBlockers(state: CaseState): string[] {
  const blockers: string[] = [];
  const risk = riskLevel(state);
  if (risk === 'unassessed') blockers.push('no risk assessment is recorded');
  if (authorityNoticeOwed(state) && risk !== 'unassessed') {
    blockers.push('the authority notice is neither filed nor documented as not required');
  }
  if (reasonsForDelayOwed(state)) {
    blockers.push('the notice is late and the reasons for the delay are not yet given (Art. 33(1))');
  }
  const missing = missingNoticeItems(state);
  if (missing.length) blockers.push(`Art. 33(3) items not yet supplied: ${missing.join(', ')}`);
  if (subjectsCommunicationOwed(state)) {
    const remaining = people(subjectsRemaining(state));
    blockers.push(
      subjectsCommunicationBasis(state) === 'authority-order'
        ? `the authority required the communication (Art. 34(4)) and ${remaining} not yet told`
        : `high risk: ${remaining} neither told nor covered by a complete Art. 34(3) exemption`,
    );
  }
  return blockers;
}

export type Phase =
  | 'awaiting-assessment'
  | 'authority-notice-due'
  | 'authority-notice-overdue'
  | 'supplementing'
  | 'subjects-communication-due'
  | 'subjects-communication-held'
  | 'ready-to-close'
  | 'closed';

export function phaseOf(state: CaseState, now: number): Phase {
  if (state.closed) return 'closed';
  if (authorityNoticeOwed(state)) {
    if (isOverdue(state, now)) return 'authority-notice-overdue';
    return riskLevel(state) === 'unassessed' ? 'awaiting-assessment' : 'authority-notice-due';
  }
  if (subjectsCommunicationOwed(state)) {
    return activeHold(state) ? 'subjects-communication-held' : 'subjects-communication-due';
  }
  if (missingNoticeItems(state).length || reasonsForDelayOwed(state)) return 'supplementing';
  if (riskLevel(state) === 'unassessed') return 'awaiting-assessment';
  return 'ready-to-close';
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
