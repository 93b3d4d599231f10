/**
 * The engine sizes its workflow thread's heap to its cache (infra/workflow-heap.ts). Without a limit V8 let the
 * thread that runs every workflow grow towards Node's default of about 4 GiB before collecting: 2,000 open
 * cases took the worker 1.26 GiB above its start while the 500 workflows it cached kept under 400 MiB. The test
 * runs the engine as a service manager would and reads each thread's heap limit from Node's diagnostic report.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { engineOnServer, enginesStoppedAfterEach, isRunningLine } from '../helpers/engine-process.js';
import { startDevServer } from '../helpers/servers.js';
import { serverForSuite } from '../helpers/suite-server.js';

const start = enginesStoppedAfterEach();
const MiB = 1024 ** 2;
/** V8's heap limit is the old space plus the young generation's semi-spaces. */
const YOUNG_GENERATION_MIB = 64;

interface HeapReport {
  javascriptHeap: { memoryLimit: number };
  workers: HeapReport[];
}

/** Starts the engine, asks Node for its diagnostic report, and returns the main thread's and each worker's limit. */
async function heapLimits(address: string, env: Record<string, string>) {
  const reports = await mkdtemp(join(tmpdir(), 'heap-report-'));
  const engine = start(
    { ...(await engineOnServer(address, `heap-${Date.now()}`)), ...env },
    { nodeOptions: ['--report-on-signal', `--report-directory=${reports}`] },
  );
  const running = await engine.waitForLog(isRunningLine);
  engine.child.kill('SIGUSR2');
  const report = await readReport(reports);
  return {
    running,
    main: report.javascriptHeap.memoryLimit / MiB,
    workers: report.workers.map((worker) => worker.javascriptHeap.memoryLimit / MiB),
  };
}

/** The report Node writes into `folder`, once it is there whole (it is read while it may still be written). */
async function readReport(folder: string): Promise<HeapReport> {
  for (const asked = Date.now(); Date.now() - asked < 10_000; await sleep(100)) {
    const file = (await readdir(folder)).find((name) => name.endsWith('.json'));
    if (!file) continue;
    try {
      return JSON.parse(await readFile(join(folder, file), 'utf8')) as HeapReport;
    } catch {
      // Not written whole yet.
    }
  }
  throw new Error(`no diagnostic report in ${folder} within 10 s of SIGUSR2`);
}

describe('the workflow thread’s heap', () => {
  const server = serverForSuite(startDevServer);

  it('is sized to the cache by default, and the main thread keeps its own', async () => {
    const limits = await heapLimits(server().address, { BREACH_CLOCK_CACHED_WORKFLOWS: '100' });
    // 256 MiB + 100 × 0.2 MiB.
    expect(limits.running).toMatchObject({ cachedWorkflows: 100, workflowHeap: '276MiB' });
    expect(limits.workers.length).toBeGreaterThan(0);
    for (const limit of limits.workers) {
      expect(limit).toBeGreaterThanOrEqual(276);
      expect(limit).toBeLessThanOrEqual(276 + YOUNG_GENERATION_MIB);
    }
    expect(limits.main).toBeGreaterThan(276 + YOUNG_GENERATION_MIB);
  });

  it('takes BREACH_CLOCK_WORKFLOW_HEAP', async () => {
    const limits = await heapLimits(server().address, { BREACH_CLOCK_WORKFLOW_HEAP: '1GiB' });
    expect(limits.running).toMatchObject({ workflowHeap: '1024MiB' });
    for (const limit of limits.workers) {
      expect(limit).toBeGreaterThanOrEqual(1024);
      expect(limit).toBeLessThanOrEqual(1024 + YOUNG_GENERATION_MIB);
    }
  });
});
