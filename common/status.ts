/** The case as the DPO asks for it: one view, computed from the state at a given instant. */
import {
  authorityDueAt,
  deadlines,
  isOverdue,
  missingNoticeItems,
  pendingActions,
  phaseOf,
  riskLevel,
  suggestion,
  vendorSilence,
  type CaseState,
  type Deadline,
  type NoticeItem,
  type PendingAction,
  type Phase,
  type TimelineEntry,
  type VendorSilence,
} from './case-state.js';
import { renderAuthorityNotice, renderSubjectsLetter } from './documents.js';
import type { RiskLevel, SeverityScore } from './severity.js';

export interface CaseStatus {
  caseId: string;
  asOf: string;
  phase: Phase;
  risk: RiskLevel | 'unassessed';
  suggestion: SeverityScore;
  awareAt: string;
  authorityDueAt: string;
  overdue: boolean;
  lateness?: CaseState['lateness'];
  deadlines: Deadline[];
  pending: PendingAction[];
  missingItems: NoticeItem[];
  vendors: VendorSilence[];
  timeline: TimelineEntry[];
  closed?: CaseState['closed'];
}

export function caseStatus(state: CaseState, now: number): CaseStatus {
  return {
    caseId: state.caseId,
    asOf: new Date(now).toISOString(),
    phase: phaseOf(state, now),
    risk: riskLevel(state),
    suggestion: suggestion(state),
    awareAt: state.awareAt,
    authorityDueAt: authorityDueAt(state),
    overdue: isOverdue(state, now),
    ...(state.lateness ? { lateness: state.lateness } : {}),
    deadlines: deadlines(state, now),
    pending: pendingActions(state, now),
    missingItems: missingNoticeItems(state),
    vendors: vendorSilence(state, now),
    timeline: state.timeline,
    ...(state.closed ? { closed: state.closed } : {}),
  };
}

export interface CaseDocuments {
  authorityNotice: string;
  subjectsLetter: string;
}

export function caseDocuments(state: CaseState, now: number): CaseDocuments {
  return {
    authorityNotice: renderAuthorityNotice(state, new Date(now).toISOString()),
    subjectsLetter: renderSubjectsLetter(state),
  };
}
