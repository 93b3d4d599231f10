/**
 * The pid file names the embedded server so that a left-over one can be stopped. A pid is only a number: once
 * that server is gone the kernel may give it to any program, which must never be the one stopped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger.js';
import {
  isRunning,
  serverPidFile,
  stopLeftoverServer,
  writeServerPidFile,
} from '../../worker/server-pid-file.js';

const logger = createLogger({ level: 'silent', pretty: false });

async function pidFileNaming(pid: number): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pid-file-'));
  const file = serverPidFile(dataDir);
  writeServerPidFile(file, {
    pid,
    lifelinePid: pid,
    port: 7233,
    uiPort: 8233,
    db: join(dataDir, 'temporal.sqlite'),
    startedAt: new Date().toISOString(),
  });
  return file;
}

describe('a left-over server named by the pid file', () => {
  it('is not looked for in a process that now has its pid but is another program', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const file = await pidFileNaming(other.pid ?? 0);
      await stopLeftoverServer(file, logger);
      expect(isRunning(other.pid ?? 0)).toBe(true);
      expect(existsSync(file)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('leaves only a stale file to clear when its process is gone', async () => {
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const file = await pidFileNaming(gone.pid ?? 0);
    await stopLeftoverServer(file, logger);
    expect(existsSync(file)).toBe(false);
  });
});
