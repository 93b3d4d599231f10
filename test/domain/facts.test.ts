/** Facts that evolve: amendments make versions, documents and the ENISA suggestion follow the current one. */
import { describe, expect, it } from 'vitest';
import { checkAction } from '../../domain/actions/index.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import {
  currentFactsVersion,
  factsAt,
  initialState,
  suggestion,
  type CaseState,
} from '../../domain/case-state.js';
import { processorWindowWarnings } from '../../domain/deadline-list.js';
import { renderAuthorityNotice } from '../../domain/documents.js';
import { registerEntry } from '../../domain/register-entry.js';
import { severityOf } from '../../domain/severity.js';
import { HOUR_MS } from '../../domain/time.js';
import { fieldProblems } from '../../domain/validation.js';
import { chaseInstants } from '../../workflows/processor-chase.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const OPENED = '2026-11-21T10:00:00.000Z';
const at = (hours: number) => Date.parse(OPENED) + hours * HOUR_MS;

function fresh(overrides: Parameters<typeof sampleCaseFile>[0] = {}): CaseState {
  return initialState(
    'BR-FACTS-1',
    sampleCaseFile({ awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' }, ...overrides }),
    OPENED,
  );
}

describe('amending the facts', () => {
  it('keeps every version with who, when, why and what changed; the suggestion follows', () => {
    const state = fresh();
    expect(suggestion(state).band).toBe('medium');
    act(
      state,
      'amend',
      {
        facts: {
          dataSubjects: { approximate: 1200 },
          dataCategories: [{ name: 'Voice recordings from the home', kind: 'sensitive' }],
        },
        reason: 'Forensics found the whole export batch affected',
        actor: 'Dana',
      },
      at(20),
    );
    expect(currentFactsVersion(state)).toBe(2);
    expect(state.factVersions?.[1]).toMatchObject({
      version: 2,
      by: 'Dana',
      reason: 'Forensics found the whole export batch affected',
      changed: ['dataCategories', 'dataSubjects.approximate'],
    });
    // Objects merge: the categories of people are kept.
    expect(state.caseFile.dataSubjects).toEqual({ approximate: 1200, categories: ['customers'] });
    expect(factsAt(state, 1)?.dataSubjects.approximate).toBe(1);
    expect(suggestion(state).band).toBe('very high');
    expect(registerEntry(state, at(21)).facts.dataSubjectsApprox).toBe(1200);
    expect(registerEntry(state, at(21)).factVersions).toHaveLength(2);
  });

  it('names what changed since the last filing in the supplement, and records the version of each filing', () => {
    const state = fresh();
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    act(state, 'notifyAuthority', { reference: 'A-1', channel: 'portal', actor: 'Dana' }, at(2));
    expect(state.notices[0]?.factsVersion).toBe(1);
    const nothing = checkAction(
      'supplement',
      { reference: 'A-1/2', channel: 'portal', actor: 'Dana' },
      state,
      at(3),
    );
    expect(!nothing.ok && nothing.problems[0]?.message).toMatch(/nothing to supplement/);
    act(
      state,
      'amend',
      { facts: { records: { approximate: 2500 } }, reason: 'Recount', actor: 'Dana' },
      at(5),
    );
    expect(renderAuthorityNotice(state, { dated: new Date(at(6)).toISOString(), language: 'en' })).toContain(
      '## Changed since our notification A-1 (facts version 1)\n\n- records.approximate',
    );
    act(state, 'supplement', { reference: 'A-1/2', channel: 'portal', actor: 'Dana' }, at(6));
    expect(state.notices[1]).toMatchObject({ kind: 'supplementary', factsVersion: 2 });
    expect(state.timeline.at(-1)?.detail).toContain('changed facts: records.approximate');
  });

  it('refuses what cannot change, unknown keys, removed processors and amendments that change nothing', () => {
    const state = fresh({
      processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@t.test' }],
    });
    const refused = (facts: Record<string, unknown>) => {
      const checked = checkAction('amend', { facts, reason: 'r', actor: 'Dana' }, state, at(1));
      return checked.ok ? [] : checked.problems;
    };
    expect(refused({ detectedAt: '2026-11-20T00:00:00Z' })[0]?.message).toMatch(/set-awareness/);
    const misspelt = refused({ dataSubjects: { aproximate: 3 } });
    expect(misspelt.map((p) => p.path)).toEqual(['facts.dataSubjects.aproximate']);
    expect(misspelt[0]?.message).toMatch(/did you mean "approximate"/);
    expect(refused({ processors: [] })[0]?.message).toMatch(/cannot be removed/);
    expect(refused({ records: { approximate: 1700 } })[0]?.message).toMatch(/nothing changes/);
    expect(refused({ countries: ['Germany'] }).map((p) => p.path)).toEqual(['facts.countries.0']);
  });

  it('adds a processor found later, to be asked like the others', () => {
    const state = fresh();
    act(
      state,
      'amend',
      {
        facts: { processors: [{ id: 'hosting', name: 'Hosting AG', contact: 'sec@hosting.test' }] },
        reason: 'The export ran on the host',
        actor: 'Dana',
      },
      at(3),
    );
    expect(state.processors.hosting).toMatchObject({ processorId: 'hosting', answers: [] });
  });
});

describe('ENISA severity per data set', () => {
  it('adjusts each data set by up to 3 within 1..4, with the reason kept', () => {
    const file = sampleCaseFile({
      dataCategories: [
        {
          name: 'Names of children',
          kind: 'simple',
          adjustment: 3,
          adjustmentReason: 'children, large volume',
        },
        {
          name: 'Public health statistics',
          kind: 'sensitive',
          adjustment: -3,
          adjustmentReason: 'already public',
        },
      ],
    });
    const score = severityOf(file);
    expect(score.dataSets?.map((d) => [d.name, d.dpc])).toEqual([
      ['Names of children', 4],
      ['Public health statistics', 1],
    ]);
    expect(score.dpc).toBe(4);
  });

  it('needs a reason for an adjustment and refuses more than 3', () => {
    const result = caseFileSchema.safeParse(
      sampleCaseInput({
        dataCategories: [
          { name: 'x', adjustment: 4 },
          { name: 'y', adjustment: 1 },
        ],
      }),
    );
    expect(fieldProblems(result.error!).map((p) => p.path)).toEqual(
      expect.arrayContaining(['dataCategories.0.adjustment', 'dataCategories.1.adjustmentReason']),
    );
  });

  it("maps the band to a risk by the organisation's policy", () => {
    const strict = sampleCaseFile({
      riskPolicy: { low: 'risk', medium: 'high', high: 'high', 'very high': 'high' },
    });
    expect(severityOf(strict)).toMatchObject({ band: 'medium', suggestedRisk: 'high' });
    expect(severityOf(sampleCaseFile())).toMatchObject({ band: 'medium', suggestedRisk: 'risk' });
  });
});

describe("the processor ladder and the authority's deadline", () => {
  const processor = {
    id: 'transcribe',
    name: 'Transcribe Ltd',
    contact: 'sec@t.test',
    escalation: [],
    noticeWindowHours: 24,
  };
  const input = (authorityDueAt?: string) => ({
    caseWorkflowId: 'breach-case/BR-X',
    ladder: sampleCaseFile().reminderPlan.processorLadder,
    ...(authorityDueAt ? { authorityDueAt } : {}),
    mail: {
      caseId: 'BR-X',
      processor,
      controllerName: 'C',
      dpo: { name: 'D', email: 'd@x.test' },
      description: 'd',
      internal: { dpo: ['d@x.test'], legal: [] },
      requestedAt: OPENED,
      windowEndsAt: new Date(at(24)).toISOString(),
    },
  });

  it('escalates internally no later than 12 h before the 72 h end', () => {
    // Window ends at 24 h; the internal escalation would be at 24 + 48 = 72 h, the deadline itself.
    const steps = Object.fromEntries(chaseInstants(input(new Date(at(72)).toISOString())));
    expect(steps['internal-escalation']).toBe(at(60));
    expect(steps['vendor-escalation']).toBe(at(48));
    // A case whose deadline is nearly gone escalates at the request.
    expect(
      Object.fromEntries(chaseInstants(input(new Date(at(6)).toISOString())))['internal-escalation'],
    ).toBe(at(0));
  });

  it('flags at opening a contractual window that ends after the authority deadline', () => {
    const state = fresh({
      processors: [{ id: 'slow', name: 'Slow GmbH', contact: 'sec@slow.test', noticeWindowHours: 96 }],
    });
    expect(processorWindowWarnings(state)).toEqual([
      expect.stringMatching(/processor "slow" has 96 h by contract/),
    ]);
  });
});

describe('facts of a case opened by an earlier version', () => {
  it('amends them without counting new defaults as changes, keeping the case-wide ENISA adjustment', () => {
    const state = fresh();
    // As an earlier version stored them: no regimes, no risk policy, one case-wide adjustment.
    const { regimes: _regimes, riskPolicy: _policy, ...older } = state.caseFile;
    state.caseFile = {
      ...older,
      dataCategories: older.dataCategories.map(({ adjustment: _a, ...category }) => category),
      severity: { ...older.severity, contextAdjustment: 1 },
    } as unknown as typeof state.caseFile;
    const before = suggestion(state);
    act(state, 'amend', { facts: { records: { approximate: 9 } }, reason: 'Recount', actor: 'Dana' }, at(2));
    expect(state.factVersions?.at(-1)?.changed).toEqual(['records.approximate']);
    expect(suggestion(state).dpc).toBe(before.dpc);
    expect(state.caseFile.dataCategories[0]?.adjustmentReason).toMatch(/case-wide/);
  });
});

describe('a missing instant', () => {
  it('is reported as required, not as malformed', () => {
    const { detectedAt: _missing, ...input } = sampleCaseInput();
    const result = caseFileSchema.safeParse(input);
    expect(fieldProblems(result.error!)).toEqual([
      { path: 'detectedAt', message: 'required: an ISO 8601 time with offset' },
    ]);
  });
});
