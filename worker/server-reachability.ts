/**
 * Loud failure. A worker whose Temporal server is gone does not crash: the SDK retries its polls forever, so
 * from outside the engine looks alive while no deadline clock runs. Instead the server is probed on its own
 * connection, and once it has been unreachable for longer than the grace period the engine says so plainly
 * and stops with EX_UNAVAILABLE, so that a service manager restarts it and its restart limit, not silence,
 * is what an operator meets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from '@temporalio/worker';
import type { Logger } from '../infra/logger.js';

/** sysexits.h EX_UNAVAILABLE: a service this program needs is not available. */
export const EXIT_UNREACHABLE = 69;

export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
  constructor(
    readonly address: string,
    readonly since: Date,
    readonly graceMs: number,
  ) {
    super(
      `The Temporal server at ${address} has been unreachable since ${since.toISOString()}, longer than ` +
        `the grace period of ${formatDuration(graceMs)} (BREACH_CLOCK_UNREACHABLE_GRACE). No deadline clock ` +
        'is running: no reminder, escalation or processor chase fires until the engine reaches its server ' +
        `again. Stopping with exit code ${EXIT_UNREACHABLE} so that the service manager restarts the engine; ` +
        'check that the Temporal server runs and that TEMPORAL_ADDRESS names it.',
    );
  }
}

export interface ReachabilityOptions {
  address: string;
  graceMs: number;
  /** True when the server answers; resolves false (never rejects) when it does not. */
  probe: (timeoutMs: number) => Promise<boolean>;
  logger: Logger;
  /** Ends a wait early (a stop requested while starting). */
  signal?: AbortSignal;
}

export interface ReachabilityWatch {
  /** Rejects with ServerUnreachableError when the grace period passes; never resolves. */
  lost: Promise<never>;
  stop(): void;
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** Several probes fit in the grace period, but never more than one every 250 ms or fewer than one in 5 s. */
function probeTiming(graceMs: number): { intervalMs: number; timeoutMs: number } {
  const intervalMs = Math.min(Math.max(graceMs / 4, 250), 5_000);
  return { intervalMs, timeoutMs: Math.min(Math.max(intervalMs, 1_000), 5_000) };
}

/**
 * Resolves once the server answers; rejects with ServerUnreachableError when it has not answered within the
 * grace period, counted from the first attempt.
 */
export async function waitUntilReachable(options: ReachabilityOptions): Promise<void> {
  const { intervalMs, timeoutMs } = probeTiming(options.graceMs);
  const since = Date.now();
  let warned = false;
  while (!options.signal?.aborted) {
    if (await options.probe(timeoutMs)) {
      if (warned) options.logger.info({ address: options.address }, 'the Temporal server answers');
      return;
    }
    if (Date.now() - since >= options.graceMs) {
      throw new ServerUnreachableError(options.address, new Date(since), options.graceMs);
    }
    if (!warned) {
      warned = true;
      options.logger.warn(
        { address: options.address, graceMs: options.graceMs },
        `the Temporal server does not answer; waiting up to ${formatDuration(options.graceMs)} for it`,
      );
    }
    await sleep(intervalMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** Probes the server while the worker runs; `lost` rejects once it stays unreachable past the grace period. */
export function watchReachability(options: Omit<ReachabilityOptions, 'signal'>): ReachabilityWatch {
  const { intervalMs, timeoutMs } = probeTiming(options.graceMs);
  const stopped = new AbortController();
  const log = options.logger;
  const lost = (async (): Promise<never> => {
    let since: number | undefined;
    for (;;) {
      await sleep(intervalMs, undefined, { signal: stopped.signal });
      const attemptAt = Date.now();
      const answers = await options.probe(timeoutMs);
      if (stopped.signal.aborted) break;
      if (answers) {
        if (since !== undefined) {
          log.info(
            { address: options.address, downMs: attemptAt - since },
            'the Temporal server answers again',
          );
        }
        since = undefined;
        continue;
      }
      if (since === undefined) {
        since = attemptAt;
        log.warn(
          { address: options.address, graceMs: options.graceMs },
          'the Temporal server stopped answering; no deadline clock runs until it is back, and the engine ' +
            `stops if it stays unreachable for ${formatDuration(options.graceMs)}`,
        );
      }
      if (Date.now() - since >= options.graceMs) {
        throw new ServerUnreachableError(options.address, new Date(since), options.graceMs);
      }
    }
    // Stopped: stay pending, as a watch that was called off has nothing to report.
    return new Promise<never>(() => {});
  })().catch((error: unknown) => {
    if (stopped.signal.aborted) return new Promise<never>(() => {});
    throw error;
  });
  return { lost, stop: () => stopped.abort() };
}

/**
 * Runs the worker until it stops (a signal), or until the server stays unreachable past the grace period:
 * then the worker is asked to stop, given a few seconds (without a server it can finish nothing), and the
 * ServerUnreachableError is thrown.
 */
export async function runWhileReachable(worker: Worker, watch: ReachabilityWatch): Promise<void> {
  const running = worker.run();
  try {
    await Promise.race([running, watch.lost]);
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error;
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.race([running.catch(() => undefined), sleep(10_000, undefined, { ref: false })]);
    throw error;
  } finally {
    watch.stop();
  }
}
