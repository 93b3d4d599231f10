/**
 * Many open cases held at once: N items opened in batches (due long after the run), each left to settle, then
 * the workers' and the server's memory read with all of them open, and the server's database on disk. This is
 * the figure for 10,000 cases and more, where the engine's workflow cache (BREACH_CLOCK_CACHED_WORKFLOWS) holds
 * only some of them and the rest wait in the server until they wake.
 */
import { statSync } from 'node:fs';
import { openAll, ids } from './phases.js';
import { rssBytes, sum } from './proc.js';
import { settle } from './settle.js';
import type { Subject } from './subjects.js';

/** Items opened at once before the workers are left to settle. */
const HOLD_BATCH = 200;

export interface HoldResult {
  subject: Subject['label'];
  /** Items asked for, and those opened (fewer when memory ran short). */
  n: number;
  opened: number;
  openingWallMs: number;
  /** From the first start call until the workers settled. */
  settleMs: number;
  /** A batch did not settle within the hour: the figures are of busy workers. */
  unsettled: boolean;
  worker: { emptyBytes: number; openBytes: number; aboveEmptyBytes: number; perItemBytes: number };
  server: { beforeBytes: number; openBytes: number; perItemBytes: number };
  database: { beforeBytes: number; openBytes: number; perItemBytes: number };
}

/** The SQLite file with its write-ahead log: what the server keeps on disk. */
function databaseBytes(path: string): number {
  return [path, `${path}-wal`, `${path}-shm`].reduce((total, file) => {
    try {
      return total + statSync(file).size;
    } catch {
      return total;
    }
  }, 0);
}

export async function holdPhase(
  subject: Subject,
  options: {
    n: number;
    prefix: string;
    serverPid: number;
    databasePath: string;
    progress: (message: string) => void;
  },
): Promise<HoldResult> {
  subject.assertRunning();
  const workerRss = () => sum(subject.pids(), rssBytes);
  const emptyBytes = workerRss();
  const serverBefore = rssBytes(options.serverPid);
  const databaseBefore = databaseBytes(options.databasePath);
  const began = Date.now();
  options.progress(`${subject.label}: opening ${options.n} items to hold`);
  const started = new Map<string, number>();
  const items = ids(options.prefix, options.n);
  let openingWallMs = 0;
  let unsettled = false;
  // In batches, each left to settle: cases that accumulate over weeks, not one burst. Thousands started at
  // once opened far slower (466 in 13 minutes), most likely because they outrun the workflow cache.
  for (let from = 0; from < items.length; from += HOLD_BATCH) {
    const opening = await openAll(subject, items.slice(from, from + HOLD_BATCH), undefined, started);
    openingWallMs += opening.wallMs;
    if (!(await settle(subject, 3_600_000))) unsettled = true;
    if (opening.stoppedForMemory) break;
    if ((from / HOLD_BATCH) % 4 === 3) {
      options.progress(
        `${subject.label}: ${started.size} open; worker RSS ${Math.round(workerRss() / 1024 ** 2)} MiB`,
      );
    }
  }
  const settleMs = Date.now() - began;
  const opened = started.size;
  const openBytes = workerRss();
  const serverOpen = rssBytes(options.serverPid);
  const databaseOpen = databaseBytes(options.databasePath);
  options.progress(
    `${subject.label}: ${opened} open, settled after ` +
      `${Math.round(settleMs / 1000)} s; worker RSS ${Math.round(openBytes / 1024 ** 2)} MiB`,
  );
  const per = (bytes: number) => bytes / (opened || 1);
  return {
    subject: subject.label,
    n: options.n,
    opened,
    openingWallMs,
    unsettled,
    settleMs,
    worker: {
      emptyBytes,
      openBytes,
      aboveEmptyBytes: openBytes - emptyBytes,
      perItemBytes: per(openBytes - emptyBytes),
    },
    server: {
      beforeBytes: serverBefore,
      openBytes: serverOpen,
      perItemBytes: per(serverOpen - serverBefore),
    },
    database: {
      beforeBytes: databaseBefore,
      openBytes: databaseOpen,
      perItemBytes: per(databaseOpen - databaseBefore),
    },
  };
}
