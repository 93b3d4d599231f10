/**
 * What the workflow's update validators see: for every DPO action, a key the action does not know and an
 * instant later than now are refused by name, and a refused action leaves the case exactly as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, actionSchema, checkAction, type ActionName } from '../../domain/actions/index.js';
import { initialState } from '../../domain/case-state.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const OPENED = '2026-11-21T10:00:00.000Z';
const NOW = Date.parse(OPENED) + 10 * HOUR_MS;

/** A valid input of each action for a case assessed high with a filed notice and one processor. */
const valid: { [N in ActionName]: Record<string, unknown> } = {
  assess: { risk: 'high', overrideReason: 'Intimate recordings' },
  notifyAuthority: { reference: 'A-1', channel: 'portal' },
  supplement: { reference: 'A-1/2', channel: 'portal', items: ['c'] },
  notifySubjects: { count: 1, channel: 'letter', sentAt: OPENED },
  exempt: { ground: 'a', evidence: 'Encrypted' },
  processorAnswer: { processorId: 'transcribe', summary: 'Misrouted', receivedAt: OPENED },
  setAwareness: { awareAt: OPENED, reason: 'Re-read' },
  amend: { facts: { records: { approximate: 5 } }, reason: 'Recount' },
  authorityDecision: { decision: 'require-communication', reference: 'R', decidedAt: OPENED },
  hold: {
    authority: 'LKA',
    reference: 'R',
    reason: 'r',
    reviewAt: new Date(NOW + 48 * HOUR_MS).toISOString(),
  },
  releaseHold: {},
  noNotification: { rationale: 'Encrypted' },
  close: {},
  report: { regime: 'nis2', stage: 'notification', reference: 'CSIRT-1', channel: 'portal', filedAt: OPENED },
  setTrigger: { event: 'major-classification', at: OPENED, reason: 'Classified by the incident board' },
  addRegime: { regime: 'dora', reason: 'A payment service is affected' },
};

/** The fields of each action that record when something happened. */
const instants: Partial<Record<ActionName, string[]>> = {
  notifyAuthority: ['filedAt'],
  supplement: ['filedAt'],
  notifySubjects: ['sentAt'],
  processorAnswer: ['receivedAt'],
  setAwareness: ['awareAt'],
  authorityDecision: ['decidedAt'],
  report: ['filedAt'],
  setTrigger: ['at'],
};

function caseUnderTest() {
  const state = initialState(
    'BR-PROP-1',
    sampleCaseFile({
      detectedAt: '2026-11-21T09:00:00Z',
      awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' },
      processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@t.test' }],
      regimes: ['gdpr', 'nis2'],
    }),
    OPENED,
  );
  act(state, 'assess', { risk: 'high', overrideReason: 'Intimate recordings', actor: 'Dana' }, NOW - HOUR_MS);
  act(state, 'notifyAuthority', { reference: 'A-0', channel: 'portal', actor: 'Dana' }, NOW - HOUR_MS);
  return state;
}

const names = ACTION_NAMES;

describe('DPO actions under random input', () => {
  it('refuses any key an action does not know, naming it, and changes nothing', () => {
    const key = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom(...names), key, (name, extra) => {
        fc.pre(!(extra in actionSchema(name).shape) && extra !== '__proto__');
        const state = caseUnderTest();
        const before = JSON.stringify(state);
        const checked = checkAction(name, { ...valid[name], actor: 'Dana', [extra]: 'x' }, state, NOW);
        expect(checked.ok).toBe(false);
        expect(!checked.ok && checked.problems.map((p) => p.path)).toContain(extra);
        expect(JSON.stringify(state)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every instant later than now plus five minutes, naming the field', () => {
    const withInstants = names.filter((name) => instants[name]);
    const later = fc.integer({ min: 5 * 60_000 + 1, max: 5 * 365 * 24 * HOUR_MS });
    fc.assert(
      fc.property(fc.constantFrom(...withInstants), later, (name, ahead) => {
        const field = instants[name]![0]!;
        const state = caseUnderTest();
        const input = { ...valid[name], actor: 'Dana', [field]: new Date(NOW + ahead).toISOString() };
        const checked = checkAction(name, input, state, NOW);
        expect(!checked.ok && checked.problems.map((p) => p.path)).toContain(field);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts each valid input, so the refusals above are about the key or the instant alone', () => {
    for (const name of names) {
      const state = caseUnderTest();
      if (name === 'releaseHold') act(state, 'hold', { ...valid.hold, actor: 'Dana' }, NOW);
      if (name === 'close' || name === 'noNotification' || name === 'notifyAuthority' || name === 'exempt')
        continue;
      const checked = checkAction(name, { ...valid[name], actor: 'Dana' }, state, NOW);
      expect(checked.ok ? [] : checked.problems, name).toEqual([]);
    }
  });
});
