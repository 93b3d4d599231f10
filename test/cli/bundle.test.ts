/**
 * The command line users run is a bundle (tools/bundle-cli.ts). The compiled command line's tests prove by
 * package name what each command loads (commands.test.ts); these prove the bundle kept that laziness, reading
 * the bundler's own account of its files (dist/cli/meta.json), and that the bundle runs as a process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { breachOffline } from '../helpers/run-cli.js';

interface Metafile {
  outputs: Record<
    string,
    { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }
  >;
}

const META = fileURLToPath(new URL('../../dist/cli/meta.json', import.meta.url));
const ENTRY = 'dist/cli/breach.js';

let meta: Metafile;

beforeAll(() => {
  meta = JSON.parse(readFileSync(META, 'utf8')) as Metafile;
});

/** The source files a bundle file runs before it does anything: its own, and those of what it imports statically. */
function staticInputs(output: string): string[] {
  const seen = new Set<string>();
  const inputs: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const entry = meta.outputs[file];
    if (!entry) return;
    inputs.push(...Object.keys(entry.inputs));
    for (const imported of entry.imports)
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(output);
  return inputs;
}

function packagesIn(inputs: string[]): Set<string> {
  return new Set(
    inputs.flatMap((input) => {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      return match ? [match[1]!] : [];
    }),
  );
}

describe('the bundled command line', () => {
  it('starts with the table of commands alone: no heavy package runs before a command asks for it', () => {
    const atStart = staticInputs(ENTRY);
    expect(atStart.some((input) => input.endsWith('client/run-cli.js'))).toBe(true);
    // The one package the table needs: the "did you mean" of a mistyped command's name.
    expect([...packagesIn(atStart)]).toEqual(['fastest-levenshtein']);
  });

  it("loads Temporal's client with the commands that reach a server, and not with the offline ones", () => {
    const chunkOf = (command: string) => {
      const found = Object.keys(meta.outputs).find((file) =>
        Object.keys(meta.outputs[file]!.inputs).some((input) =>
          input.endsWith(`client/commands/${command}.js`),
        ),
      );
      expect(found, command).toBeDefined();
      return found!;
    };
    // A command's own chunk and what it imports statically; its client comes in by a dynamic import.
    expect(packagesIn(staticInputs(chunkOf('deadlines'))).has('@temporalio/client')).toBe(false);
    expect(packagesIn(staticInputs(chunkOf('schema'))).has('@temporalio/client')).toBe(false);
    const connection = Object.keys(meta.outputs).find((file) =>
      Object.keys(meta.outputs[file]!.inputs).some((input) => input.endsWith('client/connection.js')),
    );
    expect(packagesIn(staticInputs(connection!)).has('@temporalio/client')).toBe(true);
  });

  it('runs as a process: help, a calculation offline, a usage mistake (the README walkthrough runs it against a server)', async () => {
    const help = await breachOffline(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: breach <command> [options]');

    const deadlines = await breachOffline(['deadlines', '--aware-at', '2026-11-27T17:00:00+01:00']);
    expect(deadlines.code, deadlines.stderr).toBe(0);
    expect(deadlines.stdout).toContain(
      'Authority notice (Art. 33, 72 h from awareness) due 2026-11-30 16:00 UTC',
    );

    const mistake = await breachOffline(['status']);
    expect(mistake.code).toBe(2);
    expect(mistake.stderr).not.toMatch(/\n\s+at /);
  });
});
