import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineConfig } from '../../infra/config.js';

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

  it('names the variable that is wrong', () => {
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UI_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UI_PORT: 'eighty' })).toThrow(
      /BREACH_CLOCK_UI_PORT/,
    );
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_EMBEDDED: 'sometimes' })).toThrow(
      /BREACH_CLOCK_EMBEDDED/,
    );
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

  it('names the grace variable when it is misspelt', () => {
    expect(() => loadEngineConfig({ ...base, BREACH_CLOCK_UNREACHABLE_GRACE_S: '90' })).toThrow(
      /BREACH_CLOCK_UNREACHABLE_GRACE_S: unknown variable; did you mean BREACH_CLOCK_UNREACHABLE_GRACE\?/,
    );
  });
});
