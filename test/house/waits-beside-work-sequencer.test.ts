import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { recordedDurations } from '../file-durations.js';
import WaitsBesideWorkSequencer from '../waits-beside-work-sequencer.js';

async function order(
  files: Record<string, string>,
  lastRun: Record<string, { duration: number; failed: boolean }>,
): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sequencer-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const ctx = {
    config: { root: dir },
    cache: { getFileTestResults: (key: string) => lastRun[key.split(':').pop() ?? ''] },
  } as unknown as Vitest;
  const specs = Object.keys(files).map(
    (name) => ({ moduleId: join(dir, name), project: { name: '' } }) as unknown as TestSpecification,
  );
  const sorted = await new WaitsBesideWorkSequencer(ctx).sort(specs);
  return sorted.map((spec) => spec.moduleId.slice(dir.length + 1));
}

const computes = '/**\n * Computes.\n */\n';
const waits = '/**\n * Restarts engines.\n *\n * @waits the engines restart\n */\n';

it('starts the longest first, failed ones before, unknown ones before all, and @waits files between others', async () => {
  expect(
    await order(
      {
        'a.test.ts': computes,
        'b.test.ts': waits,
        'c.test.ts': waits,
        'd.test.ts': computes,
        'e.test.ts': '// @waits outside the opening comment does not count\n',
        'f.test.ts': computes,
        'new.test.ts': computes,
      },
      {
        'a.test.ts': { duration: 9_000, failed: false },
        'b.test.ts': { duration: 40_000, failed: false },
        'c.test.ts': { duration: 30_000, failed: false },
        'd.test.ts': { duration: 1_000, failed: false },
        'e.test.ts': { duration: 5_000, failed: false },
        'f.test.ts': { duration: 2_000, failed: true },
      },
    ),
  ).toEqual(['f.test.ts', 'b.test.ts', 'new.test.ts', 'c.test.ts', 'a.test.ts', 'e.test.ts', 'd.test.ts']);
});

it('knows every test file from the recorded durations, for a fresh clone without vitest results', () => {
  const recorded = recordedDurations();
  const files = readdirSync(join(import.meta.dirname, '..'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `test/${name}`);
  const missing = files.filter((file) => recorded[file] === undefined);
  expect(missing, 'record them: BREACH_CLOCK_TEST_RECORD_DURATIONS=1 npm test').toEqual([]);
});
