/**
 * An engine with no Temporal server says so loudly and stops with exit code 69 (EX_UNAVAILABLE), whether the
 * server never answers or goes away while it runs, so that a service manager restarts it and an operator sees
 * why. Before this, the worker retried in silence with no deadline clock running.
 */
import { describe, expect, it } from 'vitest';
import { engineSite, enginesStoppedAfterEach, freePort, isRunningLine } from '../helpers/engine-process.js';
import { startDevServer } from '../helpers/servers.js';
import { EXIT_UNREACHABLE } from '../../worker/server-reachability.js';

const start = enginesStoppedAfterEach();

describe('a Temporal server that cannot be reached', () => {
  it('stops the engine with exit code 69 and says what it means when it never answers', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const engine = start({
      TEMPORAL_ADDRESS: closed,
      BREACH_CLOCK_EMBEDDED: 'off',
      BREACH_CLOCK_UNREACHABLE_GRACE: '2s',
    });
    expect(await engine.exited).toEqual({ code: EXIT_UNREACHABLE, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    const failure = await engine.waitForLog((line) => line.level === 50, 1_000);
    expect(failure.msg).toContain(`The Temporal server at ${closed} has been unreachable since`);
    expect(failure.msg).toContain('No deadline clock is running');
    expect(failure).toMatchObject({ address: closed, graceMs: 2_000 });
    expect(Date.parse(String(failure.since))).toBeGreaterThanOrEqual(started);
  });

  it('stops the engine with exit code 69 when its server goes away while it runs', async () => {
    const server = await startDevServer();
    let tornDown = false;
    try {
      const engine = start({
        TEMPORAL_ADDRESS: server.address,
        BREACH_CLOCK_EMBEDDED: 'off',
        BREACH_CLOCK_DATA_DIR: (await engineSite()).dataDir,
        BREACH_CLOCK_UNREACHABLE_GRACE: '3s',
      });
      await engine.waitForLog(isRunningLine);
      const goneAt = Date.now();
      await server.teardown();
      tornDown = true;
      await engine.waitForLog((line) => line.msg.includes('stopped answering'), 15_000);
      expect(await engine.exited).toEqual({ code: EXIT_UNREACHABLE, signal: null });
      expect(Date.now() - goneAt).toBeLessThan(25_000);
      const failure = await engine.waitForLog((line) => line.level === 50, 1_000);
      expect(failure.msg).toContain(`The Temporal server at ${server.address} has been unreachable since`);
      expect(failure.msg).toContain('No deadline clock is running');
      expect(engine.stray).toEqual([]);
    } finally {
      if (!tornDown) await server.teardown();
    }
  });
});
