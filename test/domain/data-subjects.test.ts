/**
 * GDPR Art. 34 as the law has it: every person affected is told, or an exemption covers the rest; the
 * authority's Art. 34(4) decisions; a law-enforcement hold (Recitals 86, 88) that pauses the reminders.
 */
import { describe, expect, it } from 'vitest';
import { checkAction } from '../../domain/actions/index.js';
import { initialState, type CaseState } from '../../domain/case-state.js';
import { subjectsCommunicationOwed, subjectsRemaining } from '../../domain/subjects.js';
import { closeBlockers, pendingActions, phaseOf } from '../../domain/progress.js';
import { effectMail } from '../../domain/mail/case-mail.js';
import { dueEffects, plannedEffects } from '../../domain/reminder-plan.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const OPENED = '2026-11-21T10:00:00.000Z';
const at = (hours: number) => Date.parse(OPENED) + hours * HOUR_MS;
const isoAt = (hours: number) => new Date(at(hours)).toISOString();

function highRiskCase(affected = 5000): CaseState {
  const state = initialState(
    'BR-SUBJ-1',
    sampleCaseFile({
      awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' },
      dataSubjects: { approximate: affected, categories: ['customers'] },
    }),
    OPENED,
  );
  act(state, 'assess', { risk: 'high', overrideReason: 'Recordings from the home', actor: 'Dana' }, at(1));
  act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(2));
  return state;
}

describe('telling the data subjects (Art. 34)', () => {
  it('counts communications against the people affected: one letter does not discharge thousands', () => {
    const state = highRiskCase(5000);
    act(state, 'notifySubjects', { count: 1, channel: 'letter', actor: 'Dana' }, at(3));
    expect(subjectsCommunicationOwed(state)).toBe(true);
    expect(subjectsRemaining(state)).toBe(4999);
    expect(pendingActions(state, at(3)).find((p) => p.action === 'notify-subjects')?.why).toMatch(
      /1 of 5,000 told, 4,999 still to tell/,
    );
    expect(closeBlockers(state)).toEqual([
      'high risk: 4,999 people are neither told nor covered by a complete Art. 34(3) exemption',
    ]);
    act(
      state,
      'notifySubjects',
      { count: 4999, channel: 'e-mail', group: 'customers', actor: 'Dana' },
      at(4),
    );
    expect(subjectsCommunicationOwed(state)).toBe(false);
    expect(closeBlockers(state)).toEqual([]);
  });

  it('refuses to count more people than are affected, pointing at amend', () => {
    const state = highRiskCase(10);
    const checked = checkAction(
      'notifySubjects',
      { count: 11, channel: 'letter', actor: 'Dana' },
      state,
      at(3),
    );
    const problems = checked.ok ? [] : checked.problems;
    expect(problems.map((p) => p.path)).toEqual(['count']);
    expect(problems[0]?.message).toMatch(/amend the facts/);
  });

  it('lets an Art. 34(3)(c) public communication cover the people not reached', () => {
    const state = highRiskCase(5000);
    act(state, 'notifySubjects', { count: 4200, channel: 'e-mail', actor: 'Dana' }, at(3));
    act(
      state,
      'exempt',
      {
        ground: 'c',
        evidence: '800 addresses bounced; no other contact data',
        publicCommunication: { channel: 'notice on the website', at: isoAt(4) },
        actor: 'Dana',
      },
      at(4),
    );
    expect(subjectsCommunicationOwed(state)).toBe(false);
  });
});

describe("the authority's decisions (Art. 34(4))", () => {
  it('an order to communicate makes it owed even when the controller assessed no high risk', () => {
    const state = initialState(
      'BR-SUBJ-2',
      sampleCaseFile({ awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' } }),
      OPENED,
    );
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(2));
    expect(subjectsCommunicationOwed(state)).toBe(false);
    act(
      state,
      'authorityDecision',
      { decision: 'require-communication', reference: 'LDA-2026-17', decidedAt: isoAt(30), actor: 'Dana' },
      at(31),
    );
    expect(subjectsCommunicationOwed(state)).toBe(true);
    expect(phaseOf(state, at(31))).toBe('subjects-communication-due');
    expect(plannedEffects(state).map((e) => [e.key, e.dueAt])).toEqual([['subjects-reminder-1', isoAt(55)]]);
    // The controller can no longer exempt itself: that is now the authority's to decide.
    const exempt = checkAction(
      'exempt',
      { ground: 'b', evidence: 'Keys rotated', actor: 'Dana' },
      state,
      at(32),
    );
    expect(!exempt.ok && exempt.problems[0]?.message).toMatch(/only it can decide/);
  });

  it('a decision that an exemption applies ends the duty, and needs its ground', () => {
    const state = highRiskCase();
    const noGround = checkAction(
      'authorityDecision',
      { decision: 'exemption-applies', reference: 'LDA-9', actor: 'Dana' },
      state,
      at(3),
    );
    expect(!noGround.ok && noGround.problems.map((p) => p.path)).toEqual(['ground']);
    act(
      state,
      'authorityDecision',
      { decision: 'exemption-applies', ground: 'a', reference: 'LDA-9', actor: 'Dana' },
      at(3),
    );
    expect(subjectsCommunicationOwed(state)).toBe(false);
    expect(closeBlockers(state)).toEqual([]);
  });
});

describe('a law-enforcement hold (Recitals 86, 88)', () => {
  it('pauses the reminders until its review date, asks for a review, then resumes', () => {
    const state = highRiskCase();
    expect(plannedEffects(state).map((e) => e.key)).toEqual(['subjects-reminder-1']);
    act(
      state,
      'hold',
      {
        authority: 'LKA Berlin',
        reference: 'LKA-4711',
        reason: 'Telling them would alert the suspect',
        reviewAt: isoAt(24 * 14),
        actor: 'Dana',
      },
      at(3),
    );
    expect(phaseOf(state, at(3))).toBe('subjects-communication-held');
    expect(pendingActions(state, at(3)).map((p) => p.action)).toContain('release-hold');
    expect(plannedEffects(state).map((e) => [e.key, e.dueAt])).toEqual([
      ['hold-review-1', isoAt(24 * 14)],
      ['subjects-reminder-1', isoAt(24 * 15)],
    ]);
    expect(dueEffects(state, at(24 * 13))).toEqual([]);
    const review = dueEffects(state, at(24 * 14));
    expect(review.map((e) => e.key)).toEqual(['hold-review-1']);
    expect(effectMail(state, review[0]!, at(24 * 14)).text).toMatch(/LKA Berlin[\s\S]*LKA-4711/);

    act(state, 'releaseHold', { note: 'Suspect arrested', actor: 'Dana' }, at(24 * 5));
    expect(phaseOf(state, at(24 * 5))).toBe('subjects-communication-due');
    // The first reminder was due at 25 h; released later, it is due at once.
    expect(dueEffects(state, at(24 * 5)).map((e) => e.key)).toEqual(['subjects-reminder-1']);
  });

  it('is refused when nothing is owed, or with a review date in the past', () => {
    const state = initialState('BR-SUBJ-3', sampleCaseFile(), OPENED);
    const hold = { authority: 'LKA', reference: 'R', reason: 'r', reviewAt: isoAt(48), actor: 'Dana' };
    const none = checkAction('hold', hold, state, at(1));
    expect(!none.ok && none.problems[0]?.message).toMatch(/nothing to delay/);
    const past = checkAction('hold', { ...hold, reviewAt: isoAt(0) }, highRiskCase(), at(3));
    expect(!past.ok && past.problems.map((p) => p.path)).toEqual(['reviewAt']);
    expect(checkAction('releaseHold', { actor: 'Dana' }, highRiskCase(), at(3)).ok).toBe(false);
  });
});
