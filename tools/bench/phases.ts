/**
 * One measured run of a subject (project or floor): N items opened back to back with their due effect at one
 * instant a lead time later, the opening left to settle, then the instant itself, observed as the write time
 * of each item's due-effect file. Optionally a burst of N new items opened at that instant, and optionally each
 * item taken to the end of its life, for the CPU per life. Memory, CPU and histories are read around it.
 *
 * The lead must cover the opening, or the lag measured would be the opening's backlog: unless given, a pilot
 * of a few items (due long after the run) times the subject's opening first, and the lead is 2.5 times what N
 * items take at that pace. Settled is as settle.ts says: idle workers, nothing backlogged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { firstTaskLatencies, lagStages, lifeHistory, type LagStages, type LifeHistory } from './histories.js';
import { cpuMs, memAvailableBytes, rssBytes, sum } from './proc.js';
import { IDLE_WINDOW_MS, settle } from './settle.js';
import { inPool, spread, type Spread } from './stats.js';
import { ProcessDiedError } from './stack.js';
import { dueFiles, writeTimes, type Subject } from './subjects.js';

/** Start calls in flight at once while items open: a busy DPO team, or an integration, opening cases. */
export const OPEN_CONCURRENCY = 8;
/** Cases taken through the DPO's actions to closure at once. */
const LIFE_CONCURRENCY = 16;
/** Below this much free memory no further item is opened: the run reports what it reached instead. */
const MEMORY_RESERVE_BYTES = 1.5 * 1024 ** 3;
const PILOT_ITEMS = 20;
/** N items open slower than the pilot's few (the backlog grows as they open): room for that. */
const LEAD_FACTOR = 2.5;

export interface PhaseOptions {
  n: number;
  /** From the first start call to the due instant; measured by a pilot when not given. */
  leadMs?: number | undefined;
  serverPid: number;
  /** Ids are `<prefix>-00001`, ... */
  prefix: string;
  /** Open N new items at the due instant. */
  burst?: boolean;
  /** Take every item to the end of its life after its due effect, and count CPU over the whole life. */
  life?: boolean;
  progress: (message: string) => void;
}

export interface Opening {
  /** Start calls that returned, and how long each took (ms). */
  startCallMs: Spread;
  /** From the first start call until the last returned. */
  wallMs: number;
  /** Fewer items than asked were opened: memory ran short. */
  stoppedForMemory?: boolean;
}

export interface LifeFigures {
  workerCpuMs: number;
  serverCpuMs: number;
  history: LifeHistory;
}

export interface PhaseResult {
  subject: Subject['label'];
  /** Items due at the instant. */
  n: number;
  dueAt: number;
  leadMs: number;
  /** The pilot's pace, when a pilot set the lead: ms from start call to settled, per item. */
  pilotMsPerItem?: number;
  opening: Opening;
  /** From the first start call until the workers settled. */
  settleMs: number;
  /** How long before the due instant the workers settled after opening (negative: after it). */
  settledBeforeDueMs: number;
  /** Worker RSS before anything of this phase (pilot included), before the N opened, with them open. */
  rss: { emptyBytes: number; beforeBytes: number; openBytes: number; perItemBytes: number };
  /** Write time of each due-effect file minus the due instant (ms); `missing` never arrived in time. */
  lagMs: Spread & { missing: number };
  /** Where the lag goes, read from a sample of histories. */
  lagStages?: LagStages;
  /** From the client's start call until the item's first workflow task completed (ms), for a sample. */
  firstTaskMs: Spread;
  burst?: Opening;
  life?: LifeFigures;
  /** A worker or the server ended on its own while the due effects came in: why, and the end of its log. */
  stopped?: string;
}

export const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(5, '0')}`);

export async function openAll(
  subject: Subject,
  items: string[],
  dueAt: number | undefined,
  started: Map<string, number>,
) {
  const began = performance.now();
  const calls: number[] = [];
  let stoppedForMemory = false;
  await inPool(items, OPEN_CONCURRENCY, async (id, index) => {
    if (stoppedForMemory || (index % 50 === 0 && memAvailableBytes() < MEMORY_RESERVE_BYTES)) {
      stoppedForMemory = true;
      return;
    }
    started.set(id, Date.now());
    const t = performance.now();
    await subject.start(id, dueAt);
    calls.push(performance.now() - t);
  });
  const opening: Opening = { startCallMs: spread(calls), wallMs: performance.now() - began };
  return stoppedForMemory ? { ...opening, stoppedForMemory } : opening;
}

/** Polls the folder until every due item's file is there, or the time is up; returns how many are missing. */
async function awaitDueEffects(subject: Subject, due: Set<string>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    subject.assertRunning();
    const found = dueFiles(subject, due);
    if (found === due.size || Date.now() > deadline) return due.size - found;
    await sleep(1_000);
  }
}

/** The subject's opening pace, in ms per item, from a few items due long after the run. */
async function pilot(subject: Subject, prefix: string): Promise<number> {
  const began = performance.now();
  await openAll(subject, ids(`${prefix}-pilot`, PILOT_ITEMS), undefined, new Map());
  await settle(subject, 600_000);
  return Math.max(1, performance.now() - began - IDLE_WINDOW_MS) / PILOT_ITEMS;
}

export async function runPhase(subject: Subject, options: PhaseOptions): Promise<PhaseResult> {
  const { progress } = options;
  subject.assertRunning();
  const workerCpu = () => sum(subject.pids(), cpuMs);
  const serverCpu = () => cpuMs(options.serverPid);
  const rssEmpty = sum(subject.pids(), rssBytes);
  let leadMs = options.leadMs;
  let pilotMsPerItem: number | undefined;
  if (leadMs === undefined) {
    pilotMsPerItem = await pilot(subject, options.prefix);
    leadMs = Math.round(10_000 + LEAD_FACTOR * options.n * pilotMsPerItem);
    progress(`${subject.label}: pilot opened ${PILOT_ITEMS} at ${Math.round(pilotMsPerItem)} ms each`);
  }
  const rssBefore = sum(subject.pids(), rssBytes);
  const cpuBefore = { worker: workerCpu(), server: serverCpu() };
  const started = new Map<string, number>();
  const began = Date.now();
  const dueAt = began + leadMs;
  const items = ids(options.prefix, options.n);

  progress(`${subject.label}: opening ${items.length} items due in ${Math.round(leadMs / 1000)} s`);
  const opening = await openAll(subject, items, dueAt, started);
  const due = new Set(started.keys());
  await settle(subject, leadMs + 3_600_000);
  const settleMs = Date.now() - began;
  const settledBeforeDueMs = dueAt - Date.now();
  const rssOpen = sum(subject.pids(), rssBytes);
  progress(
    `${subject.label}: ${due.size} open after ${Math.round(opening.wallMs / 1000)} s, settled ` +
      `${Math.round(settleMs / 1000)} s after the first, ${Math.round(settledBeforeDueMs / 1000)} s before the due instant`,
  );

  let burst: Opening | undefined;
  if (options.burst) {
    await sleep(Math.max(0, dueAt - Date.now()));
    progress(`${subject.label}: opening ${items.length} new items at the due instant`);
    burst = await openAll(subject, ids(`${options.prefix}-new`, options.n), undefined, new Map());
  }
  let missing: number;
  let stopped: string | undefined;
  try {
    missing = await awaitDueEffects(subject, due, Math.max(0, dueAt - Date.now()) + 3_600_000);
  } catch (error) {
    // A worker (or the server) that ends while effects come in: what arrived until then is still a figure.
    if (!(error instanceof ProcessDiedError)) throw error;
    stopped = error.message;
    missing = due.size - dueFiles(subject, due);
  }
  const written = writeTimes(subject, due);
  const lags = [...written.values()].map((at) => at - dueAt);
  progress(`${subject.label}: ${lags.length} due effects observed${missing ? `, ${missing} missing` : ''}`);

  let life: LifeFigures | undefined;
  if (stopped) {
    progress(`${subject.label}: stopped early: ${stopped.split('\n')[0]}`);
  } else if (options.life) {
    await inPool([...due], LIFE_CONCURRENCY, (id) => subject.finish(id));
    await settle(subject, 3_600_000);
    const workerCpuMs = workerCpu() - cpuBefore.worker;
    const serverCpuMs = serverCpu() - cpuBefore.server;
    progress(`${subject.label}: ${due.size} lives ended`);
    life = { workerCpuMs, serverCpuMs, history: await lifeHistory(subject, [...due]) };
  } else {
    await settle(subject, 3_600_000);
  }
  const firstTaskMs = spread(await firstTaskLatencies(subject, started).catch(() => []));
  const stages = await lagStages(subject, written, dueAt).catch(() => undefined);

  return {
    subject: subject.label,
    n: due.size,
    dueAt,
    leadMs,
    ...(pilotMsPerItem !== undefined ? { pilotMsPerItem } : {}),
    opening,
    settleMs,
    settledBeforeDueMs,
    rss: {
      emptyBytes: rssEmpty,
      beforeBytes: rssBefore,
      openBytes: rssOpen,
      perItemBytes: (rssOpen - rssBefore) / (due.size || 1),
    },
    lagMs: { ...spread(lags), missing },
    ...(stages ? { lagStages: stages } : {}),
    firstTaskMs,
    ...(burst ? { burst } : {}),
    ...(life ? { life } : {}),
    ...(stopped ? { stopped } : {}),
  };
}
