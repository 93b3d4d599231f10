/**
 * The workflow bundle kept on disk between starts (infra/workflow-bundle-cache.ts): bundled once, read back
 * unchanged, bundled again when what it is built from changes, private on disk, and a cache that cannot be
 * written costs a bundling, not a start. The engine's own starts read it too (engine-supervision.test.ts).
 */
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { failureConverterPath } from '../../infra/payload-codec.js';
import { cachedWorkflowBundle } from '../../infra/workflow-bundle-cache.js';

// Inside the project (its .cache/ is ignored by git), so that the bundle finds the Temporal packages.
const SCRATCH = fileURLToPath(new URL('../../.cache/', import.meta.url));

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workflows(greeting: string): Promise<{ dir: string; entry: string }> {
  await mkdir(SCRATCH, { recursive: true });
  const dir = await mkdtemp(join(SCRATCH, 'bundle-cache-'));
  made.push(dir);
  const entry = join(dir, 'workflows.ts');
  await writeFile(entry, `export async function greet(): Promise<string> {\n  return '${greeting}';\n}\n`);
  return { dir, entry };
}

describe('the workflow bundle cache', () => {
  it('bundles once and then reads the same code; a changed input is bundled again', async () => {
    const { dir, entry } = await workflows('first greeting');
    const cacheDir = join(dir, 'cache');
    const request = { workflowsPath: entry, failureConverterPath: failureConverterPath(), cacheDir };

    const first = await cachedWorkflowBundle(request);
    expect(first.source).toBe('bundled');
    expect(first.cacheProblem).toBeUndefined();
    expect(first.bundle.code).toContain('first greeting');
    const [kept, ...others] = await readdir(cacheDir);
    expect(others).toEqual([]);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(cacheDir, kept!))).mode & 0o777).toBe(0o600);

    const second = await cachedWorkflowBundle(request);
    expect(second).toEqual({ bundle: { code: first.bundle.code }, source: 'cache' });

    await writeFile(
      entry,
      `export async function greet(): Promise<string> {\n  return 'second greeting';\n}\n`,
    );
    const third = await cachedWorkflowBundle(request);
    expect(third.source).toBe('bundled');
    expect(third.bundle.code).toContain('second greeting');
    expect(third.bundle.code).not.toContain('first greeting');
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  it('bundles once for starts at the same moment: one bundles, the others wait and read its bundle', async () => {
    const { dir, entry } = await workflows('simultaneous greeting');
    const cacheDir = join(dir, 'cache');
    const request = { workflowsPath: entry, failureConverterPath: failureConverterPath(), cacheDir };
    const results = await Promise.all([1, 2, 3].map(() => cachedWorkflowBundle(request)));
    expect(results.map((result) => result.source).sort()).toEqual(['bundled', 'cache', 'cache']);
    expect(new Set(results.map((result) => result.bundle.code)).size).toBe(1);
    // The lock is gone with the bundling: only the bundle is left.
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('takes over a lock whose process is gone at once, and any lock after two minutes', async () => {
    const { dir, entry } = await workflows('greeting after a crash');
    const cacheDir = join(dir, 'cache');
    const request = { workflowsPath: entry, failureConverterPath: failureConverterPath(), cacheDir };
    const first = await cachedWorkflowBundle(request);
    const [kept] = await readdir(cacheDir);
    const lock = join(cacheDir, `${kept!}.lock`);

    // Just written by a process that is gone (no process has PID 2^22 + 1: Linux's PID limit is 2^22).
    await rm(join(cacheDir, kept!));
    await writeFile(lock, String(2 ** 22 + 1));
    const started = Date.now();
    const again = await cachedWorkflowBundle(request);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(again.source).toBe('bundled');
    expect(again.bundle.code).toBe(first.bundle.code);
    expect(await readdir(cacheDir)).toEqual([kept]);

    // Written three minutes ago by a process that still runs (this one): taken as left behind.
    await rm(join(cacheDir, kept!));
    await writeFile(lock, String(process.pid));
    const threeMinutesAgo = new Date(Date.now() - 3 * 60_000);
    await utimes(lock, threeMinutesAgo, threeMinutesAgo);
    expect((await cachedWorkflowBundle(request)).source).toBe('bundled');
    expect(await readdir(cacheDir)).toEqual([kept]);
  });

  it('bundles when the cache cannot be written, and says why', async () => {
    const { dir, entry } = await workflows('uncached greeting');
    // A file where the cache's folder would be: nothing can be kept there.
    const blocked = join(dir, 'not-a-folder');
    await writeFile(blocked, '');
    const result = await cachedWorkflowBundle({
      workflowsPath: entry,
      failureConverterPath: failureConverterPath(),
      cacheDir: join(blocked, 'cache'),
    });
    expect(result.source).toBe('bundled');
    expect(result.bundle.code).toContain('uncached greeting');
    expect(result.cacheProblem).toMatch(/ENOTDIR|EEXIST/);
  });
});
