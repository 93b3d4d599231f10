/** The case as the DPO asks for it: one view, computed from the state at a given instant. */
import { reportDeadlines, subjectsDeadlines } from './reports.js';
import {
  currentFactsVersion,
  factVersionsOf,
  type CommunicationHold,
  type FactsVersion,
  riskLevel,
  suggestion,
  type CaseState,
  type NoticeItem,
  type TimelineEntry,
} from './case-state.js';
import {
  activeHold,
  subjectsAffected,
  subjectsCommunicationBasis,
  subjectsRemaining,
  subjectsTold,
} from './subjects.js';
import { processorSilence, type ProcessorSilence } from './processors.js';
import {
  authorityDueAt,
  authorityLegalEndAt,
  noticeLateness,
  type Lateness,
  isOverdue,
  missingNoticeItems,
  caseRegimes,
} from './obligations.js';
import { deadlines, processorWindowWarnings, type Deadline } from './deadline-list.js';
import { pendingActions, phaseOf, type PendingAction, type Phase } from './progress.js';
import { renderAuthorityNotice, renderSubjectsLetter } from './documents.js';
import type { RiskLevel, SeverityScore } from './severity.js';

export interface CaseStatus {
  caseId: string;
  /** The regimes the case is under, the first being what an action means when it names none. */
  regimes: { id: string; name: string }[];
  asOf: string;
  phase: Phase;
  risk: RiskLevel | 'unassessed';
  suggestion: SeverityScore;
  awareAt: string;
  /** The alarm: awareness + 72 h. */
  authorityDueAt: string;
  /** The legal end of the 72 hours (Reg. 1182/71 Art. 3), against which a filing is judged. */
  authorityLegalEndAt: string;
  overdue: boolean;
  /** The initial notice judged against the current awareness. */
  lateness?: Lateness;
  subjects: {
    basis?: 'high-risk' | 'authority-order';
    affected: number;
    told: number;
    remaining: number;
    hold?: CommunicationHold;
  };
  facts: { version: number; versions: FactsVersion[] };
  warnings: string[];
  deadlines: Deadline[];
  pending: PendingAction[];
  missingItems: NoticeItem[];
  processors: ProcessorSilence[];
  timeline: TimelineEntry[];
  closed?: CaseState['closed'];
}

/** Every deadline of the case as at `now`: its notices', its later reports' and its data subjects'. */
export function caseDeadlines(state: CaseState, now: number): Deadline[] {
  return [...deadlines(state, now), ...reportDeadlines(state, now), ...subjectsDeadlines(state, now)];
}

export function caseStatus(state: CaseState, now: number): CaseStatus {
  const lateness = noticeLateness(state);
  const basis = subjectsCommunicationBasis(state);
  const hold = activeHold(state);
  return {
    caseId: state.caseId,
    regimes: caseRegimes(state).map((r) => ({ id: r.id, name: r.name })),
    asOf: new Date(now).toISOString(),
    phase: phaseOf(state, now),
    risk: riskLevel(state),
    suggestion: suggestion(state),
    awareAt: state.awareAt,
    authorityDueAt: authorityDueAt(state),
    authorityLegalEndAt: authorityLegalEndAt(state),
    overdue: isOverdue(state, now),
    ...(lateness ? { lateness } : {}),
    subjects: {
      ...(basis ? { basis } : {}),
      affected: subjectsAffected(state),
      told: subjectsTold(state),
      remaining: basis ? subjectsRemaining(state) : 0,
      ...(hold ? { hold } : {}),
    },
    facts: { version: currentFactsVersion(state), versions: factVersionsOf(state) },
    warnings: state.closed ? [] : processorWindowWarnings(state),
    deadlines: caseDeadlines(state, now),
    pending: pendingActions(state, now),
    missingItems: missingNoticeItems(state),
    processors: processorSilence(state, now),
    timeline: state.timeline,
    ...(state.closed ? { closed: state.closed } : {}),
  };
}

export interface CaseDocuments {
  authorityNotice: string;
  subjectsLetter: string;
}

/** Both documents, undated, as Markdown: the same facts give the same text, whenever it is asked. */
export function caseDocuments(state: CaseState): CaseDocuments {
  return { authorityNotice: renderAuthorityNotice(state), subjectsLetter: renderSubjectsLetter(state) };
}
