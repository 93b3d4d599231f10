/**
 * `npm start`: the engine. Against a cluster (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS/API-key settings) it
 * runs only the worker; on the embedded default it first starts a local dev server if none answers.
 */
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createOutboxMailer, createSmtpMailer } from '../infra/mail/mailer.js';
import { migrateToLatest, openDatabase } from '../infra/register/database.js';
import { createDatabaseLedger, createRegisterStore } from '../infra/register/register-store.js';
import { ConfigError, loadEngineConfig } from '../infra/config.js';
import { installDigestSchedule } from '../infra/digest-schedule.js';
import { isLoopback, serverAnswers, startEmbeddedServer, type EmbeddedServer } from './embedded-server.js';
import { createLogger } from '../infra/logger.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { installSdkLogging } from './sdk-logging.js';
import { workflowsPath } from './workflows-path.js';

const logger = createLogger({ name: 'breach-clock' });
installSdkLogging(logger);

async function main(): Promise<void> {
  const config = loadEngineConfig();
  let embedded: EmbeddedServer | undefined;
  let address = config.connection.address;

  const local = !config.secured && isLoopback(address);
  if (config.embedded === 'auto' && local && !(await serverAnswers(address))) {
    embedded = await startEmbeddedServer({
      address,
      namespace: config.namespace,
      dataDir: config.dataDir,
      uiPort: config.uiPort,
      logger,
    });
    address = embedded.address;
  }

  try {
    const clientConnection = await Connection.connect({ ...config.connection, address });
    await ensureSearchAttributes(clientConnection, config.namespace, logger);
    const client = new Client({ connection: clientConnection, namespace: config.namespace });
    if (config.digest.to.length) {
      const outcome = await installDigestSchedule(client, { ...config.digest, taskQueue: config.taskQueue });
      logger.info(
        { at: config.digest.at, timeZone: config.digest.timeZone, outcome },
        'daily digest schedule',
      );
    } else {
      logger.info('no daily digest: set BREACH_CLOCK_DIGEST_TO to the DPO address to install its schedule');
    }

    const outbox = join(config.dataDir, 'outbox');
    const sender = { from: config.mailFrom, ...(config.mailReplyTo ? { replyTo: config.mailReplyTo } : {}) };
    const mailer = config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, sender)
      : createOutboxMailer(outbox, sender);
    const db = openDatabase(config.database);
    await migrateToLatest(db);
    const activities = createActivities({
      mailer,
      ledger: createDatabaseLedger(db),
      register: createRegisterStore(db),
      logger: logger.child({ component: 'activities' }),
      client,
    });
    const connection = await NativeConnection.connect({ ...config.connection, address });
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowsPath: workflowsPath(),
      activities,
    });
    logger.info(
      {
        address,
        namespace: config.namespace,
        taskQueue: config.taskQueue,
        mail: config.smtpUrl ? 'smtp' : `outbox ${outbox}`,
        register: config.database.kind === 'sqlite' ? config.database.location : 'postgres (DATABASE_URL)',
        ...(embedded ? { webUi: embedded.uiUrl, dataDir: config.dataDir } : {}),
      },
      'breach-clock worker running; Ctrl-C to stop',
    );
    await worker.run();
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
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    logger.error(error.message);
    process.exitCode = 2;
  } else {
    logger.error({ err: error }, 'breach-clock stopped on an error');
    process.exitCode = 1;
  }
});
