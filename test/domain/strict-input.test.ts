/**
 * Strict input everywhere: a DPO's misspelt key, option or variable is refused with its path and the name that
 * was probably meant, never dropped in silence; and the JSON Schema editors use is the one the engine checks.
 * No server: these are pure functions (the CLI itself is in strict-input-cli.test.ts).
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { caseFileProblems, CLOCK_SKEW_MS } from '../../domain/case-file.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import { similarNames } from '../../domain/did-you-mean.js';
import { fieldProblems } from '../../domain/validation.js';
import { CaseFileError, parseCaseFileText } from '../../client/case-file-loader.js';
import { parseCommandArgs, UsageError, type Command } from '../../client/cli-support.js';
import { caseFileJsonSchema, caseFileJsonSchemaText } from '../../client/commands/schema.js';
import { ConfigError, loadEngineConfig } from '../../infra/config.js';
import { sampleCaseInput } from '../helpers/case-files.js';

const SECRET = 'Erika Mustermann, born 1964';

function problemsOf(input: unknown, schema: z.core.$ZodType = caseFileSchema) {
  const parsed = z.safeParse(schema, input);
  expect(parsed.success).toBe(false);
  return fieldProblems(parsed.error!, schema);
}

function caseFileProblemsOfText(text: string) {
  try {
    parseCaseFileText(text, 'test.yaml');
  } catch (error) {
    if (error instanceof CaseFileError) return error.problems;
    throw error;
  }
  throw new Error('the case file was accepted');
}

describe('unknown keys in a case file', () => {
  it('names each unknown key at its path, with the key that was probably meant', () => {
    const input = sampleCaseInput() as Record<string, unknown>;
    const problems = problemsOf({
      ...input,
      awareness: { aware_at: SECRET, decidedBy: 'Dana Example', reason: 'Confirmed.' },
      measureTaken: [SECRET],
    });
    expect(problems).toEqual([
      { path: 'awareness.aware_at', message: 'unknown key; did you mean "awareAt"?' },
      { path: 'measureTaken', message: 'unknown key; did you mean "measuresTaken"?' },
    ]);
  });

  it('finds the known keys through defaults, optionals, arrays and refinements', () => {
    const input = sampleCaseInput() as Record<string, unknown>;
    const problems = problemsOf({
      ...input,
      reminderPlan: { overdueRepeatHour: 6 },
      severity: { malicious_intent: true },
      dataCategories: [{ name: 'Voice recordings', Kind: 'behavioural' }],
      processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'x@example.test', notice_window: 4 }],
      reportedByProcessor: { processorId: 'transcribe', notifiedAt: '2026-11-20T08:00:00Z', by: 'x' },
      controller: { name: 'Example', dpo: { name: 'Dana', email: 'dpo@example.test', phon: '1' } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'reminderPlan.overdueRepeatHour',
          message: 'unknown key; did you mean "overdueRepeatHours"?',
        },
        { path: 'severity.malicious_intent', message: 'unknown key; did you mean "maliciousIntent"?' },
        { path: 'dataCategories.0.Kind', message: 'unknown key; did you mean "kind"?' },
        {
          path: 'processors.0.notice_window',
          message: 'unknown key; did you mean "noticeWindowHours"?',
        },
        { path: 'reportedByProcessor.by', message: 'unknown key; allowed here: processorId, notifiedAt' },
        { path: 'controller.dpo.phon', message: 'unknown key; did you mean "phone"?' },
      ]),
    );
  });

  it('lists the allowed keys, briefly, when nothing is close; never the editor-only $schema', () => {
    const [problem] = problemsOf({ ...sampleCaseInput(), zzzzzzzz: SECRET });
    expect(problem?.path).toBe('zzzzzzzz');
    expect(problem?.message).toMatch(
      /^unknown key; allowed here: caseId, regimes, controller, .* and \d+ more$/,
    );
    expect(problem?.message).not.toContain('$schema');
  });

  it('walks pipes, transforms, unions and records of any schema, and works without one', () => {
    const schema = z.strictObject({
      piped: z.strictObject({ hours: z.number() }).transform((v) => v.hours),
      contact: z.discriminatedUnion('by', [
        z.strictObject({ by: z.literal('mail'), email: z.string() }),
        z.strictObject({ by: z.literal('phone'), phone: z.string() }),
      ]),
      byId: z.record(z.string(), z.strictObject({ label: z.string() })),
    });
    const input = {
      piped: { hours: 1, hour: 1 },
      contact: { by: 'mail', email: 'x', emial: 'x' },
      byId: { a: { label: 'x', lable: 'x' } },
    };
    expect(problemsOf(input, schema)).toEqual([
      { path: 'piped.hour', message: 'unknown key; did you mean "hours"?' },
      { path: 'contact.emial', message: 'unknown key; did you mean "email"?' },
      { path: 'byId.a.lable', message: 'unknown key; did you mean "label"?' },
    ]);
    expect(fieldProblems(schema.safeParse(input).error!)).toContainEqual({
      path: 'piped.hour',
      message: 'unknown key',
    });
  });

  it('accepts a $schema key for editors and keeps it out of the case', () => {
    const text = JSON.stringify({ $schema: '../schema/case-file.schema.json', ...sampleCaseInput() });
    expect(parseCaseFileText(text, 'test.json')).not.toHaveProperty('$schema');
  });

  it('suggests across case, "_" and "-" and offers both names when a typo is ambiguous', () => {
    expect(similarNames('aware_at', ['awareAt', 'decidedBy', 'reason'])).toEqual(['awareAt']);
    expect(similarNames('MEASURES-TAKEN', ['measuresTaken', 'measuresProposed'])).toEqual(['measuresTaken']);
    expect(similarNames('DIGEST_T', ['DIGEST_TO', 'DIGEST_AT', 'DIGEST_TZ'])).toEqual([
      'DIGEST_TO',
      'DIGEST_AT',
      'DIGEST_TZ',
    ]);
    expect(similarNames('colour', ['name', 'kind'])).toEqual([]);
  });
});

describe('syntax errors and future instants in a case file', () => {
  it('reports a YAML syntax error with its line and column, without quoting the file', () => {
    const text = `description: ok\nawareness:\n  reason: "${SECRET}\n  decidedBy: x\n`;
    const problems = caseFileProblemsOfText(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('(file)');
    expect(problems[0]?.message).toMatch(/^not valid JSON or YAML: [a-z ]+ at line \d+, column \d+$/);
    expect(JSON.stringify(problems)).not.toContain('Erika');
  });

  it('reports a JSON syntax error with its line and column', () => {
    const problems = caseFileProblemsOfText('{\n  "description": "ok",\n  "countries": ["DE",\n}\n');
    expect(problems[0]?.message).toMatch(/at line \d+, column \d+$/);
  });

  it('refuses a detection time in the future', () => {
    const text = JSON.stringify(sampleCaseInput({ detectedAt: '2999-01-01T00:00:00Z' }));
    expect(caseFileProblemsOfText(text).map((p) => p.path)).toContain('detectedAt');
  });
});

describe('properties', () => {
  const sample = sampleCaseInput();
  const jsonSchema = caseFileJsonSchema();

  /** Every object in the sample, as a path: the places a stray key can go. */
  function objectPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
    if (value === null || typeof value !== 'object') return [];
    return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
  }

  /** The keys the published JSON Schema allows at a path: known independently of the code under test. */
  function allowedKeys(path: (string | number)[]): string[] {
    let node = jsonSchema as { properties?: Record<string, unknown>; items?: unknown };
    for (const segment of path) {
      node = (typeof segment === 'number' ? node.items : node.properties?.[segment]) as typeof node;
    }
    return Object.keys(node.properties ?? {});
  }

  it('refuses any unknown key anywhere in a valid case file, naming that key', () => {
    const positions = objectPaths(sample);
    const key = fc.oneof(
      fc.string({ minLength: 1, maxLength: 24 }),
      fc.constantFrom('aware_at', 'measureTaken', '__proto__', 'constructor', 'toString', '$ref', 'a.b'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...positions), key, (position, name) => {
        fc.pre(!allowedKeys(position).includes(name));
        const input = structuredClone(sample) as Record<string, unknown>;
        let target: Record<string | number, unknown> = input;
        for (const segment of position) target = target[segment] as typeof target;
        // An own property even for "__proto__", as JSON.parse and the YAML parser make it.
        Object.defineProperty(target, name, { value: SECRET, enumerable: true, writable: true });
        const parsed = caseFileSchema.safeParse(input);
        expect(parsed.success).toBe(false);
        const problems = fieldProblems(parsed.error!, caseFileSchema);
        expect(problems.map((p) => p.path)).toContain([...position, name].join('.'));
        expect(JSON.stringify(problems)).not.toContain(SECRET);
      }),
      { numRuns: 300 },
    );
  });

  it('names every instant later than now plus the clock-skew grace', () => {
    const now = Date.now();
    const later = fc
      .date({
        min: new Date(now + CLOCK_SKEW_MS + 1000),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    const field = fc.constantFrom('occurredAt', 'detectedAt', 'awareness.awareAt');
    fc.assert(
      fc.property(field, later, (path, at) => {
        const input = structuredClone(sample);
        if (path === 'occurredAt') input.occurredAt = at;
        if (path === 'detectedAt') input.detectedAt = at;
        if (path === 'awareness.awareAt') input.awareness.awareAt = at;
        const file = caseFileSchema.parse(input);
        const problems = caseFileProblems(file, now);
        expect(problems).toContainEqual({
          path,
          message: expect.stringContaining('lies in the future') as string,
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('command-line options and the environment', () => {
  const assess: Command = {
    name: 'assess',
    summary: '',
    usage: '',
    options: { risk: { type: 'string' }, 'override-reason': { type: 'string' } },
    run: () => Promise.resolve(),
  };

  function usageMessage(argv: string[]): string {
    try {
      parseCommandArgs(assess, argv);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('the arguments were accepted');
  }

  it('suggests the declared or global option that was probably meant', () => {
    expect(usageMessage(['--rsk', 'high'])).toBe('unknown option --rsk; did you mean --risk?');
    expect(usageMessage(['--override_reason=x'])).toBe(
      'unknown option --override_reason; did you mean --override-reason?',
    );
    expect(usageMessage(['--jsn'])).toBe('unknown option --jsn; did you mean --json?');
    expect(usageMessage(['--frobnicate'])).toBe(
      'unknown option --frobnicate; run "breach assess --help" for its options',
    );
  });

  const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

  it('refuses an unknown BREACH_CLOCK_ variable, naming it with the one probably meant', () => {
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_DIGEST_TIME: '08:00' })).toThrow(ConfigError);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_DIGEST_TIME: '08:00' })).toThrow(
      'BREACH_CLOCK_DIGEST_TIME: unknown variable; did you mean BREACH_CLOCK_DIGEST_AT?',
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_TASKQUEUE: 'q' })).toThrow(
      'BREACH_CLOCK_TASKQUEUE: unknown variable; did you mean BREACH_CLOCK_TASK_QUEUE?',
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_FOO: '1' })).toThrow(
      /BREACH_CLOCK_FOO: unknown variable; known: BREACH_CLOCK_TASK_QUEUE, .*BREACH_CLOCK_UI_URL/,
    );
  });

  it('knows the variables read outside the engine config, and leaves the tests’ own alone', () => {
    const config = loadEngineConfig({
      ...base,
      BREACH_CLOCK_CACHE: '/tmp/cache',
      BREACH_CLOCK_UI_URL: 'https://temporal.example',
      BREACH_CLOCK_TEST_POSTGRES_URL: 'postgres://localhost/test',
      BREACH_CLOCK_DIGEST_AT: '07:30',
    });
    expect(config.digest.at).toBe('07:30');
  });
});

describe('the published JSON Schema', () => {
  // Formats are left to the patterns zod writes beside them: ajv does not know "email" without a plugin.
  const jsonSchemaValidator = () =>
    new Ajv({ strict: true, validateFormats: false }).compile(caseFileJsonSchema());

  it('is the checked-in schema/case-file.schema.json (run "npm run schema" after changing the case file)', async () => {
    const checkedIn = await readFile(new URL('../../schema/case-file.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(caseFileJsonSchemaText());
  });

  it('is valid JSON Schema that shows the defaults and refuses unknown keys', () => {
    const schema = caseFileJsonSchema() as {
      properties: Record<string, { properties?: Record<string, { default?: unknown }> }>;
    };
    expect(schema.properties.reminderPlan?.properties?.authorityReminderHours?.default).toEqual([
      24, 48, 60, 70,
    ]);
    const validate = jsonSchemaValidator();
    expect(validate(sampleCaseInput()), JSON.stringify(validate.errors)).toBe(true);
    const misspelt = { ...sampleCaseInput(), awareness: { aware_at: '2026-11-20T09:00:00Z' } };
    expect(validate(misspelt)).toBe(false);
  });

  it('accepts every example, as the editor and as the engine', async () => {
    const validate = jsonSchemaValidator();
    for (const name of ['mis-sent-access-export', 'lost-encrypted-laptop', 'ransomware-with-exfiltration']) {
      const text = await readFile(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/case-file.schema.json');
      expect(validate(parseYaml(text)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => parseCaseFileText(text, name)).not.toThrow();
    }
  });
});

describe('unknown keys in an action', () => {
  it('names the key meant, so the CLI can name the flag', async () => {
    const { actionSchema } = await import('../../domain/actions/index.js');
    const schema = actionSchema('setAwareness');
    const parsed = schema.safeParse({
      awareAt: '2026-11-20T09:00:00Z',
      reason: 'x',
      actor: 'Dana',
      aware_at: 'x',
    });
    expect(fieldProblems(parsed.error!, schema)).toEqual([
      { path: 'aware_at', message: 'unknown key; did you mean "awareAt"?' },
    ]);
  });
});

describe('renamed case-file keys', () => {
  it('tells a file with an old key its new name, and reads a running case recorded under the old names', async () => {
    const { caseFileToday } = await import('../../domain/case-file.js');
    const { caseFileSchema } = await import('../../domain/case-file-schema.js');
    const { fieldProblems } = await import('../../domain/validation.js');
    const { sampleCaseInput } = await import('../helpers/case-files.js');
    const old = { ...sampleCaseInput(), schedule: { overdueRepeatHours: 6 } };
    const refused = caseFileSchema.safeParse(old);
    expect(refused.success).toBe(false);
    expect(!refused.success && fieldProblems(refused.error, caseFileSchema)).toEqual([
      { path: 'schedule', message: 'renamed: use "reminderPlan"' },
    ]);
    const recorded = {
      ...sampleCaseInput(),
      schedule: { overdueRepeatHours: 6, vendorLadder: { vendorEscalationAfterHours: 30 } },
    };
    const today = caseFileSchema.parse(caseFileToday(recorded));
    expect(today.reminderPlan.overdueRepeatHours).toBe(6);
    expect(today.reminderPlan.processorLadder.processorEscalationAfterHours).toBe(30);
  });
});
