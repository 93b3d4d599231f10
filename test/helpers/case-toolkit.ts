/**
 * Cases on the time-skipping server in the style of the SDK's own integration helpers: a world of its own
 * for each test (server, worker, mail server, register), cases opened with named options and random IDs,
 * refused updates read back as data by the field they name.
 */
import { randomUUID } from 'node:crypto';
import {
  ApplicationFailure,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { assert, expect, test, vi } from 'vitest';
import { rejectionProblems } from '../../contract/action-rejection.js';
import { stateQuery } from '../../contract/messages.js';
import type { CaseFileInput } from '../../domain/case-file.js';
import { HOUR_MS } from '../../domain/time.js';
import type { FieldProblem } from '../../domain/validation.js';
import { createSmtpMailer, type SmtpTimeouts } from '../../infra/mail/mailer.js';
import type { RegisterRow, RegisterStore } from '../../infra/register/register-store.js';
import { breachCase } from '../../workflows/index.js';
import { createTestActivities, type TestActivities } from './activities.js';
import { sampleCaseFile } from './case-files.js';
import { startTimeSkippingServer } from './servers.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';
import { createTestWorker } from './worker.js';

export interface CaseWorld {
  /** A time-skipping server of this world alone: skipped time is global to a server. */
  env: TestWorkflowEnvironment;
  taskQueue: string;
  register: RegisterStore;
  /** This world's mail server: what the engine sent in this test, and nothing else. */
  smtp: TestSmtpServer;
  /** The server's clock, as an ISO instant. */
  now(): Promise<string>;
  /** The worker's activities and their register database, to share with another world. */
  deps: TestActivities;
}

export interface CaseWorldOptions {
  /** What the worker runs instead of the real activities, given them: to fail one after its work, say. */
  activities?: (real: TestActivities['activities']) => object;
  /** The mail transport's timeouts, shorter than in production so a stalled server costs a test seconds. */
  smtpTimeouts?: Partial<SmtpTimeouts>;
  /**
   * Another world's activities and register: this world is then a second Temporal server over the same
   * register (as when Temporal has forgotten a case the register keeps), and mails to that world's server.
   */
  shared?: TestActivities;
  /** The worker's workflow cache, when a test needs cases evicted and replayed. */
  maxCachedWorkflows?: number;
  /**
   * Bundles the fired-timer guard (fired-timer-guard.ts), on by default: a timer may fire while the workflow
   * task that cancels it is out, whenever the machine is slow or the worker replays, and this server then
   * stands still with the case and its clock (the test hangs). `false` for a test of the unguarded workflow.
   */
  guardFiredTimers?: boolean;
}

/**
 * Runs `body` in a world of its own with its worker running. When `body` ends the worker drains, then the
 * mail server, the register and the server go, whatever the outcome.
 */
export async function withCaseWorld<T>(
  body: (world: CaseWorld) => Promise<T>,
  options: CaseWorldOptions = {},
): Promise<T> {
  const env = await startTimeSkippingServer();
  const smtp = await startSmtpServer();
  let deps: TestActivities | undefined;
  try {
    deps =
      options.shared ??
      (await createTestActivities(
        createSmtpMailer(smtp.url, 'breach-clock <clock@example.test>', options.smtpTimeouts),
      ));
    const taskQueue = `cases-${randomUUID()}`;
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: options.activities ? options.activities(deps.activities) : deps.activities,
      ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
      guardFiredTimers: options.guardFiredTimers ?? true,
    });
    const world: CaseWorld = {
      env,
      taskQueue,
      register: deps.register,
      smtp,
      now: async () => new Date(await env.currentTimeMs()).toISOString(),
      deps,
    };
    return await worker.runUntil(() => body(world));
  } finally {
    await smtp.stop();
    if (!options.shared) await deps?.db.destroy();
    await env.teardown();
  }
}

/** Vitest's `test` with a `world` fixture: each test that names it gets a fresh one, its worker running. */
export const caseTest = test.extend<{ world: CaseWorld }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  world: async ({}, use) => {
    await withCaseWorld(use);
  },
});

/** A case ID no other test uses: `BR-T-` and twelve random hex digits. */
export function randomCaseId(): string {
  return `BR-T-${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
}

export interface OpenCaseOptions {
  /** A random `BR-T-...` when not given, so no two cases ever share a workflow ID. */
  caseId?: string;
  /** Awareness this many hours before now (detection one hour earlier still); 0 when not given. */
  awareHoursAgo?: number;
  /** Facts that differ from the sample case file; `detectedAt` and `awareness` override the two above. */
  facts?: Partial<CaseFileInput>;
  /** The history length at which the case continues as new. */
  historyEventLimit?: number;
  /** The organisation's policy targets, as `breach open` passes them from BREACH_CLOCK_POLICY_TARGETS. */
  organisationPolicyTargets?: Record<string, number>;
}

export interface OpenedCase {
  handle: WorkflowHandle<typeof breachCase>;
  caseId: string;
  /** The instant of awareness, ISO. */
  awareAt: string;
}

/** Starts a case workflow on the world's task queue, from the sample case file and `options`. */
export async function openCase(world: CaseWorld, options: OpenCaseOptions = {}): Promise<OpenedCase> {
  const caseId = options.caseId ?? randomCaseId();
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
    args: [
      {
        caseId,
        caseFile,
        ...(options.historyEventLimit ? { historyEventLimit: options.historyEventLimit } : {}),
        ...(options.organisationPolicyTargets
          ? { organisationPolicyTargets: options.organisationPolicyTargets }
          : {}),
      },
    ],
  });
  return { handle, caseId, awareAt };
}

/**
 * Waits until the register row has caught up with the case (same revision, status, breach and timeline) and
 * returns the row.
 */
export async function registerCaughtUp(world: CaseWorld, opened: OpenedCase): Promise<RegisterRow> {
  return vi.waitFor(
    async () => {
      const state = await opened.handle.query(stateQuery);
      const row = await world.register.get(opened.caseId);
      expect(row?.revision).toBe(state.revision);
      expect(row?.entry.breachId).toBe(state.breachId);
      expect(row?.status).toBe(state.closed ? 'closed' : 'open');
      expect(row?.entry.timeline).toEqual(state.timeline);
      return row!;
    },
    { timeout: 20_000, interval: 100 },
  );
}

/**
 * Why a case workflow failed, as a client with the key reads it: the history holds the message encrypted
 * (contract/failure-converter.ts). Awaited only once the workflow has failed, so no time is skipped.
 */
export async function caseFailure(handle: WorkflowHandle): Promise<ApplicationFailure> {
  const error = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowFailedError) || !(error.cause instanceof ApplicationFailure)) {
    throw new Error(`the workflow did not fail with an application failure: ${String(error)}`);
  }
  return error.cause;
}

/**
 * The update is refused as a DPO action, naming `field` among its problems, which are returned. Read through
 * the contract's `rejectionProblems`, the client side of the workflow's `actionRejection`: no message parsing.
 */
export async function expectRejected(update: Promise<unknown>, field: string): Promise<FieldProblem[]> {
  const failure = await update.then(
    () => assert.fail(`expected the update to be refused on "${field}", but it was accepted`),
    (error: unknown) => error,
  );
  assert.instanceOf(failure, WorkflowUpdateFailedError);
  const problems = rejectionProblems(failure.cause);
  assert(problems, `expected a refused action, got: ${String(failure.cause ?? failure)}`);
  expect(problems.map((p) => p.path)).toContain(field);
  return problems;
}

export const plusHours = (iso: string, hours: number) =>
  new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();

/** The activity type a local activity's marker records, from the marker's own data. */
export function localActivityType(event: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.['data']?.payloads?.[0]?.data;
  return data
    ? (JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type
    : undefined;
}

/**
 * The mail activities the case scheduled, in history order: `sendMail` for a message alone, `sendMails` for the
 * messages of one instant together.
 */
export async function mailActivities(handle: WorkflowHandle): Promise<string[]> {
  return ((await handle.fetchHistory()).events ?? []).flatMap((event) => {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return name === 'sendMail' || name === 'sendMails' ? [name] : [];
  });
}
