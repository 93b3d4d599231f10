/**
 * The embedded server's pid file, `<data folder>/temporal-server.pid`: JSON naming the running server (pid,
 * ports, database, its lifeline and worker). The lifeline writes it when the server starts and removes it when
 * the server has exited, so a file naming a live server whose lifeline and worker are gone means a server
 * nobody supervises any more.
 *
 * Such a leftover is stopped, not adopted. An adopted server is not our child: no exit to wait on, no output
 * to log, no lifeline to take it down with the worker, and it runs with whatever flags (ports, binary
 * version) the earlier run gave it. Stopping it costs a second or two, and every case survives in the SQLite
 * database the fresh server opens. So there is one rule: every embedded server has a worker that owns it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../infra/logger.js';

export interface ServerRecord {
  pid: number;
  lifelinePid: number;
  /** The worker that started the lifeline: while both live, the server is theirs and nobody else's to stop. */
  workerPid: number;
  port: number;
  /** Absent when the server runs headless (the default). */
  uiPort?: number;
  /** The server's database; also how a pid is told apart from an unrelated process that reused it. */
  db: string;
  startedAt: string;
}

/** What the worker hands the lifeline: the server's command and what its pid file is to say. */
export interface LifelineSpec {
  command: string;
  args: string[];
  pidFile: string;
  record: Omit<ServerRecord, 'pid' | 'lifelinePid' | 'workerPid' | 'startedAt'>;
}

export function serverPidFile(dataDir: string): string {
  return join(dataDir, 'temporal-server.pid');
}

/** Written aside and renamed, so a reader sees the whole record or none; readable by the owner only. */
export function writeServerPidFile(file: string, record: ServerRecord): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

export function readServerPidFile(file: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerRecord>;
    return Number.isInteger(record.pid) && typeof record.db === 'string'
      ? (record as ServerRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file only while it still names `pid`: a newer server's record is never taken away. */
export function removeServerPidFile(file: string, pid: number): void {
  if (readServerPidFile(file)?.pid !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone: the same outcome.
  }
}

/** True while the process exists and is not a zombie waiting for its parent. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // No /proc (macOS): the signal test is all there is.
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** What the pid file named: nothing (or nothing running), a server another live worker owns, one stopped. */
export type LeftoverOutcome = 'none' | 'owned' | 'stopped';

/**
 * Stops the server a pid file names when no worker owns it any more (see the top of this file for why it is
 * not adopted), and clears a stale file. A pid that now belongs to another program is left alone, and so is
 * the server of another worker that still runs on this data folder.
 */
export async function stopLeftoverServer(file: string, logger: Logger): Promise<LeftoverOutcome> {
  const record = readServerPidFile(file);
  if (!record) return 'none';
  const clear = (): LeftoverOutcome => {
    removeServerPidFile(file, record.pid);
    return 'none';
  };
  if (!isRunning(record.pid)) return clear();
  if (!commandLine(record.pid)?.includes(record.db)) {
    logger.info({ pid: record.pid, file }, 'the pid file names a process that is no Temporal server of ours');
    return clear();
  }
  if (isRunning(record.lifelinePid)) {
    if (isRunning(record.workerPid)) return 'owned';
    // Its worker has just died, and the lifeline is stopping the server: give it the time it takes.
    if (await waitUntilGone(record.pid, 15_000)) return clear();
  }
  logger.warn(
    { pid: record.pid, port: record.port, startedAt: record.startedAt, db: record.db },
    'a Temporal server left running by an earlier run has no worker any more: stopping it, then starting ' +
      'a fresh one on the same database',
  );
  process.kill(record.pid, 'SIGTERM');
  if (!(await waitUntilGone(record.pid, 10_000))) {
    process.kill(record.pid, 'SIGKILL');
    if (!(await waitUntilGone(record.pid, 5_000))) {
      throw new Error(`the Temporal server left by an earlier run (pid ${record.pid}) does not stop`);
    }
  }
  removeServerPidFile(file, record.pid);
  return 'stopped';
}
