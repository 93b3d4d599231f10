/**
 * Telling the data subjects (GDPR Art. 34): how many are affected and told, the authority's Art. 34(4)
 * decisions, a law-enforcement hold (Recitals 86, 88), and whether the communication is still owed.
 */
import { riskLevel } from './case-state.js';
import type { AuthorityDecision, CaseState, CommunicationHold } from './records.js';

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
