import { mkdtemp } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { CASE_SEARCH_ATTRIBUTES } from '../../contract/search-attributes.js';
import { serverAnswers } from '../../infra/server-answers.js';
import { isLoopback, startEmbeddedServer } from '../../worker/embedded-server.js';
import { createLogger } from '../../infra/logger.js';
import { freePort } from '../helpers/engine-process.js';

const logger = createLogger({ level: 'silent', pretty: false });

/** True when something accepts a TCP connection on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the embedded dev server', () => {
  it('keeps cases in its SQLite file across a restart, registers the case search attributes, and serves no Web UI', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-'));
    const port = await freePort();
    const options = { address: `localhost:${port}`, namespace: 'default', dataDir, logger };

    const first = await startEmbeddedServer(options);
    try {
      // Headless: the dev server's UI would otherwise listen at the gRPC port + 1000, open to terminate/reset.
      expect(first.uiUrl).toBeUndefined();
      expect(await listening(port + 1000)).toBe(false);
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

  it('treats only loopback addresses as candidates for the embedded server', () => {
    expect(isLoopback('localhost:7233')).toBe(true);
    expect(isLoopback('127.0.0.1:7233')).toBe(true);
    expect(isLoopback('my-ns.a1b2c.tmprl.cloud:7233')).toBe(false);
  });
});
