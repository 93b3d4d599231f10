/**
 * The engine owns its embedded server, and says so loudly when it has no server at all. Real processes, as a
 * service manager runs them: `node dist/worker/main.js` killed with SIGKILL, its server killed with SIGKILL,
 * an uncaught error, a server that never answers and one that goes away. Before this, a killed worker
 * orphaned its server, a killed server left the worker retrying in silence with no clock running, and the
 * SDK core's warnings bypassed the logs.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCaseInput } from '../helpers/case-files.js';
import { randomCaseId } from '../helpers/case-toolkit.js';
import {
  engineSite,
  eventually,
  freePort,
  isRunningLine,
  serverRecord,
  startEngine,
  stopEngine,
  type EngineProcess,
} from '../helpers/engine-process.js';
import { runBreach } from '../helpers/run-cli.js';
import { startDevServer } from '../helpers/servers.js';
import { serverAnswers } from '../../infra/server-answers.js';
import { isRunning, readServerPidFile, serverPidFile } from '../../worker/server-pid-file.js';
import { EXIT_UNREACHABLE } from '../../worker/server-reachability.js';

const HOUR_MS = 3_600_000;
let engines: EngineProcess[] = [];

function start(env: Record<string, string>, options: { nodeOptions?: string[] } = {}): EngineProcess {
  const engine = startEngine(env, options);
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  await Promise.all(engines.map(stopEngine));
  engines = [];
});

describe('the embedded server belongs to its worker', () => {
  it('does not outlive a worker killed with SIGKILL, and the next start runs', async () => {
    const site = await engineSite();
    const first = start(site.env);
    await first.waitForLog(isRunningLine);
    const server = await serverRecord(site.dataDir);
    expect(isRunning(server.pid)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(await eventually(() => !isRunning(server.pid), 15_000)).toBe(true);
    // The lifeline removes the pid file in its handler of the server's exit, a moment after it reaped the server.
    await eventually(() => readServerPidFile(serverPidFile(site.dataDir)) === undefined, 5_000);
    expect(readServerPidFile(serverPidFile(site.dataDir))).toBeUndefined();

    const second = start(site.env);
    await second.waitForLog(isRunningLine);
    const next = await serverRecord(site.dataDir);
    expect(next.pid).not.toBe(server.pid);
    expect(await serverAnswers(site.address)).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(isRunning(next.pid)).toBe(false);
    expect(readServerPidFile(serverPidFile(site.dataDir))).toBeUndefined();
  });

  it('stops a server whose worker and lifeline were both killed, before starting its own', async () => {
    const site = await engineSite();
    const first = start(site.env);
    await first.waitForLog(isRunningLine);
    const orphan = await serverRecord(site.dataDir);
    process.kill(orphan.lifelinePid, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    // Nobody is left to stop it: the pid file is all that names it.
    expect(isRunning(orphan.pid)).toBe(true);

    const second = start(site.env);
    await second.waitForLog(isRunningLine);
    expect(isRunning(orphan.pid)).toBe(false);
    expect((await serverRecord(site.dataDir)).pid).not.toBe(orphan.pid);
    // Usually the new start finds the orphan up and stops it, saying so; on a loaded machine the orphan can die
    // on its own first (its output pipe went with the lifeline). Either way none but the new server runs; the
    // pid-file tests cover the stopping itself.
  });

  it('goes with a worker that stops on an uncaught error, which is logged through pino', async () => {
    const site = await engineSite();
    // A planted fault, thrown from the event loop when the test asks for it.
    const fault = `process.on('SIGWINCH', () => setImmediate(() => { throw new Error('planted fault'); }));`;
    const engine = start(site.env, {
      nodeOptions: ['--import', `data:text/javascript,${encodeURIComponent(fault)}`],
    });
    await engine.waitForLog(isRunningLine);
    const server = await serverRecord(site.dataDir);

    engine.child.kill('SIGWINCH');
    expect(await engine.exited).toEqual({ code: 1, signal: null });
    const fatal = await engine.waitForLog((line) => line.msg.includes('uncaught error'), 1_000);
    expect(fatal).toMatchObject({ level: 60, err: { message: 'planted fault' } });
    expect(await eventually(() => !isRunning(server.pid), 15_000)).toBe(true);
    expect(engine.stray).toEqual([]);
  });

  it('is restarted when it is killed, and a case it holds keeps its clock', async () => {
    const site = await engineSite();
    const engine = start(site.env);
    await engine.waitForLog(isRunningLine);

    // Aware 24 h ago less 25 s: the 24-hour reminder is due 25 s from now, after the server's restart.
    const caseId = randomCaseId();
    const awareAt = new Date(Date.now() - 24 * HOUR_MS + 25_000).toISOString();
    const caseFile = join(site.dataDir, 'case.json');
    const facts = sampleCaseInput({
      caseId,
      detectedAt: new Date(Date.parse(awareAt) - HOUR_MS).toISOString(),
      awareness: { awareAt, decidedBy: 'Dana Example', reason: 'The recipient reported the files' },
    });
    await writeFile(caseFile, JSON.stringify(facts));
    const opened = await runBreach(['open', caseFile], { env: site.env });
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);

    const killed = await serverRecord(site.dataDir);
    process.kill(killed.pid, 'SIGKILL');
    const restart = await engine.waitForLog((line) => line.msg.includes('stopped unexpectedly'), 10_000);
    expect(restart).toMatchObject({ level: 50, exit: 'killed by SIGKILL', address: site.address });
    await engine.waitForLog((line) => line.msg.includes('is up again'), 20_000);
    expect((await serverRecord(site.dataDir)).pid).not.toBe(killed.pid);

    const reminderSent = async () =>
      (await readdir(join(site.dataDir, 'outbox')).catch(() => [])).some(
        (name) => name.startsWith(caseId) && name.includes('authority-reminder-24h'),
      );
    const deadline = Date.now() + 45_000;
    while (!(await reminderSent()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await reminderSent()).toBe(true);

    const status = await runBreach(['status', caseId, '--json'], { env: site.env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ caseId });
    expect(engine.stray).toEqual([]);
  });
});

describe('the SDK core', () => {
  it('logs through pino: JSON lines only, the core among them', async () => {
    const site = await engineSite();
    const engine = start(site.env);
    await engine.waitForLog(isRunningLine);
    await engine.waitForLog((line) => line.sdkComponent === 'core', 10_000);
    expect(engine.stray).toEqual([]);
  });
});

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
