/**
 * The `breach` command line as the user runs it: dist/cli/breach.js, the compiled client/cli.js bundled with the
 * packages it loads. Node otherwise resolves, reads and links several hundred files of Temporal's client, gRPC,
 * protobuf and zod at every command (about a fifth of `breach open`); bundled, it reads a few. Commands still
 * load lazily: each dynamic import stays one, now of a chunk, so `breach --help` loads only the table of
 * commands.
 *
 * Kept out of the bundle, and loaded from node_modules as before: packages with native code, or that start
 * worker threads by file name.
 *
 * Runs after `tsc` (npm run build), from what tsc wrote: the compiled command line (dist/client/) stays as it is,
 * for the tests that prove by package name what a command loads.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../infra/project-root.js';

const EXTERNAL = ['better-sqlite3', 'pg-native', 'pino', 'pino-pretty', 'thread-stream'];

async function main(): Promise<void> {
  const root = projectRoot();
  const outdir = join(root, 'dist', 'cli');
  // Chunks are named by their content: a rebuild must not leave the last build's beside the new ones.
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { breach: 'dist/client/cli.js' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    chunkNames: 'chunks/[name]-[hash]',
    // The CommonJS packages inside (Temporal's, gRPC, protobuf) require Node's built-ins and each other.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    legalComments: 'linked',
  });
  chmodSync(join(outdir, 'breach.js'), 0o755);
  // What each file of the bundle holds and imports: test/cli/bundle.test.ts reads it.
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(metafile));
}

await main();
