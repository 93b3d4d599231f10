/**
 * A case on the time-skipping server in one call, in the style of the SDK's own integration helpers: a server
 * and a worker per test, cases opened with named options, rejections expected by the field they name.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import { createSmtpMailer } from '../../infra/mail/mailer.js';
import type { CaseFileInput } from '../../domain/case-file.js';
import { HOUR_MS } from '../../domain/time.js';
import type { FieldProblem } from '../../domain/validation.js';
import { breachCase } from '../../workflows/index.js';
import { createTestActivities, type TestActivities } from './activities.js';
import { sampleCaseFile } from './case-files.js';
import { startTimeSkippingServer } from './servers.js';
import type { TestSmtpServer } from './smtp.js';
import { createTestWorker } from './worker.js';

export interface CaseWorld {
  env: TestWorkflowEnvironment;
  worker: Worker;
  taskQueue: string;
  register: TestActivities['register'];
  smtp: TestSmtpServer;
  /** The server's clock, as an ISO instant. */
  now(): Promise<string>;
  teardown(): Promise<void>;
}

let worlds = 0;

export async function startCaseWorld(smtp: TestSmtpServer): Promise<CaseWorld> {
  const env = await startTimeSkippingServer();
  const taskQueue = `world-${++worlds}`;
  const deps = await createTestActivities(createSmtpMailer(smtp.url, 'breach-clock <clock@example.test>'));
  const worker = await createTestWorker(env, { taskQueue, activities: deps.activities });
  return {
    env,
    worker,
    taskQueue,
    register: deps.register,
    smtp,
    now: async () => new Date(await env.currentTimeMs()).toISOString(),
    teardown: () => env.teardown(),
  };
}

export interface OpenCaseOptions {
  caseId?: string;
  /** Awareness this many hours before now (detection one hour earlier still). */
  awareHoursAgo?: number;
  facts?: Partial<CaseFileInput>;
}

export async function openCase(
  world: CaseWorld,
  options: OpenCaseOptions = {},
): Promise<{ handle: WorkflowHandle<typeof breachCase>; caseId: string; awareAt: string }> {
  const caseId = options.caseId ?? `BR-T-${++worlds}`;
  const now = await world.env.currentTimeMs();
  const awareHoursAgo = options.awareHoursAgo ?? 0;
  const awareAt = new Date(now - awareHoursAgo * HOUR_MS).toISOString();
  const caseFile = sampleCaseFile({
    caseId,
    detectedAt: new Date(now - (awareHoursAgo + 1) * HOUR_MS).toISOString(),
    awareness: { awareAt, decidedBy: 'Dana Example', reason: 'Recipient reported the files' },
    ...options.facts,
  });
  const handle = await world.env.client.workflow.start(breachCase, {
    taskQueue: world.taskQueue,
    workflowId: `breach-case/${caseId}`,
    args: [{ caseId, caseFile }],
  });
  return { handle, caseId, awareAt };
}

/** The update is refused, naming `field` among its problems (both sides of the failure, no message parsing). */
export async function expectRejected(update: Promise<unknown>, field: string): Promise<FieldProblem[]> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { details?: unknown[] } | undefined;
  const problems = (cause?.details?.[0] ?? []) as FieldProblem[];
  expect(problems.map((p) => p.path)).toContain(field);
  return problems;
}

export const plusHours = (iso: string, hours: number) =>
  new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
