/**
 * What each workflow type evaluates is paid once per workflow a worker holds (workflows/index.ts): a processor's
 * chase that reached the case's schemas, rules or documents again would cost every chase the case's weight.
 * This follows the value imports (type-only imports are erased) from each workflow's module through the
 * project's files, and names the path by which a heavy module is reached.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../helpers/worker.js';

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

describe('the modules every workflow shares', () => {
  const shared = 'workflows/shared-modules.ts';
  const importsOf = (file: string) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(VALUE_IMPORT)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((spec) => /^\.\.\/(domain|contract)\//.test(spec));

  it('lists every domain and contract module a workflow imports, so the worker evaluates each once', () => {
    const listed = new Set(importsOf(shared));
    const unshared = readdirSync(join(root, 'workflows'))
      .filter((name) => name.endsWith('.ts') && `workflows/${name}` !== shared)
      .flatMap((name) => importsOf(`workflows/${name}`).map((spec) => `workflows/${name}: ${spec}`))
      .filter((entry) => !listed.has(entry.split(': ')[1]!));
    expect(unshared).toEqual([]);
  });

  it('reaches no module of the workflows themselves', () => {
    // A shared module has one state for every workflow, so it must keep nothing of any one of them. The workflow
    // API it may reach (message definitions) is shared by the SDK itself, which loads it before any workflow.
    const reached = [...reach(shared).keys()].filter((m) => m !== shared && m.startsWith('workflows/'));
    expect(reached).toEqual([]);
  });

  it("is the engine bundle's preload, and no workflow type evaluates a package or the case's domain for itself", async () => {
    const { code } = await workflowBundle();
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    expect(preload).toMatch(/"\.\/(dist\/)?workflows\/shared-modules\.[jt]s"/);
    // webpack joins into a workflow type's own module what only that type uses ("+ N modules"), each part
    // marked `;// path`: none of those may be a package or a module of the case's domain.
    const ownParts = [...code.matchAll(/\n\/\*\*\*\/ "(\.\/(?:dist\/)?workflows\/[^"]+)"\n/g)].flatMap(
      (m) => {
        const body = code.slice(m.index + m[0].length, code.indexOf('\n/***/ "', m.index + m[0].length));
        return [...body.matchAll(/^;\/\/ (\S+)$/gm)].map((part) => `${m[1]}: ${part[1]}`);
      },
    );
    expect(ownParts.length).toBeGreaterThan(0);
    const heavy =
      /node_modules\/|domain\/(case-file|case-state|obligations|regimes|calendars|documents|actions)/;
    expect(ownParts.filter((part) => heavy.test(part.split(': ')[1]!))).toEqual([]);
  });
});
