/**
 * The README's first case, step by step, run as written: every command of its walkthrough block (but the one
 * that starts the engine, which this test provides) in a shell, from a folder of its own, against a real dev
 * server and worker. A README step that no longer works fails here, not in a newcomer's terminal.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_ADDRESS } from '../helpers/run-cli.js';
import { startCliEngine, type CliEngine } from '../helpers/cli-engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shell lines of the walkthrough block, continuation lines joined, the engine's own start left out. */
async function walkthrough(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A first case, step by step'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('npm '));
}

let engine: CliEngine;

beforeAll(async () => {
  engine = await startCliEngine('readme-walkthrough');
}, 120_000);

afterAll(async () => {
  await engine?.stop();
});

describe('the README walkthrough', () => {
  it('runs start to finish as written', async () => {
    const lines = await walkthrough();
    expect(lines.length).toBeGreaterThan(10);
    const folder = await mkdtemp(join(tmpdir(), 'readme-'));
    // The commands are written for the project folder: its bin/ and examples/ are where they expect them.
    await symlink(join(ROOT, 'bin'), join(folder, 'bin'));
    await symlink(join(ROOT, 'examples'), join(folder, 'examples'));
    for (const line of lines) {
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'sh',
          ['-c', line],
          {
            cwd: folder,
            timeout: 60_000,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              TZ: 'UTC',
              TEMPORAL_ADDRESS: engine.env.address ?? CLOSED_ADDRESS,
              TEMPORAL_NAMESPACE: 'default',
              TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
              BREACH_CLOCK_TASK_QUEUE: engine.taskQueue,
              BREACH_CLOCK_DATA_DIR: engine.dataDir,
              BREACH_ACTOR: 'Dana Example',
            },
          },
          (error, stdout, stderr) =>
            resolve({
              code: error ? Number(error.code ?? 1) : 0,
              stdout: String(stdout),
              stderr: String(stderr),
            }),
        );
      });
      expect(run.code, `${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const csv = (await readFile(join(folder, 'register.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('BR-2026-0042');
  }, 240_000);
});
