/**
 * The embedded default: a local Temporal dev server whose state lives in a SQLite file under the data folder,
 * so cases survive a restart. Started only when nothing answers at a loopback address (a server left by an
 * earlier run of ours is stopped first: see server-pid-file.ts), owned by the worker and restarted when it
 * dies (server-supervisor.ts).
 *
 * Its Web UI has no login and cannot be made read-only (the CLI's dev server takes no UI settings beyond port
 * and codec endpoint), so one click there could terminate or reset a case and stop its legal clock: the server
 * runs headless unless a UI is asked for. DPOs read cases with `breach status`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CASE_SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';
import { isLoopback, splitAddress } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import { serverAnswers } from '../infra/server-answers.js';
import { DEV_SERVER_SETTINGS } from '../infra/dev-server-settings.js';
import { resolveTemporalCli } from '../infra/temporal-binaries.js';
import { searchAttributeFlags } from './search-attributes.js';
import { serverPidFile, stopLeftoverServer } from './server-pid-file.js';
import { superviseServer } from './server-supervisor.js';

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

export interface EmbeddedServerOptions {
  address: string;
  namespace: string;
  dataDir: string;
  /** Without it, no Web UI. */
  ui?: EmbeddedUi;
  logger: Logger;
}

/**
 * The embedded server, unless a Temporal server that is not ours already answers at the address (one run by
 * hand, say): that one is used as it is, and the engine neither stops nor restarts it. A server left by an
 * earlier run of ours is not such a server: it is stopped first, so that this worker owns the one it uses.
 */
export async function ensureEmbeddedServer(
  options: EmbeddedServerOptions,
): Promise<EmbeddedServer | undefined> {
  const leftover = await stopLeftoverServer(serverPidFile(options.dataDir), options.logger);
  if (await serverAnswers(options.address)) {
    options.logger.warn(
      { address: options.address },
      leftover === 'owned'
        ? 'another breach-clock worker runs the Temporal server of this data folder: using it; it is that ' +
            "worker's to restart and stop"
        : 'a Temporal server not started by this engine answers here: using it; the engine will not restart it',
    );
    return undefined;
  }
  return startEmbeddedServer(options);
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
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
        ...(ui ? { uiPort: ui.port } : {}),
        extraArgs: [...DEV_SERVER_SETTINGS, ...(ui ? ['--ui-codec-endpoint', ui.codecEndpoint] : [])],
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
    ...DEV_SERVER_SETTINGS,
  ];
  options.logger.info({ cli: cli.path, db: dbFilename }, 'starting the embedded Temporal dev server');
  const pidFile = serverPidFile(options.dataDir);
  await stopLeftoverServer(pidFile, options.logger);
  const server = await superviseServer({
    spec: {
      command: cli.path,
      args,
      pidFile,
      record: { port, ...(ui ? { uiPort: ui.port } : {}), db: dbFilename },
    },
    address,
    logger: options.logger,
    answers: (at) => serverAnswers(at, 1000),
  });
  options.logger.info(
    { address, ui: uiUrl ?? 'off', pid: server.pid() },
    'embedded Temporal dev server is up',
  );
  return { address, ...(uiUrl ? { uiUrl } : {}), stop: () => server.stop() };
}
