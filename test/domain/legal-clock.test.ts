/**
 * The clock of GDPR Art. 33: the alarm at awareness + 72 h and the legal end of the period under Reg. 1182/71
 * Art. 3, against which a filing is judged; and lateness that follows a corrected awareness.
 */
import { describe, expect, it } from 'vitest';
import { checkAction } from '../../domain/actions/index.js';
import { caseFileProblems } from '../../domain/case-file.js';
import { initialState } from '../../domain/case-state.js';
import { noticeLateness, reasonsForDelayOwed } from '../../domain/obligations.js';
import { closeBlockers, pendingActions, phaseOf } from '../../domain/progress.js';
import { periodAlarm, periodLegalEnd } from '../../domain/deadlines.js';
import { gdpr } from '../../domain/regimes/gdpr.js';
import { renderAuthorityNotice } from '../../domain/documents.js';
import { plannedEffects } from '../../domain/reminder-plan.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const iso = (text: string) => new Date(text).toISOString();

describe('Reg. 1182/71 Art. 3: the legal end of the 72 hours', () => {
  // [awareness, alarm (awareness + 72 h), legal end (next full hour + 72 h)]
  const vectors: [string, string, string, string][] = [
    ['on the hour', '2026-11-20T14:00:00Z', '2026-11-23T14:00:00Z', '2026-11-23T15:00:00Z'],
    ['20 past', '2026-11-20T14:20:00Z', '2026-11-23T14:20:00Z', '2026-11-23T15:00:00Z'],
    ['a second before the hour', '2026-11-20T14:59:59Z', '2026-11-23T14:59:59Z', '2026-11-23T15:00:00Z'],
    // Berlin springs forward on 29 March: 72 consecutive hours end one clock hour later on the wall.
    [
      'across spring DST, Berlin',
      '2026-03-27T14:20:00+01:00',
      '2026-03-30T15:20:00+02:00',
      '2026-03-30T16:00:00+02:00',
    ],
    // ... and falls back on 25 October: one clock hour earlier on the wall.
    [
      'across autumn DST, Berlin',
      '2026-10-23T14:20:00+02:00',
      '2026-10-26T13:20:00+01:00',
      '2026-10-26T14:00:00+01:00',
    ],
    ['over a weekend and New Year', '2026-12-31T23:30:00Z', '2027-01-03T23:30:00Z', '2027-01-04T00:00:00Z'],
  ];
  const clock = gdpr.obligations.find((o) => o.kind === 'authority-notice')!.clock!;
  it.each(vectors)('awareness %s', (_name, awareAt, alarm, legalEnd) => {
    expect(periodAlarm(awareAt, clock)).toBe(iso(alarm));
    expect(periodLegalEnd(awareAt, clock)).toBe(iso(legalEnd));
  });

  it('files a notice at 14:45 for awareness at 14:20 three days before on time, and asks no reasons', () => {
    const awareAt = '2026-11-20T14:20:00Z';
    const state = initialState(
      'BR-CLOCK-1',
      sampleCaseFile({ detectedAt: awareAt, awareness: { awareAt, decidedBy: 'Dana', reason: 'Confirmed' } }),
      awareAt,
    );
    const filedAt = Date.parse('2026-11-23T14:45:00Z');
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, Date.parse(awareAt) + HOUR_MS);
    const checked = checkAction(
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', actor: 'Dana' },
      state,
      filedAt,
    );
    expect(checked.ok).toBe(true);
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, filedAt);
    expect(noticeLateness(state)).toMatchObject({ late: false, legalEndAt: iso('2026-11-23T15:00:00Z') });
    expect(state.timeline.at(-1)?.event).toBe('authority notified');
    // ... but one minute after the legal end it is late and needs the reasons.
    const tooLate = checkAction(
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', actor: 'Dana' },
      initialState('BR-CLOCK-2', state.caseFile, awareAt),
      Date.parse('2026-11-23T15:01:00Z'),
    );
    expect(!tooLate.ok && tooLate.problems.map((p) => p.path)).toContain('reasonsForDelay');
  });
});

describe('lateness follows the truth', () => {
  const opened = '2026-11-21T10:00:00.000Z';
  const at = (hours: number) => Date.parse(opened) + hours * HOUR_MS;
  const fresh = () =>
    initialState(
      'BR-CLOCK-3',
      sampleCaseFile({
        detectedAt: '2026-11-19T08:00:00Z',
        awareness: { awareAt: opened, decidedBy: 'Dana', reason: 'Confirmed' },
      }),
      opened,
    );

  it('re-judges a filed notice when awareness is corrected earlier, and asks for the reasons as a supplement', () => {
    const state = fresh();
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(60));
    expect(noticeLateness(state)?.late).toBe(false);
    expect(phaseOf(state, at(61))).toBe('ready-to-close');

    act(
      state,
      'setAwareness',
      { awareAt: '2026-11-19T08:00:00Z', reason: 'Logs show the SOC confirmed it then', actor: 'Dana' },
      at(62),
    );
    // Aware 50 h before the old awareness: the period ended at 09:00 on the 22nd, the notice came on the 23rd.
    expect(noticeLateness(state)).toMatchObject({ late: true, legalEndAt: '2026-11-22T09:00:00.000Z' });
    expect(state.timeline.at(-1)?.detail).toMatch(/is now late/);
    expect(reasonsForDelayOwed(state)).toBe(true);
    expect(phaseOf(state, at(62))).toBe('supplementing');
    expect(pendingActions(state, at(62)).map((p) => p.action)).toContain('supplement');
    expect(closeBlockers(state)).toContain(
      'the notice is late and the reasons for the delay are not yet given (Art. 33(1))',
    );
    expect(plannedEffects(state).map((e) => [e.key, e.dueAt])).toEqual([
      ['supplement-reminder-1', new Date(at(62 + 24)).toISOString()],
    ]);
    expect(renderAuthorityNotice(state, { dated: new Date(at(63)).toISOString(), language: 'en' })).toContain(
      'Reasons for the delay',
    );

    act(
      state,
      'supplement',
      { reference: 'A-1/2', channel: 'portal', reasonsForDelay: 'Awareness was misdated.', actor: 'Dana' },
      at(64),
    );
    expect(reasonsForDelayOwed(state)).toBe(false);
    expect(closeBlockers(state)).toEqual([]);
    expect(noticeLateness(state)?.late).toBe(true);
  });

  it('makes a notice timely again when awareness is corrected later, and refuses awareness after the filing', () => {
    const state = initialState(
      'BR-CLOCK-4',
      sampleCaseFile({
        detectedAt: '2026-11-17T10:00:00Z',
        awareness: { awareAt: '2026-11-17T10:00:00Z', decidedBy: 'Dana', reason: 'r' },
      }),
      opened,
    );
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(0));
    act(
      state,
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', reasonsForDelay: 'We misread it.', actor: 'Dana' },
      at(1),
    );
    expect(noticeLateness(state)?.late).toBe(true);
    act(state, 'setAwareness', { awareAt: opened, reason: 'Only suspicion before', actor: 'Dana' }, at(2));
    expect(noticeLateness(state)?.late).toBe(false);
    expect(state.timeline.at(-1)?.detail).toMatch(/is now on time/);
    const after = checkAction(
      'setAwareness',
      { awareAt: new Date(at(2)).toISOString(), reason: 'x', actor: 'Dana' },
      state,
      at(3),
    );
    expect(!after.ok && after.problems.map((p) => p.path)).toEqual(['awareAt']);
  });
});

describe('instants in the future', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');

  it('are refused in a case file, naming each field; a few minutes of clock skew are allowed', () => {
    const inAMonth = '2026-12-21T10:00:00Z';
    const file = sampleCaseFile({
      occurredAt: '2026-11-21T10:04:00Z',
      detectedAt: inAMonth,
      awareness: { awareAt: inAMonth, decidedBy: 'Dana', reason: 'r' },
    });
    expect(caseFileProblems(file, now).map((p) => p.path)).toEqual(['detectedAt', 'awareness.awareAt']);
  });

  it('are refused in every action that records when something happened', () => {
    const state = initialState('BR-CLOCK-5', sampleCaseFile(), '2026-11-21T09:00:00Z');
    const later = '2026-11-21T11:00:00Z';
    const cases: [Parameters<typeof checkAction>[0], Record<string, unknown>, string][] = [
      ['setAwareness', { awareAt: later, reason: 'r' }, 'awareAt'],
      ['notifyAuthority', { reference: 'A', channel: 'c', filedAt: later }, 'filedAt'],
      ['notifySubjects', { count: 1, channel: 'c', sentAt: later }, 'sentAt'],
      ['processorAnswer', { processorId: 'x', summary: 's', receivedAt: later }, 'receivedAt'],
      [
        'authorityDecision',
        { decision: 'require-communication', reference: 'R', decidedAt: later },
        'decidedAt',
      ],
      ['amend', { facts: { occurredAt: later }, reason: 'r' }, 'facts.occurredAt'],
    ];
    for (const [name, input, field] of cases) {
      const checked = checkAction(name, { ...input, actor: 'Dana' }, state, now);
      expect(!checked.ok && checked.problems.map((p) => p.path), name).toContain(field);
    }
  });
});
