/** The facts the authorities' forms ask for: optional, strict, and amendable like every other fact. */
import { describe, expect, it } from 'vitest';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { initialState } from '../../domain/case-state.js';
import { amendedFacts } from '../../domain/facts.js';
import { fieldProblems } from '../../domain/validation.js';
import { sampleCaseFile, sampleCaseInput } from '../helpers/case-files.js';

describe('form facts in the case file', () => {
  it('refuse an unknown key with the nearest known one, and a breach both ended and ongoing', () => {
    const input = {
      ...sampleCaseInput(),
      breach: { cuase: 'mis-sent', endedAt: '2026-11-20T10:00:00Z', ongoing: true },
    };
    const problems = fieldProblems(caseFileSchema.safeParse(input).error!, caseFileSchema);
    expect(problems.map((p) => p.path).sort()).toEqual(['breach.cuase', 'breach.ongoing']);
    expect(problems.find((p) => p.path === 'breach.cuase')?.message).toContain('did you mean "cause"?');
  });

  it('are amended like every other fact, and removed with null', () => {
    const state = initialState('BR-DET-1', sampleCaseFile(), '2026-11-21T10:00:00Z');
    const now = Date.parse('2026-11-21T12:00:00Z');
    const amended = amendedFacts(
      state,
      {
        breach: { cause: 'mis-sent', types: ['confidentiality'] },
        letter: { summary: 'Your data were sent to someone else.' },
      },
      now,
    );
    expect(amended).toMatchObject({
      ok: true,
      changed: ['breach', 'letter'],
      facts: { breach: { cause: 'mis-sent' }, letter: { summary: 'Your data were sent to someone else.' } },
    });
    const refused = amendedFacts(state, { safeguards: { encryption: 'rot13' } }, now);
    expect(refused.ok).toBe(false);
  });

  it('refuse an end in the future or before the start', () => {
    const future = amendedFacts(
      initialState(
        'BR-DET-2',
        sampleCaseFile({ occurredAt: '2026-11-19T10:00:00Z' }),
        '2026-11-21T10:00:00Z',
      ),
      { breach: { endedAt: '2026-11-18T10:00:00Z' } },
      Date.parse('2026-11-21T12:00:00Z'),
    );
    expect(future).toMatchObject({ ok: false, problems: [{ path: 'breach.endedAt' }] });
  });
});
