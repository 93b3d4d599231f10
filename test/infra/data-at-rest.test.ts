/**
 * The engine as `npm start` runs it (dist/worker/main.js, its embedded dev server on a SQLite file) and a case
 * opened with the `breach` CLI; then the files it left behind are read byte by byte. Before payloads were
 * encrypted, temporal.sqlite held the case's description, names and addresses as plain JSON, in a folder any
 * local user could read, beside a Web UI that could terminate the case.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { sampleCaseInput } from '../helpers/case-files.js';
import { randomCaseId } from '../helpers/case-toolkit.js';
import { freePort } from '../helpers/engine-process.js';
import { runBreach } from '../helpers/run-cli.js';
import { loopbackPortAnswers } from '../../infra/loopback-port.js';

const WORKER = fileURLToPath(new URL('../../dist/worker/main.js', import.meta.url));

// Text found nowhere else: if it is in the server's database, it got there from this case.
const DESCRIPTION = 'Quillfeather export job mixed the voice archives of two households';
const PROCESSOR_CONTACT = 'oswin.quillfeather@transcribe.test';
const DPO_NAME = 'Marguerite Oyelaran-Quist';

/** Every folder and file under `dir`, the folder included, with its permission bits. */
async function modes(dir: string): Promise<{ path: string; mode: number; folder: boolean }[]> {
  const stats = await lstat(dir);
  const here = { path: dir, mode: stats.mode & 0o777, folder: stats.isDirectory() };
  if (!stats.isDirectory()) return [here];
  const inside = await Promise.all((await readdir(dir)).map((name) => modes(join(dir, name))));
  return [here, ...inside.flat()];
}

let worker: ChildProcess | undefined;

afterEach(() => {
  // Only when a test failed before stopping it: SIGINT lets it stop its dev server too.
  if (worker?.exitCode === null) worker.kill('SIGINT');
});

describe('a case at rest', () => {
  it('leaves no case text in the server database, and every file private, after a real run of the engine', async () => {
    const root = await mkdtemp(join(tmpdir(), 'at-rest-'));
    const dataDir = join(root, 'data');
    // A data folder an earlier version made, open to every local user: made private at start.
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    const caseId = randomCaseId();
    const env = {
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      BREACH_CLOCK_DATA_DIR: dataDir,
      BREACH_CLOCK_UI_PORT: String(await freePort()),
      BREACH_CLOCK_TASK_QUEUE: `at-rest-${caseId}`,
    };

    worker = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: { msg?: string; [key: string]: unknown }[] = [];
    let output = '';
    worker.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n').filter(Boolean)) {
        try {
          logs.push(JSON.parse(line) as { msg?: string });
        } catch {
          // Not every line is one of ours.
        }
      }
    });
    worker.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker?.once('exit', resolve));

    // Running, or stopped with its output to show why.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker did not start:\n${output}`)), 90_000);
      const check = setInterval(() => {
        if (logs.some((l) => l.msg === 'breach-clock worker running; Ctrl-C to stop')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 200);
      void exited.then(() => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`the worker stopped:\n${output}`));
      });
    });
    const keyLine = logs.find((l) => l.msg?.startsWith('no payload key configured: generated one'));
    expect(keyLine?.keyFile).toBe(join(dataDir, 'payload-keys'));
    expect(logs.some((l) => l.msg?.startsWith('the data folder was readable by other users'))).toBe(true);
    // No Web UI unless asked for: nothing there to terminate a case with.
    expect(await loopbackPortAnswers(Number(env.BREACH_CLOCK_UI_PORT))).toBe(false);

    const caseFile = join(root, 'case.yaml');
    await writeFile(
      caseFile,
      stringify(
        sampleCaseInput({
          caseId,
          description: DESCRIPTION,
          detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
          awareness: {
            awareAt: new Date().toISOString(),
            decidedBy: DPO_NAME,
            reason: 'Confirmed from logs',
          },
          processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: PROCESSOR_CONTACT }],
        }),
      ),
    );
    const opened = await runBreach(['open', caseFile], { env, timeoutMs: 60_000 });
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);

    // The worker decrypted the case and ran its activities: the processor's request is in the outbox.
    const outbox = join(dataDir, 'outbox');
    await vi.waitFor(
      async () => {
        const names = await readdir(outbox).catch(() => []);
        if (!names.some((n) => n.includes('vendor.transcribe.request'))) throw new Error('no request yet');
      },
      { timeout: 30_000, interval: 250 },
    );
    // The CLI finds the same key, and reads the case in clear.
    const status = await runBreach(['status', caseId, '--json'], { env, timeoutMs: 60_000 });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(DPO_NAME);

    // Someone with another key under the engine's key ID reads nothing, and is told which key failed.
    const keyId = String(keyLine?.keyId);
    const wrongKey = `${keyId}=${randomBytes(32).toString('base64')}`;
    const wrong = await runBreach(['status', caseId], { env: { ...env, BREACH_CLOCK_KEYS: wrongKey } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Case ${caseId} cannot be read with this payload key`);
    expect(wrong.stderr).toContain(`key "${keyId}"`);
    expect(wrong.stderr).not.toContain('Is the worker running?');

    // The outbox holds the request sealed: no name, address or case text in its file.
    const [requestFile = ''] = (await readdir(outbox)).filter((n) => n.includes('vendor.transcribe.request'));
    expect(requestFile).toMatch(/\.eml\.sealed$/);
    const sealedText = (await readFile(join(outbox, requestFile))).toString('latin1');
    for (const secret of [DESCRIPTION, 'Quillfeather', PROCESSOR_CONTACT, DPO_NAME, 'Transcribe Ltd']) {
      expect(sealedText, `"${secret}" in ${requestFile}`).not.toContain(secret);
    }
    // The DPO reads it with the CLI: listed by case and purpose, shown in clear.
    const listed = await runBreach(['outbox', '--case', caseId, '--json'], { env });
    expect(listed.code).toBe(0);
    const messages = JSON.parse(listed.stdout) as { messageId: string; purpose: string; sealed: boolean }[];
    const request = messages.find((m) => m.purpose === 'vendor.transcribe.request');
    expect(request).toMatchObject({ sealed: true });
    const shown = await runBreach(['outbox', 'show', request!.messageId], { env });
    expect(shown.code).toBe(0);
    const unfolded = shown.stdout.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/^To: .*oswin\.quillfeather@transcribe\.test/m);
    expect(unfolded).toContain(`Message-ID: ${request!.messageId}`);
    // Another key under the same ID opens nothing, and says which key failed.
    const refused = await runBreach(['outbox', 'show', requestFile], {
      env: { ...env, BREACH_CLOCK_KEYS: wrongKey },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`key "${keyId}"`);
    expect(refused.stdout).not.toContain(PROCESSOR_CONTACT);

    worker.kill('SIGINT');
    expect(await exited).toBe(0);

    const everything = await modes(dataDir);
    const open = everything.filter((e) => e.mode & 0o077).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
    expect(everything.find((e) => e.path === dataDir)?.mode).toBe(0o700);
    const names = everything.map((e) => e.path.slice(dataDir.length + 1));
    expect(names).toEqual(expect.arrayContaining(['temporal.sqlite', 'register.sqlite', 'payload-keys']));

    const databaseFiles = names.filter((n) => n.startsWith('temporal.sqlite'));
    const bytes = Buffer.concat(await Promise.all(databaseFiles.map((n) => readFile(join(dataDir, n)))));
    const text = bytes.toString('latin1');
    // The right bytes: the workflow ID (no personal data, by design) is there in clear.
    expect(text).toContain(`breach-case/${caseId}`);
    for (const secret of [DESCRIPTION, 'Quillfeather', PROCESSOR_CONTACT, DPO_NAME, 'Transcribe Ltd']) {
      expect(text, `"${secret}" in ${databaseFiles.join(', ')}`).not.toContain(secret);
    }
    // The register holds the case (its ID is there), its entry sealed with the same key.
    const registerFiles = names.filter((n) => n.startsWith('register.sqlite'));
    const register = Buffer.concat(
      await Promise.all(registerFiles.map((n) => readFile(join(dataDir, n)))),
    ).toString('latin1');
    expect(register).toContain(caseId);
    for (const secret of [DESCRIPTION, 'Quillfeather', PROCESSOR_CONTACT, DPO_NAME]) {
      expect(register, `"${secret}" in ${registerFiles.join(', ')}`).not.toContain(secret);
    }
  });

  it('is never encrypted with a key generated for a remote server: the worker refuses to start without one', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'remote-')), 'data');
    const child = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TEMPORAL_ADDRESS: 'temporal.breach.invalid:7233',
        TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
        BREACH_CLOCK_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(output).toContain('no payload key for a remote Temporal server: set BREACH_CLOCK_KEY_FILE');
    await expect(readFile(join(dataDir, 'payload-keys'))).rejects.toThrow(/ENOENT/);
  });
});
