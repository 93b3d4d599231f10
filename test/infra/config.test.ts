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
});
