/**
 * The pid file names the embedded server so that a left-over one can be stopped. A pid is only a number: once
 * that server is gone the kernel may give it to any program, which must never be the one stopped; and a
 * server whose worker still runs is that worker's, even when a second engine starts on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger.js';
import {
  isRunning,
  serverPidFile,
  stopLeftoverServer,
  writeServerPidFile,
  type ServerRecord,
} from '../../worker/server-pid-file.js';

const logger = createLogger({ level: 'silent', pretty: false });
let started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started) child.kill('SIGKILL');
  started = [];
});

/** A process that idles for 30 s, with `marker` in its command line as a server has its database. */
function idle(marker = 'idle'): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)', marker], { stdio: 'ignore' });
  started.push(child);
  return child.pid ?? 0;
}

async function goneProcess(): Promise<number> {
  const gone = spawn('true', { stdio: 'ignore' });
  await new Promise((resolve) => gone.once('exit', resolve));
  return gone.pid ?? 0;
}

async function pidFile(record: (db: string) => Pick<ServerRecord, 'pid' | 'lifelinePid' | 'workerPid'>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pid-file-'));
  const file = serverPidFile(dataDir);
  const db = join(dataDir, 'temporal.sqlite');
  writeServerPidFile(file, {
    ...record(db),
    port: 7233,
    uiPort: 8233,
    db,
    startedAt: new Date().toISOString(),
  });
  return file;
}

describe('a server named by the pid file', () => {
  it('is not looked for in a process that now has its pid but is another program', async () => {
    const other = idle();
    const file = await pidFile(() => ({ pid: other, lifelinePid: other, workerPid: other }));
    expect(await stopLeftoverServer(file, logger)).toBe('none');
    expect(isRunning(other)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('leaves only a stale file to clear when its process is gone', async () => {
    const gone = await goneProcess();
    const file = await pidFile(() => ({ pid: gone, lifelinePid: gone, workerPid: gone }));
    expect(await stopLeftoverServer(file, logger)).toBe('none');
    expect(existsSync(file)).toBe(false);
  });

  it('is left to its worker while that worker and its lifeline run', async () => {
    const lifeline = idle();
    let server = 0;
    const file = await pidFile((db) => {
      server = idle(db);
      return { pid: server, lifelinePid: lifeline, workerPid: process.pid };
    });
    expect(await stopLeftoverServer(file, logger)).toBe('owned');
    expect(isRunning(server)).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('is stopped when its lifeline and worker are gone', async () => {
    const gone = await goneProcess();
    let server = 0;
    const file = await pidFile((db) => {
      server = idle(db);
      return { pid: server, lifelinePid: gone, workerPid: gone };
    });
    expect(await stopLeftoverServer(file, logger)).toBe('stopped');
    expect(isRunning(server)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});
