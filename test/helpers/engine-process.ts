/**
 * The engine as a service manager runs it: `node dist/worker/main.js` in a process of its own, on a data
 * folder and ports of its own, its JSON log lines collected for the test to wait on. Runs the built engine
 * (npm test builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { readServerPidFile, serverPidFile, type ServerRecord } from '../../worker/server-pid-file.js';
import { writeTestKeyFile } from './payload-keys.js';
import { afterEach } from 'vitest';
import { freeLoopbackPort } from '../../infra/loopback-port.js';

export const WORKER = fileURLToPath(new URL('../../dist/worker/main.js', import.meta.url));

/** A pino line as the engine writes it off a terminal: JSON with `msg` and its fields. */
export type LogLine = { msg: string; level: number } & Record<string, unknown>;

export interface EngineProcess {
  child: ChildProcess;
  /** Every JSON line from stdout, in order. */
  lines: LogLine[];
  /** Whatever was not a JSON line, from stdout or stderr: nothing, when everything goes through pino. */
  stray: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first line `matches` accepts, waiting up to `timeoutMs`; fails with the lines seen so far. */
  waitForLog(matches: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/** A port nothing listens on at this moment. */
export const freePort = freeLoopbackPort;

export interface EngineSite {
  dataDir: string;
  /** TEMPORAL_ADDRESS for the engine and the CLI. */
  address: string;
  env: Record<string, string>;
}

/** A data folder and free ports for an embedded engine: the same site for each start of a test. */
export async function engineSite(): Promise<EngineSite> {
  const dataDir = await mkdtemp(join(tmpdir(), 'engine-'));
  const address = `127.0.0.1:${await freePort()}`;
  return {
    dataDir,
    address,
    env: {
      BREACH_CLOCK_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: address,
      BREACH_CLOCK_UI_PORT: String(await freePort()),
    },
  };
}

/**
 * An engine pointed at a server the test started (no embedded server), on a task queue of its own, with a data
 * folder holding the tests' payload key, so that the test's client reads what the engine writes.
 */
export async function engineOnServer(address: string, taskQueue: string): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), `${taskQueue}-`));
  writeTestKeyFile(dataDir);
  return {
    TEMPORAL_ADDRESS: address,
    BREACH_CLOCK_EMBEDDED: 'off',
    BREACH_CLOCK_DATA_DIR: dataDir,
    BREACH_CLOCK_TASK_QUEUE: taskQueue,
  };
}

/** The environment a service manager would give: nothing of the tester's own BREACH_CLOCK_ settings. */
function engineEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const passed = ['PATH', 'HOME', 'XDG_CACHE_HOME', 'BREACH_CLOCK_CACHE', 'TEMPORAL_CLI_PATH'];
  return {
    ...Object.fromEntries(passed.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    TZ: 'UTC',
    LOG_LEVEL: 'info',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    ...env,
  };
}

export function startEngine(
  env: Record<string, string>,
  options: { nodeOptions?: string[] } = {},
): EngineProcess {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), WORKER], {
    env: engineEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const stray: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.trim()) continue;
        try {
          lines.push(JSON.parse(part) as LogLine);
        } catch {
          stray.push(part);
        }
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stray,
    exited,
    async waitForLog(matches, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(matches);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
          const seen = lines.map((line) => line.msg).join('\n  ');
          throw new Error(`no such log line within ${timeoutMs} ms; seen:\n  ${seen}\n${stray.join('\n')}`);
        }
        await sleep(100);
      }
    },
  };
}

export const isRunningLine = (line: LogLine) => line.msg.startsWith('breach-clock worker running');

/** The embedded server's pid file, once the lifeline has written it. */
export async function serverRecord(dataDir: string, timeoutMs = 10_000): Promise<ServerRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = readServerPidFile(serverPidFile(dataDir));
    if (record) return record;
    if (Date.now() > deadline) throw new Error(`no server pid file in ${dataDir}`);
    await sleep(100);
  }
}

/** Resolves true once `check` holds, false when `timeoutMs` passes first. */
export async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Stops an engine that a test left running, so no process outlives the test file. */
export async function stopEngine(engine: EngineProcess | undefined): Promise<void> {
  if (!engine || engine.child.exitCode !== null || engine.child.signalCode !== null) return;
  engine.child.kill('SIGTERM');
  const stopped = await Promise.race([engine.exited, sleep(20_000).then(() => undefined)]);
  if (!stopped) engine.child.kill('SIGKILL');
}

/**
 * Starts engines for the tests of one file, and stops after each test the engines it started (also when the
 * test failed), so that no worker or server outlives its test.
 */
export function enginesStoppedAfterEach(): (
  env: Record<string, string>,
  options?: { nodeOptions?: string[] },
) => EngineProcess {
  let engines: EngineProcess[] = [];
  afterEach(async () => {
    await Promise.all(engines.map(stopEngine));
    engines = [];
  });
  return (env, options = {}) => {
    const engine = startEngine(env, options);
    engines.push(engine);
    return engine;
  };
}
