/**
 * The engine as the CLI tests meet it: a real dev server, a worker with the real activities (mail to an outbox
 * directory, the register in SQLite), and `breach` run against them: in this process, or as the built binary
 * where the process is what is tested (test/helpers/run-cli.ts says when). One per test file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createOutboxMailer, OUTBOX_SEAL_PURPOSE } from '../../infra/mail/outbox.js';
import { textSeal } from '../../infra/payload-codec.js';
import { migrateToLatest, openDatabase, type RegisterDb } from '../../infra/register/database.js';
import {
  createDatabaseLedger,
  createRegisterStore,
  registerCoding,
} from '../../infra/register/register-store.js';
import { createLogger } from '../../infra/logger.js';
import { breachInProcess, runBreach, type InProcessOptions, type Run, type RunOptions } from './run-cli.js';
import { startDevServer } from './servers.js';
import { createTestWorker } from './worker.js';
import { testKeyRing, writeTestKeyFile } from './payload-keys.js';

export interface CliEngine {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  dataDir: string;
  db: RegisterDb;
  /** `breach` against this engine, as the DPO "Dana Example" in UTC, run in this process. */
  breach(args: string[], options?: InProcessOptions): Promise<Run>;
  /** The same, as the built binary in a process of its own. */
  breachBinary(args: string[], options?: RunOptions): Promise<Run>;
  stop(): Promise<void>;
}

export async function startCliEngine(taskQueue: string): Promise<CliEngine> {
  const env = await startDevServer();
  const dataDir = await mkdtemp(join(tmpdir(), 'cli-data-'));
  // Where the CLI finds a local server's key, as it would the one the engine generated.
  writeTestKeyFile(dataDir);
  const db = openDatabase({ kind: 'sqlite', location: join(dataDir, 'register.sqlite') });
  await migrateToLatest(db);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    worker = await createTestWorker(env, {
      taskQueue,
      activities: createActivities({
        // Sealed as the worker writes it by default: the CLI reads it with `breach outbox`.
        mailer: createOutboxMailer(
          join(dataDir, 'outbox'),
          'clock@example.test',
          textSeal(testKeyRing, OUTBOX_SEAL_PURPOSE),
        ),
        ledger: createDatabaseLedger(db),
        register: createRegisterStore(db, registerCoding(testKeyRing, true)),
        logger: createLogger({ level: 'silent', pretty: false }),
        client: env.client,
      }),
    });
    running = worker.run();
  } catch (error) {
    await db.destroy();
    await env.teardown();
    throw error;
  }
  const engineEnv = (given: Record<string, string> | undefined) => ({
    TEMPORAL_ADDRESS: env.address,
    BREACH_CLOCK_TASK_QUEUE: taskQueue,
    BREACH_CLOCK_DATA_DIR: dataDir,
    ...given,
  });
  return {
    env,
    taskQueue,
    dataDir,
    db,
    breach: (args, options = {}) => breachInProcess(args, { ...options, env: engineEnv(options.env) }),
    breachBinary: (args, options = {}) =>
      runBreach(args, { timeoutMs: 60_000, ...options, env: engineEnv(options.env) }),
    async stop() {
      worker?.shutdown();
      await running;
      await db.destroy();
      await env.teardown();
    },
  };
}
