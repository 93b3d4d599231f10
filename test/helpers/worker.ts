/**
 * Workers for tests over the engine's workflow bundle (or a test's own workflows, or either with interceptor
 * modules). Webpack is the slow part of a worker's start (2-3 s on two cores), so each bundle is kept on disk,
 * keyed by a hash of everything it is built from, and every test file after the first reads it instead of
 * bundling again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { failureConverterPath } from '../../infra/payload-codec.js';
import { workflowWebpackConfig } from '../../infra/workflow-bundler.js';
import { workflowsPath } from '../../worker/workflows-path.js';
import { testDataConverter } from './payload-keys.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The only rooms workflow code may import values from (the ESLint zones enforce it). */
const BUNDLED_ROOMS = ['workflows', 'domain', 'contract'];
const CACHE_DIR = join(tmpdir(), 'breach-clock-test-bundles');
/** How the bundle is made (infra/workflow-bundler.ts), part of what it is built from. */
const BUNDLER_CONFIG = join(ROOT, 'infra', 'workflow-bundler.ts');
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Workflow code beyond the engine's own: another entry point (a test's workflows) or interceptor modules. */
export interface BundleChoice {
  /** The workflows to bundle instead of the engine's (worker/workflows-path.ts). */
  workflowsPath?: string;
  /** Modules exporting `interceptors` (a WorkflowInterceptorsFactory), bundled with the workflows. */
  interceptorModules?: string[];
}

/** A hash of the bundle's inputs: the workflow rooms' files, the chosen extra modules, the installed packages. */
async function bundleKey(entry: string, extras: string[]): Promise<string> {
  const hash = createHash('sha256').update(entry);
  for (const room of BUNDLED_ROOMS) {
    const names = (await readdir(join(ROOT, room), { recursive: true })).sort();
    for (const name of names) {
      const path = join(ROOT, room, name);
      if (!(await stat(path)).isFile()) continue;
      hash.update(`\0${room}/${name}\0`).update(await readFile(path));
    }
  }
  for (const path of [BUNDLER_CONFIG, ...extras]) hash.update(`\0${path}\0`).update(await readFile(path));
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  hash.update(await readFile(existsSync(installed) ? installed : join(ROOT, 'package-lock.json')));
  hash.update(await readFile(join(ROOT, 'tsconfig.json')));
  return hash.digest('hex').slice(0, 32);
}

/** Bundles older than a day belong to code long gone; removing them is best effort. */
async function pruneStaleBundles(): Promise<void> {
  for (const name of await readdir(CACHE_DIR).catch(() => [])) {
    const path = join(CACHE_DIR, name);
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - modified > STALE_AFTER_MS) await rm(path, { force: true }).catch(() => undefined);
  }
}

async function cachedBundle(choice: BundleChoice): Promise<WorkflowBundle> {
  const entry = choice.workflowsPath ?? workflowsPath();
  const interceptors = choice.interceptorModules ?? [];
  const options = {
    workflowsPath: entry,
    // As the worker bundles: with the project's failure converter.
    failureConverterPath: failureConverterPath(),
    webpackConfigHook: workflowWebpackConfig,
    ...(interceptors.length ? { workflowInterceptorModules: interceptors } : {}),
    logger: quietLogger,
  };
  const extras = choice.workflowsPath ? [entry, ...interceptors] : interceptors;
  // A file that vanishes while it is hashed (an editor saving) leaves no trustworthy key: bundle afresh.
  const key = await bundleKey(entry, extras).catch(() => undefined);
  if (key === undefined) return bundleWorkflowCode(options);
  const file = join(CACHE_DIR, `${key}.js`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached !== undefined) return { code: cached };
  const bundle = await bundleWorkflowCode(options);
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside, then renamed: a test file reading it at the same moment sees all of it or nothing.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bundle.code);
  await rename(partial, file);
  await pruneStaleBundles();
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
  options: { taskQueue: string; activities?: object; maxCachedWorkflows?: number },
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
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
