/**
 * What the benchmark runs on, all of its own: a Temporal dev server from the project's resolved binary (headless,
 * a SQLite file in a temporary folder, as the embedded server runs), K workers of the engine exactly as
 * `npm start` runs them (dist/worker/main.js, pointed at that server with BREACH_CLOCK_EMBEDDED=off, mail to
 * the outbox, register in SQLite), and K floor workers. Every one is a child process, so its memory and CPU are
 * its own to read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { encryptingDataConverter } from '../../infra/payload-codec.js';
import { generateKey, keyRing, LOCAL_KEY_FILE_NAME, writeKeyFile } from '../../infra/payload-keys.js';
import { freeLoopbackPort } from '../../infra/loopback-port.js';
import { serverAnswers } from '../../infra/server-answers.js';
import { resolveTemporalCli } from '../../infra/temporal-binaries.js';
import { DEV_SERVER_SETTINGS } from '../../infra/dev-server-settings.js';

/** The project's folder, from dist/tools/bench/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENGINE_WORKER = fileURLToPath(new URL('../../worker/main.js', import.meta.url));
const FLOOR_WORKER = fileURLToPath(new URL('./floor-worker.js', import.meta.url));

export const NAMESPACE = 'default';
export const PROJECT_TASK_QUEUE = 'breach-clock';
export const FLOOR_TASK_QUEUE = 'bench-floor';

export interface ChildHandle {
  pid: number;
  child: ChildProcess;
  log: string;
  /** What it is, for messages: "the engine worker 1". */
  name: string;
  stop(): Promise<void>;
}

export interface BenchStack {
  dir: string;
  address: string;
  cli: string;
  server: ChildHandle;
  /** Milliseconds from spawning the server until it answered. */
  serverStartMs: number;
  /** The engine's data folder: register, outbox, payload key. */
  dataDir: string;
  /** The server's SQLite file. */
  databasePath: string;
  outbox: string;
  floorDir: string;
  projectWorkers: ChildHandle[];
  floorWorkers: ChildHandle[];
  /** Encrypts and decrypts with the engine's payload key, as `breach` does. */
  client: Client;
  /** Plain payloads, as a bare workflow takes them. */
  floorClient: Client;
  /** Environment for a child that talks to this server (the CLI, say). */
  env: Record<string, string>;
  /** The memory settings the engine's first worker says it runs with. */
  engineMemory: EngineMemory;
  stop(): Promise<void>;
}

export interface EngineMemory {
  cachedWorkflows: number;
  /** The heap limit of its workflow thread, as the worker writes it (631MiB). */
  workflowHeap: string;
}

/** The memory settings from the engine worker's running line (worker/main.ts). */
function engineMemory(runningLine: string): EngineMemory {
  const fields = JSON.parse(runningLine) as Partial<EngineMemory>;
  if (typeof fields.cachedWorkflows !== 'number' || typeof fields.workflowHeap !== 'string') {
    throw new Error(`the engine worker's running line lacks its memory settings: ${runningLine}`);
  }
  return { cachedWorkflows: fields.cachedWorkflows, workflowHeap: fields.workflowHeap };
}

const running = new Set<ChildProcess>();
// Whatever ends the benchmark, nothing it started outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Only what a service manager would pass: none of the caller's own BREACH_CLOCK_ or Temporal settings. */
export function baseEnv(): Record<string, string> {
  const passed = ['PATH', 'HOME', 'XDG_CACHE_HOME', 'BREACH_CLOCK_CACHE', 'TEMPORAL_CLI_PATH'];
  return {
    ...Object.fromEntries(passed.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    TZ: 'UTC',
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
  };
}

/** A process the benchmark measures ended on its own: what was measured until then still counts. */
export class ProcessDiedError extends Error {
  override name = 'ProcessDiedError';
}

/** Throws when any of the processes has ended, naming it, how it ended and the end of its log. */
export function assertRunning(handles: ChildHandle[]): void {
  for (const handle of handles) {
    const { exitCode, signalCode } = handle.child;
    if (exitCode === null && signalCode === null) continue;
    const tail = readFileSync(handle.log, 'utf8').trimEnd().split('\n').slice(-6).join('\n');
    throw new ProcessDiedError(
      `${handle.name} (pid ${handle.pid}) ended on its own (${signalCode ?? `exit code ${exitCode}`}); ` +
        `the end of its log, ${handle.log}:\n${tail}`,
    );
  }
}

function spawnLogged(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  log: string,
): ChildHandle {
  const fd = openSync(log, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return {
    pid: child.pid!,
    child,
    log,
    name,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits for the first log line that contains `text`, and returns it. */
async function waitForLog(handle: ChildHandle, text: string, what: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readFileSync(handle.log, 'utf8');
    const line = log.split('\n').find((candidate) => candidate.includes(text));
    if (line !== undefined) return line;
    if (handle.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${what} did not start; the end of its log (${handle.log}):\n${log.slice(-3000)}`);
    }
    await sleep(100);
  }
}

/** The dev server as the embedded engine starts it, headless, on a SQLite file (or in memory). */
export async function startServer(options: { dir: string; cli: string; inMemory?: boolean }) {
  const port = await freeLoopbackPort();
  const address = `127.0.0.1:${port}`;
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    NAMESPACE,
    ...(options.inMemory ? [] : ['--db-filename', join(options.dir, 'temporal.sqlite')]),
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...DEV_SERVER_SETTINGS,
  ];
  const began = performance.now();
  const server = spawnLogged(
    'the Temporal dev server',
    options.cli,
    args,
    baseEnv(),
    join(options.dir, `server-${port}.log`),
  );
  const deadline = Date.now() + 60_000;
  while (!(await serverAnswers(address, 1_000))) {
    if (server.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the Temporal dev server did not start: see ${server.log}`);
    }
    await sleep(50);
  }
  return { server, address, startMs: performance.now() - began };
}

export async function requireCli(): Promise<string> {
  const cli = await resolveTemporalCli({ build: false });
  if (!cli) throw new Error('No Temporal CLI: run "npm run setup" first (npm run bench does).');
  return cli.path;
}

export async function startStack(options: {
  workers: number;
  /** BREACH_CLOCK_CACHED_WORKFLOWS of the engine's workers; their default when not given. */
  cachedWorkflows?: number;
}): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), 'breach-bench-'));
  const cli = await requireCli();
  const { server, address, startMs } = await startServer({ dir, cli });
  const dataDir = join(dir, 'data');
  const floorDir = join(dir, 'floor');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(floorDir, { mode: 0o700 });
  // The key every worker and the benchmark's client share, where the engine would generate it.
  const keyFile = join(dataDir, LOCAL_KEY_FILE_NAME);
  const key = generateKey();
  writeKeyFile(keyFile, [key]);
  const env = {
    ...baseEnv(),
    TEMPORAL_ADDRESS: address,
    BREACH_CLOCK_DATA_DIR: dataDir,
    BREACH_CLOCK_TASK_QUEUE: PROJECT_TASK_QUEUE,
    ...(options.cachedWorkflows !== undefined
      ? { BREACH_CLOCK_CACHED_WORKFLOWS: String(options.cachedWorkflows) }
      : {}),
  };

  let memory: EngineMemory | undefined;
  const projectWorkers: ChildHandle[] = [];
  const floorWorkers: ChildHandle[] = [];
  const stopAll = async () => {
    await Promise.all([...projectWorkers, ...floorWorkers].map((w) => w.stop()));
    await server.stop();
  };
  try {
    // One after the other: the first bundles the workflow code, unless a start before kept it, and the others
    // read what it kept.
    for (let i = 0; i < options.workers; i++) {
      const worker = spawnLogged(
        `the engine worker ${i + 1}`,
        process.execPath,
        [ENGINE_WORKER],
        { ...env, BREACH_CLOCK_EMBEDDED: 'off', LOG_LEVEL: 'info' },
        join(dir, `engine-worker-${i + 1}.log`),
      );
      projectWorkers.push(worker);
      const line = await waitForLog(worker, 'breach-clock worker running', 'the engine worker');
      memory ??= engineMemory(line);
    }
    if (!memory) throw new Error('the benchmark starts at least one engine worker');
    for (let i = 0; i < options.workers; i++) {
      const worker = spawnLogged(
        `the floor worker ${i + 1}`,
        process.execPath,
        [FLOOR_WORKER, address, FLOOR_TASK_QUEUE, floorDir],
        baseEnv(),
        join(dir, `floor-worker-${i + 1}.log`),
      );
      floorWorkers.push(worker);
      await waitForLog(worker, 'floor worker running', 'the floor worker');
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const connection = await Connection.connect({ address });
  const ring = keyRing([key], keyFile);
  return {
    dir,
    address,
    cli,
    server,
    serverStartMs: startMs,
    dataDir,
    databasePath: join(dir, 'temporal.sqlite'),
    outbox: join(dataDir, 'outbox'),
    floorDir,
    projectWorkers,
    floorWorkers,
    client: new Client({ connection, namespace: NAMESPACE, dataConverter: encryptingDataConverter(ring) }),
    floorClient: new Client({ connection, namespace: NAMESPACE }),
    env,
    engineMemory: memory,
    async stop() {
      await connection.close();
      await stopAll();
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
