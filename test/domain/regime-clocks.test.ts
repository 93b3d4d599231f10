/**
 * Deadline vectors per regime, worked out by hand from the legal text (the comments show the counting): each
 * row opens a case under the regime with its trigger events, files the stages before the one under test, and
 * compares the alarm and the legal end the engine computes.
 */
import { describe, expect, it } from 'vitest';
import type { CaseFileInput } from '../../domain/case-file.js';
import { checkAction } from '../../domain/actions/index.js';
import { initialState, type CaseState } from '../../domain/case-state.js';
import { registerEntry } from '../../domain/register-entry.js';
import { alarmOf, caseObligations, legalEndOf } from '../../domain/obligations.js';
import type { RegimeId } from '../../domain/regimes/index.js';
import { caseStatus } from '../../domain/status.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const NOW = Date.parse('2027-12-31T00:00:00Z');

interface Vector {
  name: string;
  regime: RegimeId;
  /** `<regime>.<key>` of the obligation under test. */
  obligation: string;
  file: Partial<CaseFileInput>;
  /** Stages filed before, in order: `notice` is the regime's first filing, anything else a report stage. */
  filed?: { stage: string; at: string; items?: ('a' | 'b' | 'c' | 'd')[] }[];
  alarm: string;
  legalEnd: string;
}

const vectors: Vector[] = [
  {
    // 14:20 + 72 h; Reg. 1182/71 Art. 3: the hour of the event is not counted, so the period ends at 15:00.
    // The EU's clocks go forward on 29 March 2026: hours are counted on the instant, so nothing moves.
    name: 'GDPR: 72 h across the spring DST change, legal end at the next full hour',
    regime: 'gdpr',
    obligation: 'gdpr.notice',
    file: { detectedAt: '2026-03-27T14:00:00Z', awareness: aware('2026-03-27T14:20:00Z') },
    alarm: '2026-03-30T14:20:00.000Z',
    legalEnd: '2026-03-30T15:00:00.000Z',
  },
  {
    name: 'UK GDPR: 72 h to the ICO, counted like the GDPR',
    regime: 'uk-gdpr',
    obligation: 'uk-gdpr.notice',
    file: { detectedAt: '2026-03-27T14:00:00Z', awareness: aware('2026-03-27T14:20:00Z') },
    alarm: '2026-03-30T14:20:00.000Z',
    legalEnd: '2026-03-30T15:00:00.000Z',
  },
  {
    name: 'NIS2: early warning 24 h after awareness of the significant incident',
    regime: 'nis2',
    obligation: 'nis2.early-warning',
    file: nis2File('2026-01-30T10:00:00Z'),
    alarm: '2026-01-31T10:00:00.000Z',
    legalEnd: '2026-01-31T10:00:00.000Z',
  },
  {
    name: 'NIS2: incident notification 72 h after awareness of the significant incident',
    regime: 'nis2',
    obligation: 'nis2.notification',
    file: nis2File('2026-01-30T10:00:00Z'),
    filed: [{ stage: 'notice', at: '2026-01-30T20:00:00Z' }],
    alarm: '2026-02-02T10:00:00.000Z',
    legalEnd: '2026-02-02T10:00:00.000Z',
  },
  {
    // Notification filed 31 Jan 10:00 Brussels; one month later is 31 Feb, clamped to 28 Feb; the legal end is
    // the end of that day in Brussels (23:00 UTC).
    name: 'NIS2: final report one month after the notification, clamped at the end of February',
    regime: 'nis2',
    obligation: 'nis2.final',
    file: nis2File('2026-01-30T10:00:00Z'),
    filed: [
      { stage: 'notice', at: '2026-01-30T20:00:00Z' },
      { stage: 'notification', at: '2026-01-31T09:00:00Z' },
    ],
    alarm: '2026-02-28T09:00:00.000Z',
    legalEnd: '2026-02-28T23:00:00.000Z',
  },
  {
    // 4 h after classification (10:00) is later than 24 h after awareness of the incident (08:00): 08:00 counts.
    name: 'DORA: initial notification, 24 h after awareness when that comes first',
    regime: 'dora',
    obligation: 'dora.initial',
    file: doraFile('2026-05-04T08:00:00Z', '2026-05-05T06:00:00Z'),
    alarm: '2026-05-05T08:00:00.000Z',
    legalEnd: '2026-05-05T08:00:00.000Z',
  },
  {
    name: 'DORA: initial notification, 4 h after classification when that comes first',
    regime: 'dora',
    obligation: 'dora.initial',
    file: doraFile('2026-05-04T08:00:00Z', '2026-05-04T09:00:00Z'),
    alarm: '2026-05-04T13:00:00.000Z',
    legalEnd: '2026-05-04T13:00:00.000Z',
  },
  {
    name: 'DORA: intermediate report 72 h after the initial notification',
    regime: 'dora',
    obligation: 'dora.intermediate',
    file: doraFile('2026-05-04T08:00:00Z', '2026-05-04T09:00:00Z'),
    filed: [{ stage: 'notice', at: '2026-05-04T12:00:00Z' }],
    alarm: '2026-05-07T12:00:00.000Z',
    legalEnd: '2026-05-07T12:00:00.000Z',
  },
  {
    // The latest intermediate report counts: filed 7 May 12:00 CEST, one month later is 7 June 12:00 CEST.
    name: 'DORA: final report one month after the latest intermediate report',
    regime: 'dora',
    obligation: 'dora.final',
    file: doraFile('2026-05-04T08:00:00Z', '2026-05-04T09:00:00Z'),
    filed: [
      { stage: 'notice', at: '2026-05-04T12:00:00Z' },
      { stage: 'intermediate', at: '2026-05-06T10:00:00Z' },
      { stage: 'intermediate', at: '2026-05-07T10:00:00Z' },
    ],
    alarm: '2026-06-07T10:00:00.000Z',
    legalEnd: '2026-06-07T22:00:00.000Z',
  },
  {
    name: 'ePrivacy: 24 h after detection',
    regime: 'eprivacy',
    obligation: 'eprivacy.notice',
    file: { detectedAt: '2026-06-01T22:30:00Z', awareness: aware('2026-06-01T23:00:00Z') },
    alarm: '2026-06-02T22:30:00.000Z',
    legalEnd: '2026-06-02T22:30:00.000Z',
  },
  {
    // First notice filed 2 June (22:00 Brussels), lacking items: 3, 4 and 5 June count; the period ends at
    // midnight Brussels, 22:00 UTC.
    name: 'ePrivacy: second notice within three days after an incomplete first',
    regime: 'eprivacy',
    obligation: 'eprivacy.second-notice',
    file: { detectedAt: '2026-06-01T22:30:00Z', awareness: aware('2026-06-01T23:00:00Z') },
    filed: [{ stage: 'notice', at: '2026-06-02T20:00:00Z', items: ['a', 'b'] }],
    alarm: '2026-06-05T22:00:00.000Z',
    legalEnd: '2026-06-05T22:00:00.000Z',
  },
  {
    // Friday 5 Feb 2027; Carnival Monday and Tuesday (8-9 Feb) are optional points, not national holidays,
    // so they count: 8, 9 and 10 Feb; the period ends at midnight São Paulo (03:00 UTC).
    name: 'LGPD: 3 working days across Carnival',
    regime: 'lgpd',
    obligation: 'lgpd.notice',
    file: lgpdFile('2027-02-05T15:00:00Z'),
    alarm: '2027-02-11T03:00:00.000Z',
    legalEnd: '2027-02-11T03:00:00.000Z',
  },
  {
    // Thursday 19 Nov 2026; Friday 20 Nov is a national holiday (Black Consciousness Day, national since 2024),
    // then the weekend: 23, 24 and 25 Nov count.
    name: 'LGPD: 3 working days across a national holiday and a weekend',
    regime: 'lgpd',
    obligation: 'lgpd.notice',
    file: lgpdFile('2026-11-19T12:00:00Z'),
    alarm: '2026-11-26T03:00:00.000Z',
    legalEnd: '2026-11-26T03:00:00.000Z',
  },
  {
    // A small processing agent (Res. CD/ANPD 2/2022 Art. 14): 6 working days from Thursday 19 Nov 2026; Friday
    // 20 Nov is a national holiday, then 23-27 Nov and Monday 30 Nov; midnight São Paulo is 03:00 UTC.
    name: 'LGPD: a small processing agent has the 3 working days doubled',
    regime: 'lgpd',
    obligation: 'lgpd.notice',
    file: {
      ...lgpdFile('2026-11-19T12:00:00Z'),
      controller: {
        name: 'Loja Pequena Ltda',
        dpo: { name: 'Ana Exemplo', email: 'dpo@loja.example' },
        smallProcessingAgent: true,
      },
    },
    alarm: '2026-12-01T03:00:00.000Z',
    legalEnd: '2026-12-01T03:00:00.000Z',
  },
  {
    // Filed Tuesday 24 Nov lacking items: 25 Nov to 22 Dec are the 20 working days.
    name: 'LGPD: complementary information 20 working days after the communication',
    regime: 'lgpd',
    obligation: 'lgpd.complementary',
    file: lgpdFile('2026-11-19T12:00:00Z'),
    filed: [{ stage: 'notice', at: '2026-11-24T12:00:00Z', items: ['a'] }],
    alarm: '2026-12-23T03:00:00.000Z',
    legalEnd: '2026-12-23T03:00:00.000Z',
  },
  {
    name: 'revFADP: the policy target, 72 h unless the case sets another',
    regime: 'revfadp',
    obligation: 'revfadp.notice',
    file: { detectedAt: '2026-04-01T08:00:00Z', awareness: aware('2026-04-01T08:00:00Z') },
    alarm: '2026-04-04T08:00:00.000Z',
    legalEnd: '2026-04-04T08:00:00.000Z',
  },
  {
    name: 'revFADP: a policy target the organisation set to 24 h',
    regime: 'revfadp',
    obligation: 'revfadp.notice',
    file: {
      detectedAt: '2026-04-01T08:00:00Z',
      awareness: aware('2026-04-01T08:00:00Z'),
      policyTargets: { 'revfadp.notice': 24 },
    },
    alarm: '2026-04-02T08:00:00.000Z',
    legalEnd: '2026-04-02T08:00:00.000Z',
  },
  {
    // Discovered 10 March 2026 (after the US spring change on 8 March): 11 March is day 1, 9 May day 60; the
    // period ends at midnight Eastern daylight time, 04:00 UTC.
    name: 'HIPAA: HHS with the individuals, 60 calendar days, for 500 or more',
    regime: 'hipaa',
    obligation: 'hipaa.notice',
    file: { ...hipaaFile('2026-03-10T15:00:00Z'), dataSubjects: { approximate: 500 } },
    alarm: '2026-05-10T04:00:00.000Z',
    legalEnd: '2026-05-10T04:00:00.000Z',
  },
  {
    // Fewer than 500: 60 days after 31 Dec 2026; 1 March 2027 is day 60; midnight Eastern standard time.
    name: 'HIPAA: HHS within 60 days after the end of the year, for fewer than 500',
    regime: 'hipaa',
    obligation: 'hipaa.notice',
    file: { ...hipaaFile('2026-03-10T15:00:00Z'), dataSubjects: { approximate: 12 } },
    alarm: '2027-03-02T05:00:00.000Z',
    legalEnd: '2027-03-02T05:00:00.000Z',
  },
  {
    // 164.406: more than 500 residents of one State; without the split by State all are taken to live in one.
    name: 'HIPAA: prominent media outlets within 60 calendar days, for more than 500 in a State',
    regime: 'hipaa',
    obligation: 'hipaa.media',
    file: { ...hipaaFile('2026-03-10T15:00:00Z'), dataSubjects: { approximate: 501 } },
    alarm: '2026-05-10T04:00:00.000Z',
    legalEnd: '2026-05-10T04:00:00.000Z',
  },
  {
    name: 'HIPAA: the individuals within 60 calendar days of discovery',
    regime: 'hipaa',
    obligation: 'hipaa.subjects',
    file: { ...hipaaFile('2026-03-10T15:00:00Z'), dataSubjects: { approximate: 12 } },
    alarm: '2026-05-10T04:00:00.000Z',
    legalEnd: '2026-05-10T04:00:00.000Z',
  },
];

function aware(at: string) {
  return { awareAt: at, decidedBy: 'Dana Example', reason: 'Confirmed' };
}
function nis2File(incidentAwareness: string): Partial<CaseFileInput> {
  return {
    detectedAt: incidentAwareness,
    awareness: aware(incidentAwareness),
    triggers: { incidentAwareness },
  };
}
function doraFile(incidentAwareness: string, majorClassification: string): Partial<CaseFileInput> {
  return {
    detectedAt: incidentAwareness,
    awareness: aware(incidentAwareness),
    triggers: { incidentAwareness, majorClassification },
  };
}
function lgpdFile(knowledge: string): Partial<CaseFileInput> {
  return { detectedAt: knowledge, awareness: aware(knowledge), triggers: { knowledge } };
}
function hipaaFile(discovery: string): Partial<CaseFileInput> {
  return { detectedAt: discovery, awareness: aware(discovery), triggers: { discovery } };
}

function caseUnder(vector: Vector): CaseState {
  const state = initialState(
    'BR-VECTOR-1',
    sampleCaseFile({ ...vector.file, regimes: [vector.regime] }),
    vector.file.detectedAt!,
  );
  act(state, 'assess', { risk: 'high', overrideReason: 'Test', actor: 'Dana' }, NOW);
  for (const filing of vector.filed ?? []) {
    const common = { reference: `R-${filing.stage}`, channel: 'portal', filedAt: filing.at, actor: 'Dana' };
    if (filing.stage === 'notice') {
      act(
        state,
        'notifyAuthority',
        { ...common, regime: vector.regime, items: filing.items, reasonsForDelay: 'Test' },
        NOW,
      );
    } else {
      act(state, 'report', { ...common, regime: vector.regime, stage: filing.stage }, NOW);
    }
  }
  return state;
}

describe('the clocks of every regime', () => {
  it.each(vectors)('$name', (vector) => {
    const state = caseUnder(vector);
    const obligation = caseObligations(state).find((o) => o.id === vector.obligation);
    expect(obligation, vector.obligation).toBeDefined();
    expect(alarmOf(state, obligation!)).toBe(vector.alarm);
    expect(legalEndOf(state, obligation!)).toBe(vector.legalEnd);
  });

  it("owes HIPAA's media notice by the people of the most affected State, and only to runs on rules that have it", () => {
    const media = (subjects: CaseFileInput['dataSubjects'], rulesVersion?: number) => {
      const state = caseUnder({
        name: '',
        regime: 'hipaa',
        obligation: 'hipaa.media',
        file: { ...hipaaFile('2026-03-10T15:00:00Z'), dataSubjects: subjects },
        alarm: '',
        legalEnd: '',
      });
      if (rulesVersion === undefined) delete state.rulesVersion;
      else state.rulesVersion = rulesVersion;
      return caseObligations(state).some((o) => o.id === 'hipaa.media');
    };
    expect(media({ approximate: 900, byRegion: { 'US-CA': 450, 'US-NV': 450 } }, 1)).toBe(false);
    expect(media({ approximate: 900, byRegion: { 'US-CA': 501, 'US-NV': 399 } }, 1)).toBe(true);
    expect(media({ approximate: 500 }, 1)).toBe(false);
    // A case whose run began before the media notice was added keeps the rules it began with.
    expect(media({ approximate: 900 })).toBe(false);
    expect(media({ approximate: 900 }, 0)).toBe(false);
  });

  it('lists every clock of a case under several regimes, each named by its regime', () => {
    const file = sampleCaseFile({
      regimes: ['gdpr', 'nis2', 'uk-gdpr'],
      detectedAt: '2026-11-20T09:00:00Z',
      awareness: aware('2026-11-20T10:00:00Z'),
      triggers: { incidentAwareness: '2026-11-20T08:00:00Z' },
      authorities: { nis2: { name: 'CERT-Bund', country: 'DE' } },
    });
    const state = initialState('BR-VECTOR-2', file, '2026-11-20T10:00:00Z');
    const status = caseStatus(state, Date.parse('2026-11-20T12:00:00Z'));
    expect(status.deadlines.map((d) => [d.name, d.dueAt])).toEqual([
      ['authority notice (Art. 33, 72 h from awareness)', '2026-11-23T10:00:00.000Z'],
      ['early warning (NIS2 Art. 23(4)(a), 24 h)', '2026-11-21T08:00:00.000Z'],
      ['ICO notice (UK GDPR Art. 33, 72 h from awareness)', '2026-11-23T10:00:00.000Z'],
      ['incident notification (NIS2 Art. 23(4)(b), 72 h)', '2026-11-23T08:00:00.000Z'],
    ]);
    expect(status.pending.map((p) => p.why).join('\n')).toContain('CERT-Bund');
  });

  it('takes an event nobody recorded as awareness, and moves its clocks when it is recorded', () => {
    const state = initialState(
      'BR-VECTOR-3',
      sampleCaseFile({
        regimes: ['gdpr', 'dora'],
        detectedAt: '2026-05-04T07:00:00Z',
        awareness: aware('2026-05-04T08:00:00Z'),
      }),
      '2026-05-04T09:00:00Z',
    );
    const initial = () => caseObligations(state).find((o) => o.id === 'dora.initial')!;
    // Neither event given: both taken as awareness (08:00), so 4 h after it.
    expect(alarmOf(state, initial())).toBe('2026-05-04T12:00:00.000Z');
    act(
      state,
      'setTrigger',
      { event: 'major-classification', at: '2026-05-04T10:30:00Z', reason: 'Board', actor: 'Dana' },
      Date.parse('2026-05-04T11:00:00Z'),
    );
    expect(alarmOf(state, initial())).toBe('2026-05-04T14:30:00.000Z');
    expect(state.timeline.at(-1)?.event).toBe('classification as a major ICT incident recorded');
  });
});

describe('several authorities under one regime', () => {
  const file = () =>
    sampleCaseFile({
      detectedAt: '2026-11-20T09:00:00Z',
      awareness: aware('2026-11-20T10:00:00Z'),
      leadAuthority: { name: 'Irish Data Protection Commission', country: 'IE' },
      leadAuthorityReasoning:
        'No establishment in the EU; the DPC is told as the authority of most people affected',
      otherAuthorities: [
        { id: 'cnil', name: 'CNIL', country: 'FR', reason: 'About 300 people affected live in France' },
      ],
      jointControllers: [{ name: 'Partner SAS', files: 'each-files-own' }],
    });

  it('owes each authority its own notice, filed, judged late and supplemented on its own', () => {
    const state = initialState('BR-AUTH-1', file(), '2026-11-20T10:00:00Z');
    const now = Date.parse('2026-11-23T12:00:00Z');
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, Date.parse('2026-11-20T11:00:00Z'));
    act(
      state,
      'notifyAuthority',
      { reference: 'DPC-1', channel: 'portal', filedAt: '2026-11-21T10:00:00Z', actor: 'Dana' },
      now,
    );
    const before = caseStatus(state, now);
    expect(before.deadlines.map((d) => [d.obligation, d.state])).toEqual([
      ['gdpr.notice', 'met'],
      ['gdpr+cnil.notice', 'missed'],
    ]);
    expect(before.pending.map((p) => p.why).join('\n')).toContain('CNIL');

    // The late CNIL notice needs its own reasons; the DPC's on-time notice does not.
    const refused = checkAction(
      'notifyAuthority',
      { regime: 'gdpr+cnil', reference: 'CNIL-1', channel: 'portal', actor: 'Dana' },
      state,
      now,
    );
    expect(!refused.ok && refused.problems.map((p) => p.path)).toEqual(['reasonsForDelay']);
    act(
      state,
      'notifyAuthority',
      {
        regime: 'gdpr+cnil',
        reference: 'CNIL-1',
        channel: 'portal',
        reasonsForDelay: 'Found the French residents late',
        actor: 'Dana',
      },
      now,
    );
    const after = caseStatus(state, now);
    expect(after.deadlines.map((d) => [d.obligation, d.state])).toEqual([
      ['gdpr.notice', 'met'],
      ['gdpr+cnil.notice', 'missed'],
    ]);
    expect(after.pending.filter((p) => p.action === 'notify-authority')).toEqual([]);
    const entry = registerEntry(state, now);
    expect(entry.regimes).toEqual(['gdpr', 'gdpr+cnil']);
    expect(entry.notices.map((n) => [n.regime, n.reference])).toEqual([
      ['gdpr', 'DPC-1'],
      ['gdpr+cnil', 'CNIL-1'],
    ]);
    expect(entry.leadAuthorityReasoning).toContain('No establishment in the EU');
    expect(entry.jointControllers).toEqual([{ name: 'Partner SAS', files: 'each-files-own' }]);
  });

  it('refuses an authority the case does not have, naming the field', () => {
    const state = initialState('BR-AUTH-2', file(), '2026-11-20T10:00:00Z');
    const checked = checkAction(
      'notifyAuthority',
      { regime: 'gdpr+cnli', reference: 'X', channel: 'portal', actor: 'Dana' },
      state,
      Date.parse('2026-11-20T12:00:00Z'),
    );
    expect(!checked.ok && checked.problems.map((p) => p.path)).toEqual(['regime']);
  });
});

describe('the GDPR Art. 34 policy target', () => {
  const aware = { awareAt: '2026-11-20T10:00:00Z', decidedBy: 'Dana Example', reason: 'Confirmed' };

  it('runs from the decision that the risk is high, 72 h unless the case sets another, and is met by telling them', () => {
    const state = initialState(
      'BR-ART34-1',
      sampleCaseFile({
        detectedAt: '2026-11-20T09:00:00Z',
        awareness: aware,
        dataSubjects: { approximate: 3, categories: [] },
      }),
      '2026-11-20T10:00:00Z',
    );
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, Date.parse('2026-11-20T11:00:00Z'));
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(caseStatus(state, now).deadlines.map((d) => d.obligation)).not.toContain('gdpr.subjects');
    act(
      state,
      'assess',
      { risk: 'high', overrideReason: 'Intimate recordings', actor: 'Dana' },
      Date.parse('2026-11-21T08:00:00Z'),
    );
    act(
      state,
      'assess',
      { risk: 'high', overrideReason: 'Still high after the recount', actor: 'Dana' },
      Date.parse('2026-11-21T09:00:00Z'),
    );
    const owed = caseStatus(state, now).deadlines.find((d) => d.obligation === 'gdpr.subjects');
    // From the first of the unbroken high assessments, not the latest.
    expect(owed).toMatchObject({ dueAt: '2026-11-24T08:00:00.000Z', state: 'open' });
    act(
      state,
      'notifySubjects',
      { count: 3, channel: 'letter', sentAt: '2026-11-22T10:00:00Z', actor: 'Dana' },
      Date.parse('2026-11-22T10:00:00Z'),
    );
    expect(
      caseStatus(state, Date.parse('2026-11-22T11:00:00Z')).deadlines.find(
        (d) => d.obligation === 'gdpr.subjects',
      ),
    ).toMatchObject({ state: 'met', metAt: '2026-11-22T10:00:00Z' });
  });

  it("takes the organisation's own target, and runs from the authority's order when there is one", () => {
    const state = initialState(
      'BR-ART34-2',
      sampleCaseFile({
        detectedAt: '2026-11-20T09:00:00Z',
        awareness: aware,
        policyTargets: { 'gdpr.subjects': 24 },
      }),
      '2026-11-20T10:00:00Z',
    );
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, Date.parse('2026-11-20T11:00:00Z'));
    act(
      state,
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', filedAt: '2026-11-20T12:00:00Z', actor: 'Dana' },
      Date.parse('2026-11-20T12:00:00Z'),
    );
    act(
      state,
      'authorityDecision',
      {
        decision: 'require-communication',
        reference: 'R-34',
        decidedAt: '2026-11-23T15:00:00Z',
        actor: 'Dana',
      },
      Date.parse('2026-11-23T16:00:00Z'),
    );
    expect(
      caseStatus(state, Date.parse('2026-11-23T16:00:00Z')).deadlines.find(
        (d) => d.obligation === 'gdpr.subjects',
      ),
    ).toMatchObject({
      dueAt: '2026-11-24T15:00:00.000Z',
      state: 'open',
    });
  });
});
