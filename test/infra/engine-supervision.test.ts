/**
 * The engine owns its embedded server. Real processes, as a service manager runs them: `node
 * dist/worker/main.js` killed with SIGKILL, its lifeline killed with it, an uncaught error. Before this, a
 * killed worker orphaned its server and the SDK core's warnings bypassed the logs. The server's own restart is
 * in embedded-server-restart.test.ts, a server that cannot be reached in server-unreachable.test.ts: files of
 * their own, so that the test run spreads these slow tests over its processes.
 *
 * @waits engines killed and restarted, with their back-off (test/waits-beside-work-sequencer.ts)
 */
import { describe, expect, it } from 'vitest';
import {
  engineSite,
  enginesStoppedAfterEach,
  eventually,
  isRunningLine,
  serverRecord,
} from '../helpers/engine-process.js';
import { serverAnswers } from '../../infra/server-answers.js';
import { isRunning, readServerPidFile, serverPidFile } from '../../worker/server-pid-file.js';

const start = enginesStoppedAfterEach();

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
    // The workflow code the first start bundled (or read) is read back, not bundled again.
    expect(second.lines.find((line) => 'workflowBundle' in line)).toMatchObject({ workflowBundle: 'cache' });
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
    // Nobody is left to stop it: the pid file is all that names it. Usually it is still up here; on a loaded
    // machine it can die on its own first (its output pipe went with the lifeline), which is no less an end.

    const second = start(site.env);
    await second.waitForLog(isRunningLine);
    expect(isRunning(orphan.pid)).toBe(false);
    expect((await serverRecord(site.dataDir)).pid).not.toBe(orphan.pid);
    // Either way none but the new server runs; the pid-file tests cover the stopping itself.
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
