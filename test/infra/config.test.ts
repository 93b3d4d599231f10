import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineConfig } from '../../infra/config.js';
import { generateKey } from '../../infra/payload-keys.js';

const base = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

describe('engine configuration from the environment', () => {
  it('defaults to the embedded local server', () => {
    const config = loadEngineConfig(base);
    expect(config.connection.address).toBe('localhost:7233');
    expect(config.namespace).toBe('default');
    expect(config.embedded).toBe('auto');
    expect(config.secured).toBe(false);
  });

  it('points at a cluster with the SDK environment variables, and treats API keys as secured', () => {
    const config = loadEngineConfig({
      ...base,
      TEMPORAL_ADDRESS: 'breach.abcde.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'breach.abcde',
      TEMPORAL_API_KEY: 'not-a-real-key',
    });
    expect(config.connection.address).toBe('breach.abcde.tmprl.cloud:7233');
    expect(config.namespace).toBe('breach.abcde');
    expect(config.secured).toBe(true);
  });

  it('sizes the workflow cache explicitly, and refuses one too small to hold a case with its chase', () => {
    expect(loadEngineConfig(base).cachedWorkflows).toBe(2000);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_CACHED_WORKFLOWS: '500' }).cachedWorkflows).toBe(500);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_CACHED_WORKFLOWS: '1' })).toThrow(
      /BREACH_CLOCK_CACHED_WORKFLOWS: at least 2/,
    );
  });

  it('sizes the workflow heap to the cache unless told, and refuses a heap the cache would not fit in', () => {
    // 256 MiB of the thread's own and 0.2 MiB for each cached workflow (infra/workflow-heap.ts).
    expect(loadEngineConfig(base).workflowHeapMib).toBe(656);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_CACHED_WORKFLOWS: '5000' }).workflowHeapMib).toBe(1256);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_WORKFLOW_HEAP: '800MiB' }).workflowHeapMib).toBe(800);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_WORKFLOW_HEAP: '2GiB' }).workflowHeapMib).toBe(2048);
    for (const bad of ['640', '640MB', '0MiB', '1.5GiB', '640 MiB', '']) {
      expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_WORKFLOW_HEAP: bad })).toThrow(
        /BREACH_CLOCK_WORKFLOW_HEAP: expected a size with its unit, such as 640MiB or 2GiB/,
      );
    }
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_WORKFLOW_HEAP: '129GiB' })).toThrow(
      /BREACH_CLOCK_WORKFLOW_HEAP: at most 128GiB/,
    );
    // The largest cache fits in the largest heap.
    expect(
      loadEngineConfig({
        ...base,
        BREACH_CLOCK_CACHED_WORKFLOWS: '100000',
        BREACH_CLOCK_WORKFLOW_HEAP: '128GiB',
      }).workflowHeapMib,
    ).toBe(128 * 1024);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_WORKFLOW_HEAP: '600MiB' })).toThrow(
      /BREACH_CLOCK_WORKFLOW_HEAP: 600MiB cannot hold the 2000 workflows of BREACH_CLOCK_CACHED_WORKFLOWS: at least 656MiB, or fewer cached workflows/,
    );
    expect(
      loadEngineConfig({
        ...base,
        BREACH_CLOCK_WORKFLOW_HEAP: '600MiB',
        BREACH_CLOCK_CACHED_WORKFLOWS: '400',
      }).workflowHeapMib,
    ).toBe(600);
  });

  it('seals the register and the outbox unless told otherwise, and names a bad setting', () => {
    const sealed = loadEngineConfig(base);
    expect(sealed).toMatchObject({ registerEncryption: true, outboxEncryption: true });
    expect(sealed.outboxDir).toBe(join(sealed.dataDir, 'outbox'));
    expect(
      loadEngineConfig({
        ...base,
        BREACH_CLOCK_OUTBOX_ENCRYPTION: 'off',
        BREACH_CLOCK_REGISTER_ENCRYPTION: 'off',
      }),
    ).toMatchObject({ registerEncryption: false, outboxEncryption: false });
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_OUTBOX_ENCRYPTION: 'no' })).toThrow(
      /BREACH_CLOCK_OUTBOX_ENCRYPTION:/,
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_OUTBOX_ENCRYPTON: 'off' })).toThrow(
      /BREACH_CLOCK_OUTBOX_ENCRYPTION/,
    );
  });

  it('names the variable that is wrong', () => {
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UI_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UI_PORT: 'eighty' })).toThrow(
      /BREACH_CLOCK_UI_PORT/,
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_EMBEDDED: 'sometimes' })).toThrow(
      /BREACH_CLOCK_EMBEDDED/,
    );
  });

  it('runs the embedded server headless unless the Web UI is asked for', () => {
    expect(loadEngineConfig(base).ui).toBe('off');
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_UI: 'on' }).ui).toBe('on');
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UI: 'yes' })).toThrow(/BREACH_CLOCK_UI:/);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_WEB_UI: 'on' })).toThrow(
      'BREACH_CLOCK_WEB_UI: unknown variable; did you mean BREACH_CLOCK_UI?',
    );
  });

  it('takes payload keys from BREACH_CLOCK_KEYS, naming a bad entry but never its key', () => {
    const [a, b] = [generateKey(), generateKey()];
    const keys = `${a.id}=${a.key.toString('base64')},${b.id}=${b.key.toString('base64')}`;
    const config = loadEngineConfig({ ...base, BREACH_CLOCK_KEYS: keys, BREACH_CLOCK_KEY_ID: a.id });
    expect(config.keys.inline?.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(config.keys.keyId).toBe(a.id);
    const short = Buffer.from('too short').toString('base64');
    const bad = () => loadEngineConfig({ ...base, BREACH_CLOCK_KEYS: `${keys},k3=${short}` });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow('BREACH_CLOCK_KEYS: entry 3: key "k3" is not 32 bytes in base64 (AES-256)');
    expect(bad).not.toThrow(short);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_KEY_ID: 'no spaces please' })).toThrow(
      /BREACH_CLOCK_KEY_ID: expected a key ID/,
    );
  });

  it('refuses two sources of keys, and names the key variables when one is misspelt', () => {
    const key = generateKey();
    expect(() =>
      loadEngineConfig({
        ...base,
        BREACH_CLOCK_KEYS: `${key.id}=${key.key.toString('base64')}`,
        BREACH_CLOCK_KEY_FILE: '/etc/breach-clock/keys',
      }),
    ).toThrow('set either BREACH_CLOCK_KEYS or BREACH_CLOCK_KEY_FILE, not both');
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_ENCRYPTION_KEY: 'x' })).toThrow(
      'BREACH_CLOCK_ENCRYPTION_KEY: unknown variable; did you mean BREACH_CLOCK_KEYS?',
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_KEYFILE: 'x' })).toThrow(
      /BREACH_CLOCK_KEYFILE: unknown variable; did you mean BREACH_CLOCK_KEY_FILE/,
    );
  });

  it('looks for a local server’s key in the data folder, and calls only a loopback server without TLS local', () => {
    const config = loadEngineConfig({ ...base, BREACH_CLOCK_DATA_DIR: '/srv/breach/data' });
    expect(config.keys.localFile).toBe('/srv/breach/data/payload-keys');
    expect(config.local).toBe(true);
    expect(loadEngineConfig({ ...base, TEMPORAL_ADDRESS: 'temporal.internal:7233' }).local).toBe(false);
    expect(loadEngineConfig({ ...base, TEMPORAL_API_KEY: 'not-a-real-key' }).local).toBe(false);
  });
  it('reads how long the Temporal server may stay unreachable, with its unit, and refuses a bare number', () => {
    expect(loadEngineConfig(base).unreachableGraceMs).toBe(120_000);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE: '90s' }).unreachableGraceMs).toBe(
      90_000,
    );
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE: '5min' }).unreachableGraceMs).toBe(
      300_000,
    );
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE: '5m' }).unreachableGraceMs).toBe(
      300_000,
    );
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE: '1h' }).unreachableGraceMs).toBe(
      3_600_000,
    );
    for (const bad of ['120', '0s', '-5s', '2 min', '1.5h', '']) {
      expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE: bad })).toThrow(
        /BREACH_CLOCK_UNREACHABLE_GRACE: expected a duration with its unit/,
      );
    }
  });

  it('reads how long a woken case waits for the worker holding it, up to an hour', () => {
    expect(loadEngineConfig(base).stickyTimeoutMs).toBe(120_000);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_STICKY_TIMEOUT: '30s' }).stickyTimeoutMs).toBe(30_000);
    expect(loadEngineConfig({ ...base, BREACH_CLOCK_STICKY_TIMEOUT: '1h' }).stickyTimeoutMs).toBe(3_600_000);
    for (const bad of ['120', '0s', '2 min', '']) {
      expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_STICKY_TIMEOUT: bad })).toThrow(
        /BREACH_CLOCK_STICKY_TIMEOUT: expected a duration with its unit/,
      );
    }
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_STICKY_TIMEOUT: '61min' })).toThrow(
      /BREACH_CLOCK_STICKY_TIMEOUT: at most 1h/,
    );
  });

  it('names the grace variable when it is misspelt', () => {
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE_S: '90' })).toThrow(
      /BREACH_CLOCK_UNREACHABLE_GRACE_S: unknown variable; did you mean BREACH_CLOCK_UNREACHABLE_GRACE\?/,
    );
  });
});
