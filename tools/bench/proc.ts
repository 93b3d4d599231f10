/**
 * A process's own resources as Linux keeps them: resident memory from /proc/<pid>/status (VmRSS), CPU time from
 * /proc/<pid>/stat (utime + stime, threads included), and the CPU of children this process has waited for
 * (cutime + cstime), which is how a short-lived command's CPU is read once it has exited.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of the stat fields (USER_HZ, 100 on nearly every Linux). */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number | 'self'): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU time of a running process (all its threads), in ms. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  // Fields 14 and 15 of stat(5), counted from the state field (3) here.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU time of this process's children that have exited and been waited for, in ms. */
export function childrenCpuMs(): number {
  const fields = statFields('self');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/** Resident set size of a running process, in bytes. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Memory the kernel says it can still give without swapping, in bytes. */
export function memAvailableBytes(): number {
  const match = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.POSITIVE_INFINITY;
}

export const sum = (pids: number[], read: (pid: number) => number) =>
  pids.reduce((total, pid) => total + read(pid), 0);

/**
 * Resolves once the processes together used less than `busyShare` of one core over `windowMs` (they went
 * idle), or when `timeoutMs` passes first; returns whether they went idle. `check` runs before each sample and
 * may throw (a process that has ended has no /proc entry to read).
 */
export async function waitIdle(
  pids: number[],
  options: { windowMs?: number; busyShare?: number; timeoutMs?: number; check?: () => void } = {},
): Promise<boolean> {
  const windowMs = options.windowMs ?? 2_000;
  const busyShare = options.busyShare ?? 0.05;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const samples: { at: number; cpu: number }[] = [];
  for (;;) {
    options.check?.();
    const at = Date.now();
    samples.push({ at, cpu: sum(pids, cpuMs) });
    while (samples.length > 1 && at - samples[1]!.at >= windowMs) samples.shift();
    const first = samples[0]!;
    if (at - first.at >= windowMs && (samples.at(-1)!.cpu - first.cpu) / (at - first.at) < busyShare) {
      return true;
    }
    if (at > deadline) return false;
    await sleep(250);
  }
}
