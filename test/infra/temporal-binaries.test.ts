import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BinarySetupError,
  cachedCliPath,
  cachedTestServerDir,
  resolveTemporalCli,
  resolveTestServer,
} from '../../infra/temporal-binaries.js';

async function executable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
  return path;
}

let root: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'binaries-'));
  // An empty PATH keeps the machine's own go, mvn and temporal out of these cases.
  env = { PATH: join(root, 'empty-path'), BREACH_CLOCK_CACHE: join(root, 'cache') };
});

describe('finding the Temporal binaries', () => {
  it('prefers the explicit path variables over everything else', async () => {
    const cli = await executable(join(root, 'explicit', 'temporal'));
    const onPath = await executable(join(root, 'bin', 'temporal'));
    const server = await executable(join(root, 'explicit', 'test-server'));
    const found = await resolveTemporalCli({
      build: false,
      env: { ...env, PATH: join(onPath, '..'), TEMPORAL_CLI_PATH: cli },
    });
    expect(found).toEqual({ path: cli, source: 'env' });
    expect(
      await resolveTestServer({ build: false, env: { ...env, TEMPORAL_TEST_SERVER_PATH: server } }),
    ).toEqual({
      path: server,
      source: 'env',
    });
  });

  it('names the variable when an explicit path is not an executable', async () => {
    const bad = join(root, 'missing', 'temporal');
    await expect(
      resolveTemporalCli({ build: false, env: { ...env, TEMPORAL_CLI_PATH: bad } }),
    ).rejects.toThrow(BinarySetupError);
    await expect(
      resolveTemporalCli({ build: false, env: { ...env, TEMPORAL_CLI_PATH: bad } }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('takes a temporal on PATH before the cached build', async () => {
    const onPath = await executable(join(root, 'bin', 'temporal'));
    await executable(cachedCliPath(env));
    expect(await resolveTemporalCli({ build: false, env: { ...env, PATH: join(root, 'bin') } })).toEqual({
      path: onPath,
      source: 'path',
    });
  });

  it('uses the cached builds when nothing else is configured', async () => {
    const cli = await executable(cachedCliPath(env));
    const server = await executable(join(cachedTestServerDir(env), 'temporal-test-server'));
    expect(await resolveTemporalCli({ build: false, env })).toEqual({ path: cli, source: 'cache' });
    expect(await resolveTestServer({ build: false, env })).toEqual({ path: server, source: 'cache' });
  });

  it('leaves the download to the SDK when nothing is found and no toolchain can build', async () => {
    expect(await resolveTemporalCli({ build: true, env })).toBeUndefined();
    expect(await resolveTestServer({ build: true, env })).toBeUndefined();
  });
});
