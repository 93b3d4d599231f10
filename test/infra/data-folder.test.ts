/**
 * One data folder, wherever a command runs from, and a register that is never silently empty: `register
 * export` from another directory once created a fresh register there and reported no breaches.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../../infra/config.js';
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
