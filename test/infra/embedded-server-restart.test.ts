/**
 * A killed embedded server is restarted by its worker, and a case it held keeps its clock: a reminder falls due
 * after the restart and is sent. Before this, a killed server left the worker retrying in silence with no clock
 * running. Real processes, as a service manager runs them.
 *
 * @waits a killed server's restart and a reminder due in real seconds (test/waits-beside-work-sequencer.ts)
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleCaseInput } from '../helpers/case-files.js';
import { randomCaseId } from '../helpers/case-toolkit.js';
import {
  engineSite,
  enginesStoppedAfterEach,
  isRunningLine,
  serverRecord,
} from '../helpers/engine-process.js';
import { runBreach } from '../helpers/run-cli.js';

const HOUR_MS = 3_600_000;
const start = enginesStoppedAfterEach();

describe('the embedded server belongs to its worker', () => {
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
