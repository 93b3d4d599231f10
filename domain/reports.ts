/**
 * Later stages filed with an authority, each on a clock of its own: NIS2's incident notification and final
 * report, DORA's intermediate and final reports, the ePrivacy Regulation's second notice, LGPD's complementary
 * information. A stage is owed once its clock has started (its event happened, or the stage it follows was
 * filed), until a filing of it is recorded (`breach report`). Pure functions of (state, now), like obligations.ts.
 */
import { riskLevel, type CaseState } from './case-state.js';
import {
  alarmOf,
  authorityOf,
  caseObligations,
  clockStarted,
  initialNotice,
  legalEndOf,
  isOverdue,
  missingNoticeItems,
  nextNoticeDueAt,
  type CaseObligation,
} from './obligations.js';
import { judgeUnmet, withPolicyTarget, type Deadline } from './deadline-list.js';
import type { AuthorityReport } from './records.js';
import { subjectsCommunicationOwed } from './subjects.js';

export function reportObligations(state: CaseState): CaseObligation[] {
  return caseObligations(state).filter((o) => o.spec.kind === 'authority-report');
}

export function reportObligation(
  state: CaseState,
  regime: string,
  stage: string,
): CaseObligation | undefined {
  return reportObligations(state).find((o) => o.regime.id === regime && o.spec.key === stage);
}

export function reportFilings(state: CaseState, obligation: CaseObligation): AuthorityReport[] {
  return (state.reports ?? []).filter(
    (r) => r.regime === obligation.regime.id && r.stage === obligation.spec.key,
  );
}

/**
 * Whether a stage is owed now: its clock has started, nothing of it is filed and a notice is owed at all.
 * A stage that exists only to complete an incomplete notice (ePrivacy's second notice) is owed only while
 * the notice still lacks items.
 */
export function reportOwed(state: CaseState, obligation: CaseObligation): boolean {
  if (riskLevel(state) === 'none' || !clockStarted(state, obligation)) return false;
  if (reportFilings(state, obligation).length) return false;
  if (obligation.spec.onlyWhileIncomplete) {
    const regime = obligation.regime.id;
    return Boolean(initialNotice(state, regime)) && missingNoticeItems(state, regime).length > 0;
  }
  return true;
}

export function reportOverdue(state: CaseState, obligation: CaseObligation, now: number): boolean {
  return reportOwed(state, obligation) && now >= Date.parse(alarmOf(state, obligation));
}

/** How texts name a stage: its title, which names its regime ("final report (NIS2 Art. 23(4)(d), ...)"). */
export function reportName(_state: CaseState, obligation: CaseObligation): string {
  return obligation.spec.title;
}

export function reportDeadline(
  state: CaseState,
  obligation: CaseObligation,
  now: number,
): Deadline | undefined {
  if (!clockStarted(state, obligation)) return undefined;
  const filed = reportFilings(state, obligation)[0];
  if (!filed && !reportOwed(state, obligation) && riskLevel(state) !== 'none') return undefined;
  const dueAt = alarmOf(state, obligation);
  const legalEndAt = legalEndOf(state, obligation);
  const deadline: Deadline = {
    name: reportName(state, obligation),
    dueAt,
    legalEndAt,
    state: 'open',
    obligation: obligation.id,
  };
  if (filed) {
    deadline.metAt = filed.filedAt;
    const overdueByMs = Date.parse(filed.filedAt) - Date.parse(legalEndAt);
    deadline.state = overdueByMs > 0 ? 'missed' : 'met';
    if (overdueByMs > 0) deadline.overdueByMs = overdueByMs;
  } else if (riskLevel(state) === 'none') {
    deadline.state = 'not-required';
  } else {
    judgeUnmet(deadline, now);
  }
  return deadline;
}

export function reportDeadlines(state: CaseState, now: number): Deadline[] {
  return reportObligations(state).flatMap((o) => reportDeadline(state, o, now) ?? []);
}

/**
 * The clocks some regimes put on telling the people affected (LGPD's 3 working days, HIPAA's 60 days): shown
 * while the communication is owed or once it was made, met by the last communication that completed it.
 */
export function subjectsDeadlines(state: CaseState, now: number): Deadline[] {
  const told = state.subjectsCommunications;
  if (!subjectsCommunicationOwed(state) && !told.length) return [];
  return caseObligations(state)
    .filter((o) => o.spec.kind === 'subjects-communication' && o.spec.clock)
    .map((o) => {
      const dueAt = alarmOf(state, o);
      const deadline: Deadline = {
        name: reportName(state, o),
        dueAt,
        legalEndAt: legalEndOf(state, o),
        state: 'open',
        obligation: o.id,
        ...withPolicyTarget(state, o),
      };
      const done = !subjectsCommunicationOwed(state) ? told.at(-1) : undefined;
      if (done) {
        deadline.metAt = done.sentAt;
        deadline.state = Date.parse(done.sentAt) <= Date.parse(deadline.legalEndAt!) ? 'met' : 'missed';
      } else {
        judgeUnmet(deadline, now);
      }
      return deadline;
    });
}

/** What the DPO must file next, stage by stage. */
export function reportsPending(state: CaseState, now: number): { action: string; why: string }[] {
  return reportObligations(state)
    .filter((o) => reportOwed(state, o))
    .map((o) => ({
      action: 'report',
      why: `${reportName(state, o)}: ${
        reportOverdue(state, o, now)
          ? `its deadline passed at ${alarmOf(state, o)}; file it now`
          : `file it with ${authorityOf(state, o).name} by ${alarmOf(state, o)}`
      } (report --regime ${o.regime.id} --stage ${o.spec.key})`,
    }));
}

export function reportBlockers(state: CaseState): string[] {
  return reportObligations(state)
    .filter((o) => reportOwed(state, o))
    .map((o) => `${reportName(state, o)} is not yet filed`);
}

/** The earliest alarm of anything owed to an authority, notice or later stage: what list and search sort by. */
export function nextAuthorityDueAt(state: CaseState): string {
  const notice = nextNoticeDueAt(state);
  const reports = reportObligations(state)
    .filter((o) => reportOwed(state, o))
    .map((o) => alarmOf(state, o));
  return [notice, ...reports].sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
}

/** Overdue while a notice or a later stage is owed past its alarm. */
export function anyOverdue(state: CaseState, now: number): boolean {
  return isOverdue(state, now) || reportObligations(state).some((o) => reportOverdue(state, o, now));
}
