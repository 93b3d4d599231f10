import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../common/time.js';
import { authorityNoticeFiled, clockState } from '../common/messages.js';
import { breachCase } from '../workflows/index.js';
import { startTimeSkippingServer } from './helpers/servers.js';
import { createTestWorker } from './helpers/worker.js';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingServer();
});

afterAll(async () => {
  await env?.teardown();
});

describe('the authority clock on the time-skipping server', () => {
  it('runs 72 hours of workflow time from awareness, becomes overdue at the deadline, and ends on notice', async () => {
    const taskQueue = `clock-${randomUUID()}`;
    const worker = await createTestWorker(env, { taskQueue });
    const awareAt = new Date(await env.currentTimeMs()).toISOString();
    const wallStart = Date.now();

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(breachCase, {
        taskQueue,
        workflowId: `case-${randomUUID()}`,
        args: [{ caseId: 'clock-test', awareAt }],
      });

      await env.sleep(71 * HOUR_MS);
      expect((await handle.query(clockState)).overdue).toBe(false);

      await env.sleep(2 * HOUR_MS);
      const late = await handle.query(clockState);
      expect(late.overdue).toBe(true);
      expect(late.authorityDueAt).toBe(new Date(Date.parse(awareAt) + 72 * HOUR_MS).toISOString());

      const filedAt = new Date(await env.currentTimeMs()).toISOString();
      await handle.signal(authorityNoticeFiled, { filedAt });
      const result = await handle.result();
      expect(result.authorityNotifiedAt).toBe(filedAt);
    });

    const workflowHours =
      (Date.parse(new Date(await env.currentTimeMs()).toISOString()) - Date.parse(awareAt)) / HOUR_MS;
    expect(workflowHours).toBeGreaterThanOrEqual(73);
    // Days of workflow time in minutes at most of real time: only time skipping does that.
    expect(Date.now() - wallStart).toBeLessThan(5 * 60_000);
  });
});
