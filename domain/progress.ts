/**
 * Where a case stands, over every obligation of every regime it is under: what the DPO must do next, what
 * still keeps it from closing, and its phase (the search attribute lists and digests filter by).
 */
import { riskLevel, suggestion, NOTICE_ITEM_LABELS, type CaseState } from './case-state.js';
import {
  alarmOf,
  authorityNoticeOwed,
  authorityOf,
  caseObligations,
  caseRegimes,
  isOverdue,
  legalEndOf,
  missingNoticeItems,
  noticeLateness,
  periodName,
  reasonsForDelayOwed,
  type CaseObligation,
} from './obligations.js';
import { silentProcessors, standingRefusal } from './processors.js';
import { reportBlockers, reportObligations, reportOverdue, reportOwed, reportsPending } from './reports.js';
import {
  activeHold,
  latestAuthorityDecision,
  subjectsAffected,
  subjectsCommunicationBasis,
  subjectsCommunicationOwed,
  subjectsRemaining,
  subjectsTold,
} from './subjects.js';
import { caseZone } from './documents/case-zone.js';
import { formatInstant } from './documents/times.js';

/** An instant as the DPO reads it in a to-do line: the case's zone, UTC beside. */
function readable(state: CaseState, iso: string): string {
  return formatInstant(iso, caseZone(state), 'en');
}

function noticeObligations(state: CaseState): CaseObligation[] {
  return caseObligations(state).filter((o) => o.spec.kind === 'authority-notice');
}

export interface PendingAction {
  action: string;
  why: string;
}

/** "[UK GDPR] " before what a regime owes, once a case is under more than one. */
function tag(state: CaseState, obligation: CaseObligation): string {
  return caseRegimes(state).length > 1 ? `[${obligation.regime.name}] ` : '';
}

function subjectsPending(state: CaseState): PendingAction | undefined {
  if (!subjectsCommunicationOwed(state)) return undefined;
  const hold = activeHold(state);
  if (hold) {
    return {
      action: 'release-hold',
      why: `the communication is delayed at the request of ${hold.authority} (ref ${hold.reference}, Recitals 86/88); review by ${readable(state, hold.reviewAt)}`,
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
  for (const obligation of noticeObligations(state)) {
    const regime = obligation.regime.id;
    if (authorityNoticeOwed(state, regime)) {
      pending.push({
        action: 'notify-authority',
        why: `${tag(state, obligation)}${
          isOverdue(state, now, regime)
            ? `${periodName(obligation)} have passed (legal end ${readable(state, legalEndOf(state, obligation))}): file the notice with reasons for the delay, or document that no notice is needed`
            : `file the notice with ${authorityOf(state, obligation).name} by ${readable(state, alarmOf(state, obligation))}`
        }`,
      });
    }
    if (reasonsForDelayOwed(state, regime)) {
      const lateness = noticeLateness(state, regime)!;
      pending.push({
        action: 'supplement',
        why: `${tag(state, obligation)}the notice filed at ${readable(state, lateness.filedAt)} is late against the legal end ${readable(state, lateness.legalEndAt)}: Art. 33(1) requires the reasons for the delay (supplement --reasons-for-delay)`,
      });
    }
    const missing = missingNoticeItems(state, regime);
    if (missing.length) {
      pending.push({
        action: 'supplement',
        why: `${tag(state, obligation)}Art. 33(4): still to supply ${missing.map((m) => `(${m}) ${NOTICE_ITEM_LABELS[m]}`).join('; ')}`,
      });
    }
  }
  pending.push(...reportsPending(state, now));
  const subjects = subjectsPending(state);
  if (subjects) pending.push(subjects);
  for (const id of silentProcessors(state)) {
    const chase = state.processors[id];
    const refused = chase ? standingRefusal(chase) : undefined;
    pending.push({
      action: 'processor-answer',
      why: refused
        ? `processor "${id}" never got the request for facts: the mail server refused its ${refused}; ` +
          'correct its contact with breach amend to ask it again, or reach it another way and record its answer'
        : `processor "${id}" has not answered the request for facts`,
    });
  }
  return pending;
}

function people(n: number): string {
  return n === 1 ? '1 person is' : `${n.toLocaleString('en-GB')} people are`;
}

/** Reasons closing is refused; empty when the case may close. Processors' silence does not block closure. */
export function closeBlockers(state: CaseState): string[] {
  const blockers: string[] = [];
  const risk = riskLevel(state);
  if (risk === 'unassessed') blockers.push('no risk assessment is recorded');
  for (const obligation of noticeObligations(state)) {
    const regime = obligation.regime.id;
    const notice =
      caseRegimes(state).length > 1 ? `the ${obligation.regime.name} notice` : 'the authority notice';
    if (authorityNoticeOwed(state, regime) && risk !== 'unassessed') {
      blockers.push(`${notice} is neither filed nor documented as not required`);
    }
    if (reasonsForDelayOwed(state, regime)) {
      blockers.push(
        `${tag(state, obligation)}the notice is late and the reasons for the delay are not yet given (Art. 33(1))`,
      );
    }
    const missing = missingNoticeItems(state, regime);
    if (missing.length)
      blockers.push(`${tag(state, obligation)}Art. 33(3) items not yet supplied: ${missing.join(', ')}`);
  }
  blockers.push(...reportBlockers(state));
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
  /** A later stage (a NIS2 final report, a DORA intermediate report) is owed. */
  | 'report-due'
  | 'report-overdue'
  | 'subjects-communication-due'
  | 'subjects-communication-held'
  | 'ready-to-close'
  | 'closed';

export function phaseOf(state: CaseState, now: number): Phase {
  if (state.closed) return 'closed';
  const notices = noticeObligations(state).map((o) => o.regime.id);
  if (notices.some((regime) => authorityNoticeOwed(state, regime))) {
    if (isOverdue(state, now)) return 'authority-notice-overdue';
    return riskLevel(state) === 'unassessed' ? 'awaiting-assessment' : 'authority-notice-due';
  }
  const reports = reportObligations(state).filter((o) => reportOwed(state, o));
  if (reports.some((o) => reportOverdue(state, o, now))) return 'report-overdue';
  if (subjectsCommunicationOwed(state)) {
    return activeHold(state) ? 'subjects-communication-held' : 'subjects-communication-due';
  }
  if (reports.length) return 'report-due';
  if (
    notices.some((regime) => missingNoticeItems(state, regime).length || reasonsForDelayOwed(state, regime))
  ) {
    return 'supplementing';
  }
  if (riskLevel(state) === 'unassessed') return 'awaiting-assessment';
  return 'ready-to-close';
}
