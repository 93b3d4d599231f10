import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { CASE_SEARCH_ATTRIBUTES } from '../../contract/search-attributes.js';
import { serverAnswers } from '../../infra/server-answers.js';
import { isLoopback, startEmbeddedServer } from '../../worker/embedded-server.js';
import { createLogger } from '../../infra/logger.js';
import { freePort } from '../helpers/engine-process.js';
import type { activitiesInTurn } from '../helpers/eager-workflow.js';
import { workflowBundle } from '../helpers/worker.js';
import { loopbackPortAnswers } from '../../infra/loopback-port.js';

const EAGER_WORKFLOW = fileURLToPath(new URL('../helpers/eager-workflow.ts', import.meta.url));
const ACTIVITY_ONLY_WORKER = fileURLToPath(new URL('../helpers/activity-only-worker.mjs', import.meta.url));

const logger = createLogger({ level: 'silent', pretty: false });

describe('the embedded dev server', () => {
  it('keeps cases in its SQLite file across a restart, registers the case search attributes, and serves no Web UI', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-'));
    const port = await freePort();
    const options = { address: `localhost:${port}`, namespace: 'default', dataDir, logger };

    const first = await startEmbeddedServer(options);
    try {
      // Headless: the dev server's UI would otherwise listen at the gRPC port + 1000, open to terminate/reset.
      expect(first.uiUrl).toBeUndefined();
      expect(await loopbackPortAnswers(port + 1000)).toBe(false);
      const connection = await Connection.connect({ address: first.address });
      const client = new Client({ connection });
      await client.workflow.start('breachCase', {
        taskQueue: 'nobody-polls-this',
        workflowId: 'case-survives-restart',
        args: [{ caseId: 'survives-restart', awareAt: new Date().toISOString() }],
      });
      const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const key of CASE_SEARCH_ATTRIBUTES) expect(listed.customAttributes).toHaveProperty(key.name);
      await connection.close();
    } finally {
      await first.stop();
    }
    expect(await serverAnswers(first.address, 500)).toBe(false);

    const second = await startEmbeddedServer(options);
    try {
      const connection = await Connection.connect({ address: second.address });
      const description = await new Client({ connection }).workflow
        .getHandle('case-survives-restart')
        .describe();
      expect(description.status.name).toBe('RUNNING');
      await connection.close();
    } finally {
      await second.stop();
    }
  });

  it('serves the Web UI only when asked, with the codec endpoint it is given', async () => {
    const uiPort = await freePort();
    const codecEndpoint = 'http://127.0.0.1:9/secret-path';
    const server = await startEmbeddedServer({
      address: `localhost:${await freePort()}`,
      namespace: 'default',
      dataDir: await mkdtemp(join(tmpdir(), 'embedded-ui-')),
      ui: { port: uiPort, codecEndpoint },
      logger,
    });
    try {
      expect(server.uiUrl).toBe(`http://localhost:${uiPort}`);
      const settings = await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`);
      expect(((await settings.json()) as { Codec: { Endpoint: string } }).Codec.Endpoint).toBe(codecEndpoint);
    } finally {
      await server.stop();
    }
  });

  it('hands an activity to the worker whose workflow task scheduled it, past the queue (eager activities)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-'));
    const server = await startEmbeddedServer({
      address: `localhost:${await freePort()}`,
      namespace: 'default',
      dataDir,
      logger,
    });
    const taskQueue = 'eager-activities';
    // A second worker polls the same queue for the same activity: through the queue, it would take about half.
    const other = spawn(process.execPath, [ACTIVITY_ONLY_WORKER, server.address, taskQueue, 'the other'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const otherExited = new Promise((resolve) => other.once('exit', resolve));
    let connection: NativeConnection | undefined;
    let client: Client | undefined;
    try {
      connection = await NativeConnection.connect({ address: server.address });
      client = new Client({ connection: await Connection.connect({ address: server.address }) });
      await new Promise<void>((resolve, reject) => {
        other.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('polling')) resolve();
        });
        other.once('exit', (code) => reject(new Error(`the other worker ended with ${code}`)));
      });
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: await workflowBundle({ workflowsPath: EAGER_WORKFLOW }),
        activities: { whichWorker: () => Promise.resolve('the scheduler') },
      });
      const ran = await worker.runUntil(
        client.workflow.execute<typeof activitiesInTurn>('activitiesInTurn', {
          taskQueue,
          workflowId: 'eager',
          args: [12],
        }),
      );
      expect(ran).toEqual(Array.from({ length: 12 }, () => 'the scheduler'));
    } finally {
      other.kill('SIGTERM');
      const ended = await Promise.race([otherExited, sleep(10_000).then(() => false)]);
      if (ended === false) other.kill('SIGKILL');
      await client?.connection.close();
      await connection?.close();
      await server.stop();
    }
  });

  it('treats only loopback addresses as candidates for the embedded server', () => {
    expect(isLoopback('localhost:7233')).toBe(true);
    expect(isLoopback('127.0.0.1:7233')).toBe(true);
    expect(isLoopback('my-ns.a1b2c.tmprl.cloud:7233')).toBe(false);
  });
});
