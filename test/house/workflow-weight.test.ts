/**
 * What each workflow type evaluates is paid once per workflow a worker holds (workflows/index.ts): a processor's
 * chase that reached the case's schemas, rules or documents again would cost every chase the case's weight.
 * This follows the value imports (type-only imports are erased) from each workflow's module through the
 * project's files, and names the path by which a heavy module is reached.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

// `import x from`, `import { a } from`, `export { a } from`, `export * from`, `import('...')`; not `import type`.
const VALUE_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*(?:\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)/g;

/** Every file and package the module's value imports reach, each with the chain of files that reaches it. */
function reach(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const source = readFileSync(join(root, file), 'utf8');
    for (const match of source.matchAll(VALUE_IMPORT)) {
      const spec = match[1] ?? match[2] ?? '';
      const target = spec.startsWith('.')
        ? relative(root, join(dirname(join(root, file)), spec)).replace(/\.js$/, '.ts')
        : spec;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (spec.startsWith('.')) queue.push(target);
    }
  }
  return seen;
}

/** The heavy modules among what the entry reaches, each as the chain that reaches it. */
function heavy(entry: string, modules: readonly string[]): string[] {
  const reached = reach(entry);
  return modules.filter((m) => reached.has(m)).map((m) => reached.get(m)!.join(' -> '));
}

describe("a workflow type's weight", () => {
  it("keeps a processor's chase free of the case's schemas, rules, documents and i18n", () => {
    expect(
      heavy('workflows/processor-chase.ts', [
        'zod',
        'i18next',
        'domain/case-file.ts',
        'domain/case-state.ts',
        'domain/obligations.ts',
        'domain/documents.ts',
        'contract/messages.ts',
      ]),
    ).toEqual([]);
  });

  it('sees a heavy module reached through a chain of files, so the check above can fail', () => {
    expect(heavy('workflows/breach-case.ts', ['zod', 'domain/obligations.ts'])).toEqual([
      expect.stringMatching(/^workflows\/breach-case\.ts -> .* -> zod$/),
      expect.stringMatching(/^workflows\/breach-case\.ts -> .*domain\/obligations\.ts$/),
    ]);
  });

  it('loads each workflow type only when a workflow of that type starts', () => {
    const index = readFileSync(join(root, 'workflows/index.ts'), 'utf8');
    const valueImports = [...index.matchAll(VALUE_IMPORT)].filter((m) => m[1] !== undefined);
    expect(valueImports.map((m) => m[1])).toEqual([]);
  });
});
