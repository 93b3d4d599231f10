/**
 * `npm run chaos` runs test/chaos-run.ts outside vitest, and vitest refuses to load outside its own runner
 * (importing it throws). So nothing the script loads from the project may import vitest: followed here through
 * every relative import from the script, as `import` and `export ... from` name them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../chaos-run.ts', import.meta.url));
const SPECIFIER = /(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\s+'([^']+)'/g;

/** Each project file the script loads, with the packages it imports by name. */
async function importGraph(entry: string): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const source = await readFile(file, 'utf8');
    const packages: string[] = [];
    for (const [, from, bare] of source.matchAll(SPECIFIER)) {
      const specifier = from ?? bare!;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.push(specifier);
    }
    graph.set(file, packages);
  }
  return graph;
}

it('the chaos script loads nothing that imports vitest', async () => {
  const graph = await importGraph(SCRIPT);
  expect(graph.size).toBeGreaterThan(10);
  const importers = [...graph].filter(([, packages]) => packages.includes('vitest')).map(([file]) => file);
  expect(importers).toEqual([]);
});
