/**
 * Regimes as data: UK GDPR added as one file, a case under GDPR and UK GDPR with a clock per authority, each
 * filing judged under its own regime, and the schema naming the regimes it knows.
 */
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { checkAction } from '../../domain/actions/index.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { initialState } from '../../domain/case-state.js';
import { renderAuthorityNotice } from '../../domain/documents.js';
import { deadlines } from '../../domain/deadline-list.js';
import { closeBlockers, pendingActions, phaseOf } from '../../domain/progress.js';
import { REGIMES } from '../../domain/regimes/index.js';
import { dueEffects, plannedEffects } from '../../domain/reminder-plan.js';
import { HOUR_MS } from '../../domain/time.js';
import { fieldProblems } from '../../domain/validation.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const OPENED = '2026-11-21T10:20:00.000Z';
const at = (hours: number) => Date.parse(OPENED) + hours * HOUR_MS;
const isoAt = (hours: number) => new Date(at(hours)).toISOString();

function underBoth() {
  return initialState(
    'BR-UK-1',
    sampleCaseFile({
      regimes: ['gdpr', 'uk-gdpr'],
      countries: ['DE', 'GB'],
      awareness: { awareAt: OPENED, decidedBy: 'Dana', reason: 'Confirmed' },
    }),
    OPENED,
  );
}

describe('the regimes the engine knows', () => {
  it('registers every regime file', async () => {
    const files = (await readdir(new URL('../../domain/regimes/', import.meta.url))).filter(
      (name) => name.endsWith('.ts') && !['index.ts', 'types.ts'].includes(name),
    );
    expect(Object.keys(REGIMES).sort()).toEqual(files.map((name) => name.replace(/\.ts$/, '')).sort());
  });

  it('refuses a regime it does not know, and a regime listed twice', () => {
    const unknown = caseFileSchema.safeParse(sampleCaseInput({ regimes: ['gdpr', 'ccpa' as 'gdpr'] }));
    expect(fieldProblems(unknown.error!).map((p) => p.path)).toEqual(['regimes.1']);
    const twice = caseFileSchema.safeParse(sampleCaseInput({ regimes: ['gdpr', 'gdpr'] }));
    expect(fieldProblems(twice.error!).map((p) => p.path)).toEqual(['regimes']);
  });
});

describe('a case under GDPR and UK GDPR', () => {
  it('has a notice clock per authority, each with its own reminders and escalation', () => {
    const state = underBoth();
    expect(deadlines(state, at(1)).map((d) => [d.name, d.dueAt, d.legalEndAt])).toEqual([
      ['authority notice (Art. 33, 72 h from awareness)', isoAt(72), '2026-11-24T11:00:00.000Z'],
      ['ICO notice (UK GDPR Art. 33, 72 h from awareness)', isoAt(72), '2026-11-24T11:00:00.000Z'],
    ]);
    const keys = plannedEffects(state).map((e) => e.key);
    expect(keys).toEqual([
      'authority-reminder-24h',
      'authority-reminder-48h',
      'authority-reminder-60h',
      'authority-reminder-70h',
      'authority-overdue-1',
      'uk-gdpr.authority-reminder-24h',
      'uk-gdpr.authority-reminder-48h',
      'uk-gdpr.authority-reminder-60h',
      'uk-gdpr.authority-reminder-70h',
      'uk-gdpr.authority-overdue-1',
    ]);
  });

  it('stops each clock with its own filing, and judges each filing under its own regime', () => {
    const state = underBoth();
    act(state, 'assess', { risk: 'risk', actor: 'Dana' }, at(1));
    act(state, 'notifyAuthority', { reference: 'BlnBDI-1', channel: 'portal', actor: 'Dana' }, at(10));
    expect(state.notices[0]?.regime).toBe('gdpr');
    expect(plannedEffects(state).map((e) => e.key)).toEqual([
      'uk-gdpr.authority-reminder-24h',
      'uk-gdpr.authority-reminder-48h',
      'uk-gdpr.authority-reminder-60h',
      'uk-gdpr.authority-reminder-70h',
      'uk-gdpr.authority-overdue-1',
    ]);
    expect(pendingActions(state, at(11)).map((p) => p.why)).toContainEqual(
      expect.stringMatching(/^\[UK GDPR\] file the notice with Information Commissioner's Office/),
    );
    expect(phaseOf(state, at(80))).toBe('authority-notice-overdue');
    expect(
      dueEffects(state, at(80))
        .filter((e) => !e.skip)
        .map((e) => e.key),
    ).toEqual(['uk-gdpr.authority-overdue-1']);
    expect(closeBlockers(state)).toEqual([
      'the UK GDPR notice is neither filed nor documented as not required',
    ]);

    const late = checkAction(
      'notifyAuthority',
      { regime: 'uk-gdpr', reference: 'ICO-1', channel: 'portal', actor: 'Dana' },
      state,
      at(80),
    );
    expect(!late.ok && late.problems.map((p) => p.path)).toEqual(['reasonsForDelay']);
    act(
      state,
      'notifyAuthority',
      {
        regime: 'uk-gdpr',
        reference: 'ICO-1',
        channel: 'portal',
        reasonsForDelay: 'Two authorities',
        actor: 'Dana',
      },
      at(80),
    );
    expect(deadlines(state, at(81)).map((d) => d.state)).toEqual(['met', 'missed']);
    expect(closeBlockers(state)).toEqual([]);
    expect(renderAuthorityNotice(state, { dated: isoAt(81), regime: 'uk-gdpr' })).toContain(
      "- **Supervisory authority**: Information Commissioner's Office (GB)",
    );
  });

  it('refuses a filing under a regime the case is not under', () => {
    const state = initialState('BR-UK-2', sampleCaseFile(), OPENED);
    const checked = checkAction(
      'notifyAuthority',
      { regime: 'uk-gdpr', reference: 'ICO-1', channel: 'portal', actor: 'Dana' },
      state,
      at(1),
    );
    expect(!checked.ok && checked.problems.map((p) => p.path)).toEqual(['regime']);
  });
});
