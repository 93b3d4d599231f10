import { describe, expect, it } from 'vitest';
import { applyAction, checkAction, type ActionName } from '../../domain/actions/index.js';
import { caseFileProblems } from '../../domain/case-file.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { initialState, type CaseState } from '../../domain/case-state.js';
import { processorSilence } from '../../domain/processors.js';
import {
  isOverdue,
  missingNoticeItems,
  noticeLateness,
  reasonsForDelayOwed,
} from '../../domain/obligations.js';
import { closeBlockers, phaseOf } from '../../domain/progress.js';
import { renderAuthorityNotice, renderSubjectsLetter } from '../../domain/documents.js';
import { dueEffects, nextDueAt, plannedEffects } from '../../domain/reminder-plan.js';
import { severityOf } from '../../domain/severity.js';
import { fieldProblems } from '../../domain/validation.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';

const OPENED = '2026-11-21T10:00:00.000Z';
const at = (hours: number) => Date.parse(OPENED) + hours * HOUR_MS;

function open(overrides: Parameters<typeof sampleCaseFile>[0] = {}): CaseState {
  return initialState(
    'BR-TEST-1',
    sampleCaseFile({ awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' }, ...overrides }),
    OPENED,
  );
}

function act<N extends ActionName>(state: CaseState, name: N, input: unknown, now: number): void {
  const checked = checkAction(name, input, state, now);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  applyAction(name, checked.action, state, now);
}

describe('the case file', () => {
  it('reports every problem with the path of its field', () => {
    const input = sampleCaseInput({ detectedAt: 'last tuesday', countries: ['Germany'] });
    const result = caseFileSchema.safeParse({ ...input, recipients: { dpo: ['not-an-address'] } });
    expect(result.success).toBe(false);
    const paths = fieldProblems(result.error!).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['detectedAt', 'countries.0', 'recipients.dpo.0']));
  });

  it('refuses case IDs that could carry personal data into workflow IDs', () => {
    expect(caseFileSchema.safeParse(sampleCaseInput({ caseId: 'dana@example.test' })).success).toBe(false);
    expect(caseFileSchema.safeParse(sampleCaseInput({ caseId: 'BR-2026-0042' })).success).toBe(true);
  });

  it('checks what the shape cannot: known processors, time order', () => {
    const file = sampleCaseFile({
      occurredAt: '2026-11-21T00:00:00Z',
      reportedByProcessor: { processorId: 'nobody', notifiedAt: '2026-11-20T10:00:00Z' },
    });
    const paths = caseFileProblems(file, Date.parse(OPENED)).map((p) => p.path);
    expect(paths).toEqual(['reportedByProcessor.processorId', 'occurredAt']);
  });

  it('takes awareness as detectedAt, the earliest the facts allow, when the file gives no awareAt', () => {
    const file = sampleCaseFile({
      detectedAt: '2026-11-21T07:30:00Z',
      processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'security@transcribe.test' }],
      reportedByProcessor: { processorId: 'transcribe', notifiedAt: '2026-11-21T08:30:00Z' },
    });
    const state = initialState('BR-TEST-1', file, OPENED);
    expect(state.awareAt).toBe('2026-11-21T07:30:00Z');
    expect(state.awareness[0]?.reason).toMatch(/awareness taken as detectedAt/);
  });
});

describe('the ENISA severity suggestion', () => {
  it('scores SE = DPC x EI + CB and bands it', () => {
    // behavioural (2) x maximum (1) + known-parties (0.25) = 2.25: medium, suggests notifying the authority.
    expect(severityOf(sampleCaseFile())).toMatchObject({
      dpc: 2,
      ei: 1,
      cb: 0.25,
      score: 2.25,
      band: 'medium',
    });
    expect(severityOf(sampleCaseFile()).suggestedRisk).toBe('risk');
  });

  it('treats Art. 9 data as sensitive and clamps each data set to 1-4', () => {
    const file = sampleCaseFile({
      dataCategories: [{ name: 'Health', special: 'art9', adjustment: 1, adjustmentReason: 'children' }],
      severity: { identifiability: 'maximum', lossOfConfidentiality: 'unknown-parties' },
    });
    expect(severityOf(file)).toMatchObject({ dpc: 4, score: 4.5, band: 'very high', suggestedRisk: 'high' });
  });
});

describe('DPO actions against the case', () => {
  it('needs a rationale for a "none" assessment and a reason to override the suggestion', () => {
    const state = open();
    const none = checkAction('assess', { risk: 'none', actor: 'Dana' }, state, at(1));
    expect(none.ok).toBe(false);
    expect(!none.ok && none.problems.map((p) => p.path)).toEqual(['rationale', 'overrideReason']);
    expect(checkAction('assess', { risk: 'risk', actor: 'Dana' }, state, at(1)).ok).toBe(true);
  });

  it('rejects a late notice without reasons for the delay, judged against the legal end of the period', () => {
    const state = open();
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    const late = checkAction(
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', actor: 'Dana' },
      state,
      at(80),
    );
    expect(!late.ok && late.problems.map((p) => p.path)).toEqual(['reasonsForDelay']);
    act(
      state,
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', actor: 'Dana', reasonsForDelay: 'Vendor withheld facts.' },
      at(80),
    );
    // Awareness at 10:00 exactly: the hour 10-11 is not counted, so the period ends at 11:00 + 72 h.
    expect(noticeLateness(state)).toEqual({
      late: true,
      overdueByMs: 7 * HOUR_MS,
      dueAt: new Date(at(72)).toISOString(),
      legalEndAt: new Date(at(73)).toISOString(),
      filedAt: new Date(at(80)).toISOString(),
    });
    expect(isOverdue(state, at(90))).toBe(false);
    expect(reasonsForDelayOwed(state)).toBe(false);
  });

  it('lists the Art. 33(3) items still missing and asks for them in the notice', () => {
    const state = open({ likelyConsequences: [], measuresTaken: [] });
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(10));
    expect(missingNoticeItems(state)).toEqual(['c', 'd']);
    expect(phaseOf(state, at(11))).toBe('supplementing');
    act(
      state,
      'supplement',
      { reference: 'A-1/2', channel: 'portal', items: ['c', 'd'], actor: 'Dana' },
      at(30),
    );
    expect(missingNoticeItems(state)).toEqual([]);
    expect(state.notices.map((n) => n.contentSha256)).toEqual([
      expect.stringMatching(/^[a-f0-9]{64}$/),
      expect.stringMatching(/^[a-f0-9]{64}$/),
    ]);
  });

  it('refuses to close while obligations are open, and says which', () => {
    const state = open();
    expect(closeBlockers(state)).toEqual(['no risk assessment is recorded']);
    act(state, 'assess', { risk: 'high', overrideReason: 'Intimate recordings', actor: 'Dana' }, at(1));
    expect(closeBlockers(state)).toHaveLength(2);
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(5));
    act(state, 'exempt', { ground: 'c', evidence: 'Subject unreachable', actor: 'Dana' }, at(6));
    expect(closeBlockers(state)).toEqual([
      'high risk: 1 person is neither told nor covered by a complete Art. 34(3) exemption',
    ]);
    act(
      state,
      'exempt',
      {
        ground: 'c',
        evidence: 'Subject unreachable',
        publicCommunication: { channel: 'website notice', at: new Date(at(7)).toISOString() },
        actor: 'Dana',
      },
      at(7),
    );
    expect(closeBlockers(state)).toEqual([]);
  });

  it('changes nothing when an action is rejected', () => {
    const state = open();
    const before = JSON.stringify(state);
    expect(
      checkAction('processorAnswer', { processorId: 'ghost', summary: 'x', actor: 'D' }, state, at(1)).ok,
    ).toBe(false);
    expect(checkAction('close', { actor: 'Dana' }, state, at(1)).ok).toBe(false);
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('the schedule of a case', () => {
  it('plans the reminders and the overdue escalation from awareAt', () => {
    const state = open();
    expect(plannedEffects(state).map((e) => [e.key, e.dueAt])).toEqual([
      ['authority-reminder-24h', new Date(at(24)).toISOString()],
      ['authority-reminder-48h', new Date(at(48)).toISOString()],
      ['authority-reminder-60h', new Date(at(60)).toISOString()],
      ['authority-reminder-70h', new Date(at(70)).toISOString()],
      ['authority-overdue-1', new Date(at(72)).toISOString()],
    ]);
    expect(nextDueAt(state, at(0))).toBe(at(24));
  });

  it('collapses the reminders of a back-dated case: overdue at once, reminders recorded as moot', () => {
    const state = initialState(
      'BR-TEST-2',
      sampleCaseFile({
        detectedAt: '2026-11-17T09:00:00Z',
        awareness: { awareAt: '2026-11-17T10:00:00Z', decidedBy: 'D', reason: 'r' },
      }),
      OPENED,
    );
    const due = dueEffects(state, Date.parse(OPENED));
    expect(due.filter((e) => !e.skip).map((e) => e.key)).toEqual(['authority-overdue-1']);
    expect(due.filter((e) => e.skip).map((e) => e.key)).toHaveLength(4);
    expect(isOverdue(state, Date.parse(OPENED))).toBe(true);
  });

  it('reminds about missing Art. 33(3) items after the initial notice, and about the Art. 34 duty when risk is high', () => {
    const state = open({ likelyConsequences: [] });
    act(
      state,
      'assess',
      { risk: 'high', overrideReason: 'Recordings from the bedroom', actor: 'Dana' },
      at(2),
    );
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(10));
    const keys = () => plannedEffects(state).map((e) => [e.key, e.dueAt]);
    expect(keys()).toEqual([
      ['supplement-reminder-1', new Date(at(34)).toISOString()],
      ['subjects-reminder-1', new Date(at(26)).toISOString()],
    ]);
    state.effects['subjects-reminder-1'] = {
      dueAt: new Date(at(26)).toISOString(),
      firedAt: new Date(at(26)).toISOString(),
    };
    expect(keys()).toContainEqual(['subjects-reminder-2', new Date(at(50)).toISOString()]);
    act(state, 'notifySubjects', { count: 1, channel: 'registered letter', actor: 'Dana' }, at(30));
    act(state, 'supplement', { reference: 'A-1/2', channel: 'portal', items: ['c'], actor: 'Dana' }, at(31));
    expect(keys()).toEqual([]);
  });

  it('shows each vendor silence in hours', () => {
    const state = open({
      processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }],
    });
    state.processors.transcribe!.requestedAt = OPENED;
    expect(processorSilence(state, at(30.5))[0]).toMatchObject({
      processorId: 'transcribe',
      silentForHours: 30.5,
    });
  });
});

describe('the documents', () => {
  it('renders the Art. 33(3) notice with all four items and the Art. 34(2) letter in plain words', () => {
    const state = open();
    const notice = renderAuthorityNotice(state, {
      dated: new Date(at(5)).toISOString(),
      language: 'en',
      form: 'art33',
    });
    for (const heading of ['(a) Nature', '(b) Contact', '(c) Likely consequences', '(d) Measures']) {
      expect(notice).toContain(heading);
    }
    expect(notice).toContain('approximately 1,700');
    const letter = renderSubjectsLetter(state, { language: 'en' });
    expect(letter).toContain('dpo@example.test');
    expect(letter).toContain('right to lodge a complaint');
  });
});
