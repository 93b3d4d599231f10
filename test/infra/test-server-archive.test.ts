/**
 * The time-skipping test server's class archive: the setup records it from a workload, so that the classes
 * serving a workflow are loaded from it rather than loaded and verified again by each of the suite's servers.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cachedTestServerDir, resolveTestServer } from '../../infra/temporal-binaries.js';
import { javaTool } from '../../infra/test-server-archive.js';

// The setup's own build, in the cache: absent when TEMPORAL_TEST_SERVER_PATH names another server.
const cached = await resolveTestServer({ build: false });

/** A class the server loads when it holds a workflow, never while it starts. */
const SERVING_CLASS = 'io.temporal.internal.testservice.TestWorkflowMutableStateImpl';

/** The classes in the archive the wrapper in `dir` names, as the JVM reads it with the wrapper's jars. */
async function archivedClasses(dir: string): Promise<string> {
  const wrapper = await readFile(join(dir, 'temporal-test-server'), 'utf8');
  expect(wrapper).toContain('-XX:SharedArchiveFile="$dir/app.jsa"');
  return execFileSync(
    javaTool('java', process.env),
    [
      `-XX:SharedArchiveFile=${join(dir, 'app.jsa')}`,
      '-XX:+PrintSharedArchiveAndExit',
      '-cp',
      `${dir}/lib/*`,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

describe.skipIf(cached?.source !== 'cache')("the test server's class archive", () => {
  it('holds the classes that serve a workflow, from the workload the setup ran', async () => {
    const listing = await archivedClasses(dirname(cached!.path));
    expect(listing).toContain('archive is valid');
    expect(listing).toMatch(new RegExp(`: ${SERVING_CLASS.replace(/\./g, '\\.')} `));
  });

  it("is recorded again for a cache from an older recipe or an archive the JVM refuses, and of the server's start when the workload fails", async () => {
    const root = await mkdtemp(join(tmpdir(), 'test-server-archive-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = { ...process.env, BREACH_CLOCK_CACHE: root };
    delete env.TEMPORAL_TEST_SERVER_PATH;
    const dir = cachedTestServerDir(env);
    await mkdir(dir, { recursive: true });
    // The jars of the setup's own build; the wrapper of an older setup, without a recipe or an archive.
    await symlink(join(dirname(cached!.path), 'lib'), join(dir, 'lib'));
    const oldWrapper = join(dir, 'temporal-test-server');
    await writeFile(
      oldWrapper,
      '#!/bin/sh\nexec java -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"\n',
    );
    await chmod(oldWrapper, 0o755);

    // Without building, the cache is used as it is.
    expect(await resolveTestServer({ build: false, env })).toEqual({ path: oldWrapper, source: 'cache' });
    expect(await readFile(oldWrapper, 'utf8')).not.toContain('app.jsa');

    const progress: string[] = [];
    const resolved = await resolveTestServer({
      build: true,
      env,
      progress: (message) => progress.push(message),
      exerciseTestServer: () => Promise.reject(new Error('the workload stopped')),
    });
    expect(resolved).toEqual({ path: oldWrapper, source: 'cache' });
    expect(progress.join('\n')).toContain('No class archive of a workload (using one of the start instead)');
    expect(progress.join('\n')).toContain('the workload stopped');
    const listing = await archivedClasses(dir);
    expect(listing).toContain('archive is valid');
    expect(listing).not.toContain(SERVING_CLASS);

    // Today's recipe is recorded in the wrapper: the next setup leaves it alone.
    progress.length = 0;
    await resolveTestServer({ build: true, env, progress: (message) => progress.push(message) });
    expect(progress).toEqual([]);

    // An archive the JVM no longer takes (a JVM updated since, say) is recorded again at the next setup.
    await writeFile(join(dir, 'app.jsa'), 'not an archive');
    await resolveTestServer({ build: true, env, progress: (message) => progress.push(message) });
    expect(progress).toContain('Recording the test server a new class-data-sharing archive');
    expect(await archivedClasses(dir)).toContain('archive is valid');
  });
});
