/**
 * `npm start`: the engine. Against a cluster (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS/API-key settings) it
 * runs only the worker; on the embedded default it first starts a local dev server if none answers, and owns
 * it: restarted when it dies, stopped when the worker stops, however the worker stops. A server that stays
 * unreachable past BREACH_CLOCK_UNREACHABLE_GRACE stops the engine with exit code 69 and a plain message.
 */
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createSmtpMailer } from '../infra/mail/mailer.js';
import { createOutboxMailer, OUTBOX_SEAL_PURPOSE } from '../infra/mail/outbox.js';
import { migrateToLatest, openDatabase } from '../infra/register/database.js';
import {
  createDatabaseLedger,
  createRegisterStore,
  registerCoding,
} from '../infra/register/register-store.js';
import { ConfigError, loadEngineConfig, type EngineConfig } from '../infra/config.js';
import { installDigestSchedule } from '../infra/digest-schedule.js';
import { startCodecServer, type CodecServer } from '../infra/codec-server.js';
import {
  EncryptionCodec,
  encryptingDataConverter,
  failureConverterPath,
  textSeal,
} from '../infra/payload-codec.js';
import { cacheRoot } from '../infra/temporal-binaries.js';
import { KeySettingError, PayloadKeyError, resolveKeys, type KeyRing } from '../infra/payload-keys.js';
import { serverAnswers } from '../infra/server-answers.js';
import { ensureEmbeddedServer, type EmbeddedServer } from './embedded-server.js';
import { createLogger } from '../infra/logger.js';
import { createFilesPrivately, ensurePrivateFolder } from '../infra/private-files.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { installSdkLogging } from './sdk-logging.js';
import { workflowsPath } from './workflows-path.js';
import { cachedWorkflowBundle } from '../infra/workflow-bundle-cache.js';
import { limitWorkflowHeap } from '../infra/workflow-heap.js';
import {
  EXIT_UNREACHABLE,
  runWhileReachable,
  ServerUnreachableError,
  waitUntilReachable,
  watchReachability,
} from './server-reachability.js';

// Before anything is written: the data folder's files (server database, register, outbox, key) are private.
createFilesPrivately();
const logger = createLogger({ name: 'breach-clock' });
installSdkLogging(logger);

/** The data folder, when anything of ours lives there: made private, and said so when it was not. */
async function prepareDataFolder(config: EngineConfig): Promise<void> {
  const used = config.local || config.database.kind === 'sqlite' || !config.smtpUrl;
  if (!used) return;
  const tightened = await ensurePrivateFolder(config.dataDir);
  if (tightened.length) {
    logger.warn(
      { dataDir: config.dataDir, entries: tightened.length },
      'the data folder was readable by other users: made it and its files private to this user',
    );
  }
}

function payloadKeys(config: EngineConfig): KeyRing {
  const { ring, generated } = resolveKeys(config.keys, { local: config.local, generate: true });
  if (generated) {
    logger.info(
      { keyFile: generated.path, keyId: generated.keyId },
      'no payload key configured: generated one; back this file up with the cases (README, "Security")',
    );
  }
  return ring;
}

// Said through pino like everything else; the embedded server's lifeline stops it once this process is gone.
process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'breach-clock stopped on an uncaught error');
  process.exit(1);
});

// Until the worker runs (from then on the SDK stops it on these signals), a stop request ends the start.
const stopRequested = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopRequested.abort());

async function main(): Promise<void> {
  const config = loadEngineConfig();
  await prepareDataFolder(config);
  const ring = payloadKeys(config);
  const dataConverter = encryptingDataConverter(ring);
  let embedded: EmbeddedServer | undefined;
  let codecServer: CodecServer | undefined;
  let address = config.connection.address;

  if (config.embedded === 'auto' && config.local) {
    if (config.ui === 'on') {
      codecServer = await startCodecServer({
        codec: new EncryptionCodec(ring),
        origins: [`http://localhost:${config.uiPort}`, `http://127.0.0.1:${config.uiPort}`],
      });
      logger.warn(
        'the Web UI is on: anyone on this machine who can reach it can read every case and terminate or reset ' +
          'it; use it only on a machine no one else uses (BREACH_CLOCK_UI=off turns it off)',
      );
    }
    embedded = await ensureEmbeddedServer({
      address,
      namespace: config.namespace,
      dataDir: config.dataDir,
      ...(codecServer ? { ui: { port: config.uiPort, codecEndpoint: codecServer.endpoint } } : {}),
      logger,
    }).catch(async (error: unknown) => {
      await codecServer?.close();
      throw error;
    });
    address = embedded?.address ?? address;
  }
  const reachability = {
    address,
    graceMs: config.unreachableGraceMs,
    probe: (timeoutMs: number) => serverAnswers({ ...config.connection, address }, timeoutMs),
    logger,
  };

  try {
    await waitUntilReachable({ ...reachability, signal: stopRequested.signal });
    if (stopRequested.signal.aborted) return;
    const clientConnection = await Connection.connect({ ...config.connection, address });
    await ensureSearchAttributes(clientConnection, config.namespace, logger);
    const client = new Client({ connection: clientConnection, namespace: config.namespace, dataConverter });
    if (config.digest.to.length) {
      const outcome = await installDigestSchedule(client, { ...config.digest, taskQueue: config.taskQueue });
      logger.info(
        { at: config.digest.at, timeZone: config.digest.timeZone, outcome },
        'daily digest schedule',
      );
    } else {
      logger.info('no daily digest: set BREACH_CLOCK_DIGEST_TO to the DPO address to install its schedule');
    }

    const outbox = config.outboxDir;
    const sender = { from: config.mailFrom, ...(config.mailReplyTo ? { replyTo: config.mailReplyTo } : {}) };
    const mailer = config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, sender)
      : createOutboxMailer(
          outbox,
          sender,
          config.outboxEncryption ? textSeal(ring, OUTBOX_SEAL_PURPOSE) : undefined,
        );
    const db = openDatabase(config.database);
    await migrateToLatest(db);
    const activities = createActivities({
      mailer,
      ledger: createDatabaseLedger(db),
      register: createRegisterStore(db, registerCoding(ring, config.registerEncryption)),
      logger: logger.child({ component: 'activities' }),
      client,
    });
    const bundlingStarted = performance.now();
    const workflowCode = await cachedWorkflowBundle({
      workflowsPath: workflowsPath(),
      failureConverterPath: failureConverterPath(),
      cacheDir: join(cacheRoot(), 'workflow-bundles'),
      // Webpack's errors, should the code not bundle, go to the log as the SDK's own messages do.
      logger: Runtime.instance().logger,
    });
    const bundling = {
      workflowBundle: workflowCode.source,
      ms: Math.round(performance.now() - bundlingStarted),
    };
    if (workflowCode.cacheProblem) {
      logger.warn(
        { ...bundling, cacheProblem: workflowCode.cacheProblem },
        'the workflow code cache could not be used: each start bundles the workflow code again',
      );
    } else {
      logger.info(
        bundling,
        workflowCode.source === 'cache'
          ? 'workflow code read from the cache'
          : 'workflow code bundled and cached',
      );
    }
    const connection = await NativeConnection.connect({ ...config.connection, address });
    limitWorkflowHeap(config.workflowHeapMib);
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowBundle: workflowCode.bundle,
      // Sized explicitly: the SDK's default follows the heap limit, about 2,000 workflows on a 4 GiB heap,
      // more than a worker of open cases that wake a few times a day needs to hold.
      maxCachedWorkflows: config.cachedWorkflows,
      // The SDK's 10 s sends a case whose worker is merely busy to the shared queue, behind every new case's
      // first task, to be replayed there: under a burst of openings that is where an escalation waited longest.
      stickyQueueScheduleToStartTimeout: config.stickyTimeoutMs,
      activities,
      dataConverter,
    });
    logger.info(
      {
        address,
        namespace: config.namespace,
        taskQueue: config.taskQueue,
        mail: config.smtpUrl ? 'smtp' : `outbox ${outbox}`,
        register: config.database.kind === 'sqlite' ? config.database.location : 'postgres (DATABASE_URL)',
        payloadKey: ring.encryptWith,
        cachedWorkflows: config.cachedWorkflows,
        workflowHeap: `${config.workflowHeapMib}MiB`,
        ...(embedded ? { webUi: embedded.uiUrl ?? 'off (BREACH_CLOCK_UI=on)', dataDir: config.dataDir } : {}),
      },
      'breach-clock worker running; Ctrl-C to stop',
    );
    await runWhileReachable(worker, watchReachability(reachability));
    await connection.close();
    mailer.close();
    await db.destroy();
    await clientConnection.close();
    logger.info('worker stopped');
  } finally {
    if (embedded) {
      await embedded.stop();
      logger.info('embedded Temporal server stopped');
    }
    await codecServer?.close();
  }
}

const finished = main().catch((error: unknown) => {
  if (error instanceof ServerUnreachableError) {
    logger.error(
      { address: error.address, since: error.since.toISOString(), graceMs: error.graceMs },
      error.message,
    );
    process.exitCode = EXIT_UNREACHABLE;
  } else if (
    error instanceof ConfigError ||
    error instanceof KeySettingError ||
    error instanceof PayloadKeyError
  ) {
    logger.error(error.message);
    process.exitCode = 2;
  } else {
    logger.error({ err: error }, 'breach-clock stopped on an error');
    process.exitCode = 1;
  }
});

// Once main has settled the engine is done, whatever still holds the event loop: the SDK runtime that
// forwards the core's logs lives until its last worker is gone, forever if none was made (a bad setting,
// a server that never answered), and connections to a server that is gone can linger too.
void finished.finally(() => process.exit());
