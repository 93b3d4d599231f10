/**
 * The deadlines a status lists: each authority notice of every regime with its alarm, legal end and outcome,
 * and each processor's contractual window for its answer. Later stages and the communication's clocks are
 * reports.ts's.
 */
import type { CaseState } from './case-state.js';
import { riskLevel } from './case-state.js';
import {
  alarmOf,
  initialNotice,
  legalEndOf,
  nextNoticeDueAt,
  noticeLateness,
  noticeObligations,
  policyTargetOf,
  type CaseObligation,
  type PolicyTargetInForce,
} from './obligations.js';
import { processorWindowEndsAt } from './processors.js';

export interface Deadline {
  name: string;
  dueAt: string;
  /** For a period under Reg. 1182/71: its legal end, against which a filing is judged. */
  legalEndAt?: string;
  state: 'open' | 'met' | 'missed' | 'not-required';
  remainingMs?: number;
  overdueByMs?: number;
  metAt?: string;
  /** The regime and obligation a deadline belongs to (absent for a processor's window). */
  obligation?: string;
  /** For an "as soon as possible" clock: the hours in force and who set them. */
  policyTarget?: PolicyTargetInForce;
}

/** A clock not met yet, as at `now`: missed by how long, or open with the time left. */
export function judgeUnmet(deadline: Deadline, now: number): void {
  const due = Date.parse(deadline.dueAt);
  if (now >= due) {
    deadline.state = 'missed';
    deadline.overdueByMs = now - due;
  } else {
    deadline.remainingMs = due - now;
  }
}

/** The policy target of an obligation's clock, as a Deadline's field when it has one. */
export function withPolicyTarget(
  state: CaseState,
  obligation: CaseObligation,
): { policyTarget?: PolicyTargetInForce } {
  const target = policyTargetOf(state, obligation);
  return target ? { policyTarget: target } : {};
}

function noticeDeadline(state: CaseState, obligation: CaseObligation, now: number): Deadline {
  const regime = obligation.regime.id;
  const dueAt = alarmOf(state, obligation);
  const lateness = noticeLateness(state, regime);
  const deadline: Deadline = {
    name: obligation.spec.title,
    dueAt,
    legalEndAt: legalEndOf(state, obligation),
    state: 'open',
    obligation: obligation.id,
    ...withPolicyTarget(state, obligation),
  };
  if (lateness) {
    deadline.metAt = lateness.filedAt;
    deadline.state = lateness.late ? 'missed' : 'met';
    if (lateness.late) deadline.overdueByMs = lateness.overdueByMs;
  } else if (riskLevel(state) === 'none') {
    deadline.state = 'not-required';
  } else {
    judgeUnmet(deadline, now);
  }
  return deadline;
}

export function deadlines(state: CaseState, now: number): Deadline[] {
  const result = noticeObligations(state).map((o) => noticeDeadline(state, o, now));
  for (const processor of state.caseFile.processors) {
    const chase = state.processors[processor.id];
    const processorDue = processorWindowEndsAt(state, processor.id)!;
    const answer = chase?.answers[0];
    const entry: Deadline = { name: `processor answer: ${processor.id}`, dueAt: processorDue, state: 'open' };
    if (answer) {
      entry.metAt = answer.receivedAt;
      entry.state = Date.parse(answer.receivedAt) <= Date.parse(processorDue) ? 'met' : 'missed';
    } else {
      judgeUnmet(entry, now);
    }
    result.push(entry);
  }
  return result;
}

/** Processors whose contractual window ends after the first authority deadline: their facts come too late. */
export function processorWindowWarnings(state: CaseState): string[] {
  if (noticeObligations(state).every((o) => initialNotice(state, o.regime.id))) return [];
  const dueAt = nextNoticeDueAt(state);
  return state.caseFile.processors.flatMap((processor) => {
    const endsAt = processorWindowEndsAt(state, processor.id);
    if (!endsAt || Date.parse(endsAt) <= Date.parse(dueAt)) return [];
    return [
      `processor "${processor.id}" has ${processor.noticeWindowHours} h by contract, until ${endsAt}, after the authority deadline ${dueAt}: notify with what is known and supplement later (Art. 33(4))`,
    ];
  });
}
