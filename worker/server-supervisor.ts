/**
 * Keeps the embedded Temporal server running for as long as the worker runs. While it is down no deadline
 * clock runs (timers fire only in a running server), so a server that dies is started again on the same
 * database at once, then with a growing pause if it keeps dying, each time with a log line that says so.
 *
 * The server runs under a lifeline process (server-lifeline.ts) in a process group of its own: Ctrl-C
 * reaches the worker alone, so it drains before its server goes, and the lifeline takes the server down when
 * the worker dies in a way no handler sees (kill -9).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../infra/logger.js';
import { stopLeftoverServer, type LifelineSpec } from './server-pid-file.js';

export interface SupervisedServer {
  /** The server's pid while one runs. */
  pid(): number | undefined;
  /** Stops the server and stops restarting it. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  spec: LifelineSpec;
  address: string;
  logger: Logger;
  /** True when a Temporal frontend answers at the address. */
  answers: (address: string) => Promise<boolean>;
  /** How long a fresh server may take to answer. */
  readyTimeoutMs?: number;
}

const START_ATTEMPTS = 3;
const START_RETRY_DELAY_MS = 500;
/** Lines of the server's own output kept, to say why a server that ended did. */
const OUTPUT_LINES_KEPT = 10;
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
// A server that ran this long before dying was healthy: the next restart starts again at the short pause.
const HEALTHY_RUN_MS = 60_000;
const LIFELINE_STOP_TIMEOUT_MS = 15_000;

interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The compiled lifeline beside this file; from the TypeScript sources (tests), the one in dist/. */
function lifelineScript(): string {
  const beside = fileURLToPath(new URL('./server-lifeline.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../dist/worker/server-lifeline.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`no compiled server lifeline at ${built}: run "npm run build" first`);
}

/**
 * Starts the server and resolves once it answers; rejects when it does not start. A server that exits on its
 * own while starting is started again, up to START_ATTEMPTS in all: the dev server picks free ports for its
 * inner services and binds them a moment later, so another program can take one in between, and the server
 * then ends at once (a Go panic, exit code 2). A server that never answers is not tried again.
 */
export async function superviseServer(options: SupervisorOptions): Promise<SupervisedServer> {
  const supervisor = new Supervisor(options);
  for (let attempt = 1; ; attempt++) {
    try {
      await supervisor.launch();
      return supervisor;
    } catch (error) {
      if (!(error instanceof ServerExitedError) || attempt >= START_ATTEMPTS) throw error;
      options.logger.warn(
        { address: options.address, exit: error.exit, output: error.output, attempt },
        'the embedded Temporal server ended while starting; starting it again',
      );
      await stopLeftoverServer(options.spec.pidFile, options.logger);
      await sleep(START_RETRY_DELAY_MS);
    }
  }
}

/** The server ended by itself before it answered, with its last lines of output. */
export class ServerExitedError extends Error {
  override name = 'ServerExitedError';
  constructor(
    address: string,
    readonly exit: string,
    readonly output: string[],
  ) {
    const last = output.at(-1);
    super(`the embedded Temporal server did not start at ${address} (${exit})${last ? `: ${last}` : ''}`);
  }
}

class Supervisor implements SupervisedServer {
  private child: ChildProcess | undefined;
  private serverPid: number | undefined;
  private stopping = false;
  private readonly wake = new AbortController();
  private nextDelayMs = FIRST_RESTART_DELAY_MS;
  private readonly log: Logger;

  constructor(private readonly options: SupervisorOptions) {
    this.log = options.logger;
  }

  pid(): number | undefined {
    return this.serverPid;
  }

  /** One server under one lifeline, until it answers; it is killed again when it does not. */
  async launch(): Promise<void> {
    const child = spawn(process.execPath, [lifelineScript(), JSON.stringify(this.options.spec)], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.serverPid = undefined;
    const output = forwardOutput(child, this.log);
    let exit: ServerExit | undefined;
    child.on('message', (message: { kind?: string; pid?: number } & Partial<ServerExit>) => {
      if (message.kind === 'started') this.serverPid = message.pid;
      if (message.kind === 'exited') exit = { code: message.code ?? null, signal: message.signal ?? null };
    });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let readyAt: number | undefined;
    // 'close' comes after the last message, so the server's own exit status is known by then.
    child.once('close', () => {
      if (child !== this.child || this.stopping || readyAt === undefined) return;
      this.serverPid = undefined;
      const ranMs = Date.now() - readyAt;
      if (ranMs >= HEALTHY_RUN_MS) this.nextDelayMs = FIRST_RESTART_DELAY_MS;
      void this.restart(exit ?? { code: child.exitCode, signal: child.signalCode }, ranMs);
    });

    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      if (await this.options.answers(this.options.address)) {
        readyAt = Date.now();
        return;
      }
      await sleep(200);
    }
    const ended = child.exitCode !== null || child.signalCode !== null;
    // Its output and exit status are all in once the lifeline's streams have closed.
    if (ended) await Promise.race([closed, sleep(2_000, undefined, { ref: false })]);
    const status = exit ?? { code: child.exitCode, signal: child.signalCode };
    await this.stopChild(child);
    if (ended) throw new ServerExitedError(this.options.address, describeExit(status), output);
    throw new Error(
      `the embedded Temporal server did not answer at ${this.options.address} within ` +
        `${Math.round((this.options.readyTimeoutMs ?? 60_000) / 1000)} s`,
    );
  }

  private takeDelay(): number {
    const delayMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
    return delayMs;
  }

  private async restart(exit: ServerExit, ranMs: number): Promise<void> {
    let delayMs = this.takeDelay();
    this.log.error(
      { address: this.options.address, exit: describeExit(exit), ranMs, restartInMs: delayMs },
      'the embedded Temporal server stopped unexpectedly, and no deadline clock runs while it is down: ' +
        'restarting it',
    );
    while (!this.stopping) {
      await sleep(delayMs, undefined, { signal: this.wake.signal }).catch(() => undefined);
      if (this.stopping) return;
      try {
        // A lifeline killed on its own leaves its server running: that one goes first.
        await stopLeftoverServer(this.options.spec.pidFile, this.log);
        await this.launch();
        this.log.info(
          { address: this.options.address, pid: this.serverPid },
          'the embedded Temporal server is up again',
        );
        return;
      } catch (error) {
        if (this.stopping) return; // Stopped while it started: that is why it did not.
        delayMs = this.takeDelay();
        this.log.error(
          { err: error, restartInMs: delayMs },
          'the embedded Temporal server could not be restarted; trying again',
        );
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    if (this.child) await this.stopChild(this.child);
  }

  /** The lifeline stops its server (SIGTERM, then SIGKILL after 10 s) and exits; this waits for that. */
  private async stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    const timeout = sleep(LIFELINE_STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await stopLeftoverServer(this.options.spec.pidFile, this.log);
    }
  }
}

function describeExit(exit: ServerExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'no exit status' : `exit code ${exit.code}`;
}

/** The server's output to the debug log; returns its last lines, kept as they come. */
function forwardOutput(child: ChildProcess, logger: Logger): string[] {
  const log = logger.child({ component: 'temporal-server' });
  const kept: string[] = [];
  const keep = (line: string) => {
    if (!line.trim()) return;
    log.debug(line);
    kept.push(line.trim());
    if (kept.length > OUTPUT_LINES_KEPT) kept.shift();
  };
  for (const stream of [child.stdout, child.stderr]) {
    // A line may come in two chunks: the part after the last newline waits for the rest.
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(keep);
    });
    stream?.on('end', () => keep(partial));
  }
  return kept;
}
