/**
 * The import directions of the house hold: ESLint refuses an import against them. Each probe is linted as a
 * file in the room it probes, with the project's own configuration; only the import rule runs, and without
 * type information, which it does not need (a typed program of the whole project costs seconds). Probes are
 * linted as text: nothing is written into the rooms.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';

const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { project: false, projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === IMPORT_RULE,
});

/** What ESLint says about `source` as a file of `room`: the import rule's messages and any parse error. */
async function lint(room: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${room}/zz-import-probe.ts` });
  return (result?.messages ?? []).filter((m) => m.fatal || m.ruleId === IMPORT_RULE).map((m) => m.message);
}

describe('the import directions', () => {
  it.each([
    ['domain', "export { createLogger } from '../infra/logger.js';", 'domain/ may not import infra/'],
    ['domain', "export { statusQuery } from '../contract/messages.js';", 'domain/ may not import contract/'],
    [
      'domain',
      "import { readFile } from 'node:fs/promises';\nexport const r = readFile;",
      'no Node built-ins',
    ],
    [
      'contract',
      "export { breachCase } from '../workflows/breach-case.js';",
      'contract/ may not import workflows/',
    ],
    [
      'workflows',
      "export { createActivities } from '../activities/index.js';",
      'workflows/ may not import activities/',
    ],
    ['activities', "export { createLogger } from '../infra/logger.js';", 'activities/ may not import infra/'],
    [
      'client',
      "export { createActivities } from '../activities/index.js';",
      'client/ may not import activities/',
    ],
    [
      'client',
      "export { breachCase } from '../workflows/breach-case.js';",
      'client/ may not import workflows/',
    ],
    ['infra', "export { main } from '../worker/main.js';", 'infra/ may not import worker/'],
  ])('refuses %s importing against them: %s', async (room, source, message) => {
    expect((await lint(room, source)).join('\n')).toContain(message);
  });

  it('allows the directions of the house, and types where values may not go', async () => {
    expect(
      await lint(
        'workflows',
        "import type { Activities } from '../activities/index.js';\nexport type A = Activities;",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'client',
        "import type { breachCase } from '../workflows/breach-case.js';\nexport type B = typeof breachCase;",
      ),
    ).toEqual([]);
    expect(await lint('contract', "export { caseStatus } from '../domain/status.js';")).toEqual([]);
  });
});
