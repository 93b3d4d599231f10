/**
 * One data folder, wherever a command runs from, and a register that is never silently empty: `register
 * export` from another directory once created a fresh register there and reported no breaches.
 */
import { chmod, mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../../infra/config.js';
import { createOutboxMailer } from '../../infra/mail/outbox.js';
import { ensurePrivateFolder } from '../../infra/private-files.js';
import { MissingRegisterError, openDatabase } from '../../infra/register/database.js';

const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
const project = fileURLToPath(new URL('../../', import.meta.url));
const startedIn = process.cwd();

afterEach(() => {
  process.chdir(startedIn);
});

describe('the data folder', () => {
  it("is the project's .data from any directory, for the worker and every command alike", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'elsewhere-'));
    process.chdir(elsewhere);
    const config = loadEngineConfig(base);
    expect(config.dataDir).toBe(join(project, '.data'));
    expect(config.database).toEqual({ kind: 'sqlite', location: join(project, '.data', 'register.sqlite') });
  });

  it('is taken as given when BREACH_CLOCK_DATA_DIR names one', async () => {
    const chosen = await mkdtemp(join(tmpdir(), 'data-'));
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_DATA_DIR: chosen }).dataDir).toBe(chosen);
  });
});

describe('a register that is not there', () => {
  it('is refused with its path when it must exist, never created empty', async () => {
    const missing = join(await mkdtemp(join(tmpdir(), 'no-register-')), 'register.sqlite');
    expect(() => openDatabase({ kind: 'sqlite', location: missing }, { existing: true })).toThrow(
      MissingRegisterError,
    );
    expect(() => openDatabase({ kind: 'sqlite', location: missing }, { existing: true })).toThrow(missing);
  });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('a private data folder', () => {
  it('is created 0700', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'private-')), 'data');
    expect(await ensurePrivateFolder(dir)).toEqual([]);
    expect(await modeOf(dir)).toBe(0o700);
  });

  it('is made private at start when an earlier version left it readable by others, and says what it changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'open-'));
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'outbox'), { mode: 0o755 });
    await writeFile(join(dir, 'temporal.sqlite'), 'x');
    await writeFile(join(dir, 'outbox', 'a.eml'), 'x');
    await writeFile(join(dir, 'register.sqlite'), 'x', { mode: 0o600 });
    // Set outright: the creating modes above pass through the test process's umask.
    await chmod(join(dir, 'outbox'), 0o755);
    await chmod(join(dir, 'temporal.sqlite'), 0o644);
    await chmod(join(dir, 'outbox', 'a.eml'), 0o644);

    const tightened = await ensurePrivateFolder(dir);
    expect(tightened.sort()).toEqual(
      [dir, join(dir, 'outbox'), join(dir, 'outbox', 'a.eml'), join(dir, 'temporal.sqlite')].sort(),
    );
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(dir, 'outbox'))).toBe(0o700);
    expect(await modeOf(join(dir, 'temporal.sqlite'))).toBe(0o600);
    expect(await modeOf(join(dir, 'outbox', 'a.eml'))).toBe(0o600);
  });

  it('gets outbox mail the owner alone can read, whatever the umask of the sender', async () => {
    const outbox = join(await mkdtemp(join(tmpdir(), 'outbox-')), 'outbox');
    const previous = process.umask(0o022);
    try {
      const mailer = createOutboxMailer(outbox, 'clock@example.test');
      await mailer.send({
        messageId: '<case.test.1@breach-clock.invalid>',
        caseId: 'case',
        purpose: 'test',
        to: ['dpo@example.test'],
        cc: [],
        subject: 'Mode check',
        text: 'A message with personal data in it.',
        date: new Date().toISOString(),
      });
      mailer.close();
    } finally {
      process.umask(previous);
    }
    expect(await modeOf(outbox)).toBe(0o700);
    const [name] = await readdir(outbox);
    expect(await modeOf(join(outbox, name!))).toBe(0o600);
  });
});
