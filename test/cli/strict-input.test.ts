/**
 * Strict input as a DPO meets it: `breach` (run in the test process) refuses a misspelt key, option, command or
 * variable with exit 2 and the fix, before it contacts anything. No server is started: TEMPORAL_ADDRESS points
 * at a closed port, so an attempt to start a case would show as exit 1 "Cannot reach".
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleCaseInput } from '../helpers/case-files.js';
import { breachInProcess as breach, type Run } from '../helpers/run-cli.js';

function expectRefusedBeforeStart(run: Run, ...texts: string[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toContain('Cannot reach');
  expect(run.stdout).toBe('');
  for (const text of texts) expect(run.stderr).toContain(text);
}

describe('breach refuses misspelt input before it starts anything', () => {
  it('open: names a misspelt nested key with the one meant', async () => {
    const input = sampleCaseInput() as Record<string, unknown>;
    const file = {
      ...input,
      awareness: { aware_at: '2026-11-20T09:30:00Z', decidedBy: 'Dana Example', reason: 'Confirmed.' },
    };
    const run = await breach(['open', '-'], { input: stringify(file) });
    expectRefusedBeforeStart(run, 'awareness.aware_at: unknown key; did you mean "awareAt"?');
    expect(run.stderr).not.toContain('2026-11-20T09:30:00Z');
  });

  it('open: names a misspelt top-level key with the one meant', async () => {
    const { measuresTaken, ...input } = sampleCaseInput();
    const run = await breach(['open', '-'], { input: stringify({ ...input, measureTaken: measuresTaken }) });
    expectRefusedBeforeStart(run, 'measureTaken: unknown key; did you mean "measuresTaken"?');
  });

  it('open: gives the line and column of a YAML syntax error', async () => {
    const text = `${stringify(sampleCaseInput())}countries: [DE\nrecords: {approximate: 1}\n`;
    const run = await breach(['open', '-'], { input: text });
    expectRefusedBeforeStart(run, 'not valid JSON or YAML');
    expect(run.stderr).toMatch(/at line \d+, column \d+/);
  });

  it('suggests the option meant, from the command’s and the global ones', async () => {
    expectRefusedBeforeStart(
      await breach(['assess', 'BR-2026-0042', '--rsk', 'high']),
      'unknown option --rsk; did you mean --risk?',
    );
    expectRefusedBeforeStart(
      await breach(['status', 'BR-2026-0042', '--jsn']),
      'unknown option --jsn; did you mean --json?',
    );
  });

  it('suggests the command meant', async () => {
    expectRefusedBeforeStart(await breach(['stauts', 'BR-2026-0042']), 'did you mean "status"?');
  });

  it('refuses an unknown BREACH_CLOCK_ variable, naming it and the one meant', async () => {
    const run = await breach(['list'], { env: { BREACH_CLOCK_DIGEST_TIME: '07:30' } });
    expectRefusedBeforeStart(
      run,
      'BREACH_CLOCK_DIGEST_TIME: unknown variable; did you mean BREACH_CLOCK_DIGEST_AT?',
    );
  });
});

describe('breach schema', () => {
  it('prints the JSON Schema of case files', async () => {
    const run = await breach(['schema']);
    expect(run.code, run.stderr).toBe(0);
    const schema = JSON.parse(run.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['awareness', 'detectedAt', 'measuresTaken']),
    );
  });
});
