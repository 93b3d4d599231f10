/** The organisation's hours for "as soon as possible": parsed strictly, recorded per case, the case's own first. */
import { describe, expect, it } from 'vitest';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { initialState } from '../../domain/case-state.js';
import { parsePolicyTargets, POLICY_TARGET_IDS } from '../../domain/policy-targets.js';
import { caseStatus } from '../../domain/status.js';
import { fieldProblems } from '../../domain/validation.js';
import { ConfigError, loadEngineConfig } from '../../infra/config.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';

const AWARE = '2026-04-01T08:00:00Z';
const NOW = Date.parse('2026-04-01T09:00:00Z');

function revfadpDue(policyTargets?: Record<string, number>, organisation?: Record<string, number>): string {
  const file = sampleCaseFile({
    regimes: ['revfadp'],
    countries: ['CH'],
    detectedAt: AWARE,
    awareness: { awareAt: AWARE, decidedBy: 'Dana Example', reason: 'Confirmed' },
    ...(policyTargets ? { policyTargets } : {}),
  });
  const state = initialState('BR-POLICY-1', file, AWARE);
  if (organisation) state.organisationPolicyTargets = organisation;
  return caseStatus(state, NOW).deadlines.find((d) => d.obligation === 'revfadp.notice')!.dueAt;
}

describe('policy targets', () => {
  it('are the obligations whose law says "as soon as possible"', () => {
    expect(POLICY_TARGET_IDS).toEqual(expect.arrayContaining(['revfadp.notice', 'gdpr.subjects']));
    expect(POLICY_TARGET_IDS).not.toContain('gdpr.notice');
  });

  it("take the regime's default, else the organisation's, else the case file's own, in rising precedence", () => {
    expect(revfadpDue()).toBe('2026-04-04T08:00:00.000Z');
    expect(revfadpDue(undefined, { 'revfadp.notice': 24 })).toBe('2026-04-02T08:00:00.000Z');
    expect(revfadpDue({ 'revfadp.notice': 48 }, { 'revfadp.notice': 24 })).toBe('2026-04-03T08:00:00.000Z');
  });

  it('parse from the configuration form, naming each entry at fault', () => {
    expect(parsePolicyTargets('revfadp.notice=48, gdpr.subjects=24h')).toEqual({
      ok: true,
      targets: { 'revfadp.notice': 48, 'gdpr.subjects': 24 },
    });
    const bad = parsePolicyTargets('revfadp.notise=48,gdpr.notice=24,gdpr.subjects=0,revfadp.notice,x');
    expect(bad.ok).toBe(false);
    const lines = bad.ok ? [] : bad.problems.map((p) => `${p.path}: ${p.message}`);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^revfadp\.notise: .*did you mean revfadp\.notice\?/);
    expect(lines[1]).toMatch(/^gdpr\.notice: .*no obligation with a policy target/);
    expect(lines[2]).toMatch(/^gdpr\.subjects: expected more than 0/);
    expect(lines[3]).toMatch(/^revfadp\.notice: expected OBLIGATION=HOURS/);
    expect(lines[4]).toMatch(/^x: expected OBLIGATION=HOURS/);
    expect(parsePolicyTargets('revfadp.notice=48,revfadp.notice=24')).toMatchObject({
      ok: false,
      problems: [{ path: 'revfadp.notice', message: 'set twice' }],
    });
  });

  it('in a case file, refuse an obligation that has none instead of ignoring the misspelt key', () => {
    const parsed = caseFileSchema.safeParse(sampleCaseInput({ policyTargets: { 'revfadp.notic': 24 } }));
    expect(parsed.success).toBe(false);
    const problem = fieldProblems(parsed.error!).find((p) => p.path === 'policyTargets.revfadp.notic');
    expect(problem?.message).toContain('did you mean revfadp.notice?');
  });

  it('are read from BREACH_CLOCK_POLICY_TARGETS, and a bad value stops the engine naming the variable', () => {
    const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
    expect(loadEngineConfig(base).policyTargets).toEqual({});
    expect(
      loadEngineConfig({ ...base, BREACH_CLOCK_POLICY_TARGETS: 'revfadp.notice=24' }).policyTargets,
    ).toEqual({ 'revfadp.notice': 24 });
    const bad = () => loadEngineConfig({ ...base, BREACH_CLOCK_POLICY_TARGETS: 'revfadp.notice=soon' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/BREACH_CLOCK_POLICY_TARGETS: revfadp.notice=soon: expected OBLIGATION=HOURS/);
  });
});
