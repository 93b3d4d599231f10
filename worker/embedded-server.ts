/**
 * The embedded default: a local Temporal dev server whose state lives in a SQLite file under the data folder,
 * so cases survive a restart. Started only when nothing answers at a loopback address.
 *
 * Its Web UI has no login and cannot be made read-only (the CLI's dev server takes no UI settings beyond port
 * and codec endpoint), so one click there could terminate or reset a case and stop its legal clock: the server
 * runs headless unless a UI is asked for. DPOs read cases with `breach status`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CASE_SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';
import { isLoopback, splitAddress } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import { searchAttributeFlags } from './search-attributes.js';
import { resolveTemporalCli } from '../infra/temporal-binaries.js';

export interface EmbeddedServer {
  address: string;
  /** Only when a Web UI was asked for. */
  uiUrl?: string;
  stop(): Promise<void>;
}

export interface EmbeddedUi {
  port: number;
  /** The remote codec the UI's pages call to show payloads in clear (infra/codec-server.ts). */
  codecEndpoint: string;
}

// Kept where the worker has always found them; the CLI reads the same from the configuration.
export { isLoopback, splitAddress };

/** True when a Temporal frontend answers at the address within the timeout. */
export async function serverAnswers(address: string, timeoutMs = 2000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

export async function startEmbeddedServer(options: {
  address: string;
  namespace: string;
  dataDir: string;
  /** Without it, no Web UI. */
  ui?: EmbeddedUi;
  logger: Logger;
}): Promise<EmbeddedServer> {
  const { port } = splitAddress(options.address);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const dbFilename = join(options.dataDir, 'temporal.sqlite');
  const { ui } = options;
  const uiUrl = ui ? `http://localhost:${ui.port}` : undefined;
  const address = `127.0.0.1:${port}`;
  const cli = await resolveTemporalCli({ build: true, progress: (message) => options.logger.info(message) });

  if (!cli) {
    options.logger.warn('no local Temporal CLI and no Go toolchain: using the SDK download (needs internet)');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port,
        namespace: options.namespace,
        dbFilename,
        ui: Boolean(ui),
        ...(ui ? { uiPort: ui.port, extraArgs: ['--ui-codec-endpoint', ui.codecEndpoint] } : {}),
        searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
      },
    });
    return { address, ...(uiUrl ? { uiUrl } : {}), stop: () => env.teardown() };
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(ui ? ['--ui-port', String(ui.port), '--ui-codec-endpoint', ui.codecEndpoint] : ['--headless']),
    '--namespace',
    options.namespace,
    '--db-filename',
    dbFilename,
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...searchAttributeFlags(),
  ];
  options.logger.info({ cli: cli.path, db: dbFilename }, 'starting the embedded Temporal dev server');
  // Own process group: Ctrl-C reaches us alone, so the worker drains before the server goes away.
  const child = spawn(cli.path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  forwardOutput(child, options.logger);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await serverAnswers(address, 1000);
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(
      `the embedded Temporal server did not start at ${address} (exit code ${child.exitCode ?? 'none'})`,
    );
  }
  options.logger.info({ address, ui: uiUrl ?? 'off' }, 'embedded Temporal dev server is up');

  return {
    address,
    ...(uiUrl ? { uiUrl } : {}),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function forwardOutput(child: ChildProcess, logger: Logger): void {
  const log = logger.child({ component: 'temporal-server' });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim()) log.debug(line);
      }
    });
  }
}
