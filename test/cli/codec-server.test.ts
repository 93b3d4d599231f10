/**
 * `breach codec-server` as a key holder runs it for a cluster's Web UI: it finds the key as every command does,
 * prints its endpoint, decrypts through it, and stops on Ctrl-C; without a key it says where the key should be.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec } from '../../infra/payload-codec.js';
import { testKeyRing, writeTestKeyFile } from '../helpers/payload-keys.js';
import { breachOffline, CLI } from '../helpers/run-cli.js';

const UI = 'https://ui.breach.example';

describe('breach codec-server', () => {
  it('serves the remote codec protocol with the engine’s key until Ctrl-C', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'codec-cli-'));
    writeTestKeyFile(dataDir);
    const child = spawn(process.execPath, [CLI, 'codec-server', '--ui-origin', UI, '--json'], {
      env: {
        PATH: process.env.PATH ?? '',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
        BREACH_CLOCK_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', resolve);
      void exited.then(() => reject(new Error(`codec-server stopped: ${stderr}`)));
    });
    try {
      const { endpoint, origins } = JSON.parse(line) as { endpoint: string; origins: string[] };
      expect(origins).toEqual([UI]);
      const facts = { contact: 'ilse.vandermeer@transcribe.test' };
      const [sealed] = await new EncryptionCodec(testKeyRing).encode([
        defaultPayloadConverter.toPayload(facts),
      ]);
      const response = await fetch(`${endpoint}/decode`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: UI },
        body: JSON.stringify({
          payloads: [
            {
              metadata: Object.fromEntries(
                Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
              ),
              data: Buffer.from(sealed!.data!).toString('base64'),
            },
          ],
        }),
      });
      expect(response.status).toBe(200);
      const [payload] = ((await response.json()) as { payloads: { data: string }[] }).payloads;
      expect(JSON.parse(Buffer.from(payload!.data, 'base64').toString())).toEqual(facts);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('names where the key should be when there is none, with exit 1', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'codec-cli-'));
    const run = await breachOffline(['codec-server'], { env: { BREACH_CLOCK_DATA_DIR: dataDir } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `breach: no payload key at ${join(dataDir, 'payload-keys')}: the engine ("npm start") generates it at its ` +
        'first start; or set BREACH_CLOCK_KEY_FILE to the key file the engine uses\n',
    );
  });
});
