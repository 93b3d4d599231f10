/**
 * The state of one breach case and what follows from it: deadlines, obligations still open, the phase. Pure
 * functions of (state, now), so the workflow, its queries and the tests all read the same truth.
 */
import type { CaseFile } from './case-file.js';
import { authorityDeadline } from './deadlines.js';
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
  reasonsForDelay?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SubjectsCommunication {
  count: number;
  channel: string;
  sentAt: string;
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
  caseFile: CaseFile;
  openedAt: string;
  awareAt: string;
  awareness: AwarenessRecord[];
  assessments: Assessment[];
  notices: AuthorityNotice[];
  /** Frozen at the first filing: correcting awareness later cannot make a late notice timely. */
  lateness?: { late: boolean; overdueByMs: number; dueAt: string };
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
}

export const SYSTEM_ACTOR = 'breach-clock';

export function initialAwareAt(file: CaseFile, openedAt: string): string {
  return file.awareness.awareAt ?? file.reportedByProcessor?.notifiedAt ?? openedAt;
}

export function initialState(caseId: string, file: CaseFile, openedAt: string): CaseState {
  const awareAt = initialAwareAt(file, openedAt);
  const awarenessReason = file.awareness.awareAt
    ? file.awareness.reason
    : file.reportedByProcessor
      ? `${file.awareness.reason} (clock starts at the processor's notice)`
      : `${file.awareness.reason} (clock starts when the case was opened)`;
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

export function authorityDueAt(state: CaseState): string {
  return authorityDeadline(state.awareAt);
}

export function initialNotice(state: CaseState): AuthorityNotice | undefined {
  return state.notices.find((n) => n.kind === 'initial');
}

/** Until the DPO documents "no risk", the authority notice is owed: silence is not a decision. */
export function authorityNoticeOwed(state: CaseState): boolean {
  return riskLevel(state) !== 'none' && !initialNotice(state);
}

/** Overdue while the notice is owed past the 72 hours; a late filing ends it (its lateness stays recorded). */
export function isOverdue(state: CaseState, now: number): boolean {
  return authorityNoticeOwed(state) && now >= Date.parse(authorityDueAt(state));
}

export function missingNoticeItems(state: CaseState): NoticeItem[] {
  if (!initialNotice(state) || riskLevel(state) === 'none') return [];
  const supplied = new Set(state.notices.flatMap((n) => n.items));
  return NOTICE_ITEMS.filter((item) => !supplied.has(item));
}

export function subjectsCommunicationOwed(state: CaseState): boolean {
  if (riskLevel(state) !== 'high') return false;
  if (state.subjectsCommunications.length > 0) return false;
  const exemption = state.exemption;
  if (!exemption) return true;
  return exemption.ground === 'c' && !exemption.publicCommunication;
}

export function silentVendors(state: CaseState): string[] {
  return Object.values(state.vendors)
    .filter((v) => v.answers.length === 0)
    .map((v) => v.processorId);
}

export interface Deadline {
  name: string;
  dueAt: string;
  state: 'open' | 'met' | 'missed' | 'not-required';
  remainingMs?: number;
  overdueByMs?: number;
  metAt?: string;
}

export function deadlines(state: CaseState, now: number): Deadline[] {
  const dueAt = authorityDueAt(state);
  const notice = initialNotice(state);
  const authority: Deadline = {
    name: 'authority notice (Art. 33, 72 h from awareness)',
    dueAt,
    state: 'open',
  };
  if (notice) {
    authority.metAt = notice.filedAt;
    authority.state = state.lateness?.late ? 'missed' : 'met';
    if (state.lateness?.late) authority.overdueByMs = state.lateness.overdueByMs;
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
    const requestedAt = vendor?.requestedAt ?? state.openedAt;
    const vendorDue = new Date(Date.parse(requestedAt) + processor.noticeWindowHours * HOUR_MS).toISOString();
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
        ? 'the 72 hours have passed: file the notice with reasons for the delay, or document that no notice is needed'
        : `file the notice with ${state.caseFile.leadAuthority.name} by ${authorityDueAt(state)}`,
    });
  }
  const missing = missingNoticeItems(state);
  if (missing.length) {
    pending.push({
      action: 'supplement',
      why: `Art. 33(4): still to supply ${missing.map((m) => `(${m}) ${NOTICE_ITEM_LABELS[m]}`).join('; ')}`,
    });
  }
  if (subjectsCommunicationOwed(state)) {
    pending.push({
      action: state.exemption?.ground === 'c' ? 'exempt' : 'notify-subjects',
      why:
        state.exemption?.ground === 'c'
          ? 'Art. 34(3)(c) needs a public communication to be recorded'
          : 'high risk: tell the data subjects without undue delay (Art. 34), or record an Art. 34(3) exemption',
    });
  }
  for (const id of silentVendors(state)) {
    pending.push({ action: 'vendor-reply', why: `processor "${id}" has not answered the request for facts` });
  }
  return pending;
}

/** Reasons closing is refused; empty when the case may close. Vendors' silence does not block closure. */
export function closeBlockers(state: CaseState): string[] {
  const blockers: string[] = [];
  const risk = riskLevel(state);
  if (risk === 'unassessed') blockers.push('no risk assessment is recorded');
  if (authorityNoticeOwed(state) && risk !== 'unassessed') {
    blockers.push('the authority notice is neither filed nor documented as not required');
  }
  const missing = missingNoticeItems(state);
  if (missing.length) blockers.push(`Art. 33(3) items not yet supplied: ${missing.join(', ')}`);
  if (subjectsCommunicationOwed(state)) {
    blockers.push(
      'high risk: the data subjects are neither told nor covered by a complete Art. 34(3) exemption',
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
  | 'ready-to-close'
  | 'closed';

export function phaseOf(state: CaseState, now: number): Phase {
  if (state.closed) return 'closed';
  if (authorityNoticeOwed(state)) {
    if (isOverdue(state, now)) return 'authority-notice-overdue';
    return riskLevel(state) === 'unassessed' ? 'awaiting-assessment' : 'authority-notice-due';
  }
  if (subjectsCommunicationOwed(state)) return 'subjects-communication-due';
  if (missingNoticeItems(state).length) return 'supplementing';
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
    return {
      processorId: processor.id,
      name: processor.name,
      ...(requestedAt ? { requestedAt } : {}),
      ...(answeredAt ? { answeredAt } : {}),
      silentForHours,
      ...(lastStep ? { lastStep } : {}),
    };
  });
}
