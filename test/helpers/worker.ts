/**
 * Workers for tests over the engine's workflow bundle (or a test's own workflows, or either with interceptor
 * modules). Webpack is the slow part of a worker's start (2-3 s on two cores), so each bundle is kept on disk
 * (infra/workflow-bundle-cache.ts), and every test file after the first reads it instead of bundling again.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { failureConverterPath } from '../../infra/payload-codec.js';
import { cachedWorkflowBundle } from '../../infra/workflow-bundle-cache.js';
import { workflowsPath } from '../../worker/workflows-path.js';
import { testDataConverter } from './payload-keys.js';

// Kept between runs: in the system's temporary folder, not the run's own, which is removed at its end.
const CACHE_DIR = join(process.env.BREACH_CLOCK_TEST_SYSTEM_TMPDIR ?? tmpdir(), 'breach-clock-test-bundles');

/**
 * Keeps the time-skipping server away from the one command it mishandles: cancelling a timer that fired while
 * the cancelling task was with the worker (fired-timer-guard.ts; README, Development).
 */
export const FIRED_TIMER_GUARD = fileURLToPath(new URL('./fired-timer-guard.ts', import.meta.url));

/** Workflow code beyond the engine's own: another entry point (a test's workflows) or interceptor modules. */
export interface BundleChoice {
  /** The workflows to bundle instead of the engine's (worker/workflows-path.ts). */
  workflowsPath?: string;
  /** Modules exporting `interceptors` (a WorkflowInterceptorsFactory), bundled with the workflows. */
  interceptorModules?: string[];
}

async function cachedBundle(choice: BundleChoice): Promise<WorkflowBundle> {
  const { bundle } = await cachedWorkflowBundle({
    workflowsPath: choice.workflowsPath ?? workflowsPath(),
    ...(choice.interceptorModules ? { interceptorModules: choice.interceptorModules } : {}),
    // As the worker bundles: with the project's failure converter.
    failureConverterPath: failureConverterPath(),
    cacheDir: CACHE_DIR,
  });
  return bundle;
}

const bundles = new Map<string, Promise<WorkflowBundle>>();

/**
 * The workflow bundle of today's code (the engine's workflows unless `choice` names others, with any
 * interceptor modules it names): built once, then read from the cache by every test file.
 */
export function workflowBundle(choice: BundleChoice = {}): Promise<WorkflowBundle> {
  const id = JSON.stringify([choice.workflowsPath ?? '', choice.interceptorModules ?? []]);
  let bundle = bundles.get(id);
  if (!bundle) {
    bundle = cachedBundle(choice);
    bundles.set(id, bundle);
  }
  return bundle;
}

export async function createTestWorker(
  env: TestWorkflowEnvironment,
  options: {
    taskQueue: string;
    activities?: object;
    maxCachedWorkflows?: number;
    guardFiredTimers?: boolean;
  },
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(
      options.guardFiredTimers ? { interceptorModules: [FIRED_TIMER_GUARD] } : {},
    ),
    dataConverter: testDataConverter,
    ...(options.activities ? { activities: options.activities } : {}),
    ...(options.maxCachedWorkflows !== undefined
      ? {
          maxCachedWorkflows: options.maxCachedWorkflows,
          maxConcurrentWorkflowTaskExecutions: Math.min(2, options.maxCachedWorkflows),
        }
      : {}),
  });
}
