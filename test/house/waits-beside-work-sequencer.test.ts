import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import WaitsBesideWorkSequencer from '../waits-beside-work-sequencer.js';

it('starts each file tagged @waits between two files that compute, in vitest order otherwise', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sequencer-'));
  const files: Record<string, string> = {
    'a.test.ts': '/**\n * Computes.\n */\n',
    'b.test.ts': '/**\n * Restarts engines.\n *\n * @waits the engines restart\n */\n',
    'c.test.ts': '/**\n * Waits too.\n *\n * @waits a mail server stalls\n */\n',
    'd.test.ts': '/**\n * Computes.\n */\n',
    'e.test.ts': '// @waits outside the opening comment does not count\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  // vitest's own order here: larger files first (no results cached), as in a fresh clone.
  const sizes: Record<string, number> = {
    'a.test.ts': 5,
    'b.test.ts': 4,
    'c.test.ts': 3,
    'd.test.ts': 2,
    'e.test.ts': 1,
  };
  const ctx = {
    config: { root: dir },
    cache: {
      getFileTestResults: () => undefined,
      getFileStats: (key: string) => ({ size: sizes[key.split(':').pop() ?? ''] ?? 0 }),
    },
  } as unknown as Vitest;
  const specs = Object.keys(files).map(
    (name) => ({ moduleId: join(dir, name), project: { name: '' } }) as unknown as TestSpecification,
  );
  const order = await new WaitsBesideWorkSequencer(ctx).sort(specs.reverse());
  expect(order.map((spec) => spec.moduleId.slice(dir.length + 1))).toEqual([
    'a.test.ts',
    'b.test.ts',
    'd.test.ts',
    'c.test.ts',
    'e.test.ts',
  ]);
});
