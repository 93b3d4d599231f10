/**
 * The workflow bundle, kept on disk between starts. Webpack is most of a worker's start (several seconds of CPU
 * on two cores), and the bundle only changes when the code it is built from does: the worker, the tests and
 * the benchmark read it from the cache, keyed by a hash of everything it is built from, and bundle only when
 * that changed. A cache that cannot be read or written costs a bundling, never a start.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundle } from '@temporalio/worker';
import { projectRoot } from './project-root.js';
import { sharedWorkflowModules, workflowWebpackConfig } from './workflow-bundler.js';

/** The project's root as this module runs: the repository (TypeScript sources) or its dist/ (compiled). */
const CODE_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The only rooms workflow code may import values from (the ESLint zones enforce it). */
const BUNDLED_ROOMS = ['workflows', 'domain', 'contract'];
/** How the bundle is made: this module's sibling, part of what a bundle is built from. */
const BUNDLER_CONFIG = fileURLToPath(
  new URL(`./workflow-bundler${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);
/** A bundle not read for this long belongs to code long gone. */
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

export interface BundleRequest {
  /** The workflows' entry point. */
  workflowsPath: string;
  /** Modules exporting `interceptors` (a WorkflowInterceptorsFactory), bundled with the workflows. */
  interceptorModules?: string[];
  /** The failure converter the bundle's workflows use (the project's, by path). */
  failureConverterPath: string;
  /** Where bundles are kept; made private (0700) when missing. */
  cacheDir: string;
  /** Where the bundler's own messages go (quiet when not given); its errors also come with a failure. */
  logger?: BundleLogger;
}

type BundleLogger = NonNullable<BundleOptions['logger']>;

export interface CachedBundle {
  bundle: WorkflowBundle;
  /** Read from the cache, or bundled now (and written to the cache, if it could be). */
  source: 'cache' | 'bundled';
  /** Why the cache could not be used, when it could not: a bundling, not a failure. */
  cacheProblem?: string;
}

/** A logger for the bundler that says nothing. */
export const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A hash of the bundle's inputs: the workflow rooms' files, the chosen modules, the installed packages. */
async function bundleKey(request: BundleRequest): Promise<string> {
  const hash = createHash('sha256');
  for (const room of BUNDLED_ROOMS) {
    const names = (await readdir(join(CODE_ROOT, room), { recursive: true })).sort();
    for (const name of names) {
      const path = join(CODE_ROOT, room, name);
      if (!(await stat(path)).isFile()) continue;
      hash.update(`\0${room}/${name}\0`).update(await readFile(path));
    }
  }
  const chosen = [request.workflowsPath, ...(request.interceptorModules ?? [])];
  for (const path of [BUNDLER_CONFIG, request.failureConverterPath, ...chosen]) {
    hash.update(`\0${path}\0`).update(await readFile(path));
  }
  const root = projectRoot();
  const installed = join(root, 'node_modules', '.package-lock.json');
  hash.update(await readFile(existsSync(installed) ? installed : join(root, 'package-lock.json')));
  const tsconfig = join(root, 'tsconfig.json');
  if (existsSync(tsconfig)) hash.update(await readFile(tsconfig));
  return hash.digest('hex').slice(0, 32);
}

/** Bundles the workflows; a failure says what webpack reported, which the SDK's own error leaves to its log. */
async function bundle(request: BundleRequest): Promise<WorkflowBundle> {
  const logger = request.logger ?? quietLogger;
  const reported: string[] = [];
  try {
    return await bundleWorkflowCode({
      workflowsPath: request.workflowsPath,
      failureConverterPath: request.failureConverterPath,
      webpackConfigHook: workflowWebpackConfig,
      preloadModules: sharedWorkflowModules(request.workflowsPath),
      ...(request.interceptorModules?.length
        ? { workflowInterceptorModules: request.interceptorModules }
        : {}),
      logger: {
        log(level, message, meta) {
          if (level === 'ERROR') reported.push(message);
          logger.log(level, message, meta);
        },
        trace(message, meta) {
          logger.trace(message, meta);
        },
        debug(message, meta) {
          logger.debug(message, meta);
        },
        info(message, meta) {
          logger.info(message, meta);
        },
        warn(message, meta) {
          logger.warn(message, meta);
        },
        error(message, meta) {
          reported.push(message);
          logger.error(message, meta);
        },
      },
    });
  } catch (error) {
    if (!reported.length || !(error instanceof Error)) throw error;
    throw new Error(`${error.message}\n${reported.join('\n')}`, { cause: error });
  }
}

/** Bundles not read for a week are removed; best effort. */
async function pruneStale(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) {
    const path = join(dir, name);
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - modified > STALE_AFTER_MS) await rm(path, { force: true }).catch(() => undefined);
  }
}

const problemOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The workflow bundle for `request`: from the cache when its inputs are unchanged, else bundled and kept. */
export async function cachedWorkflowBundle(request: BundleRequest): Promise<CachedBundle> {
  // A file that vanishes while it is hashed (an editor saving) leaves no trustworthy key: bundle afresh.
  let key: string;
  try {
    key = await bundleKey(request);
  } catch (error) {
    return { bundle: await bundle(request), source: 'bundled', cacheProblem: problemOf(error) };
  }
  const file = join(request.cacheDir, `${key}.js`);
  const cached = await readCached(file);
  if (cached) return cached;
  const release = await bundlingTurn(file, request.cacheDir);
  try {
    // Bundled by another process while this one waited.
    const meanwhile = await readCached(file);
    if (meanwhile) return meanwhile;
    return await bundleAndKeep(request, file);
  } finally {
    await release();
  }
}

async function readCached(file: string): Promise<CachedBundle | undefined> {
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached === undefined) return undefined;
  // Read now: the pruning of another start keeps it.
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
  return { bundle: { code: cached }, source: 'cache' };
}

/** A lock older than this is taken as left behind even if its process lives on: bundling takes seconds. */
const STALE_LOCK_MS = 2 * 60 * 1000;
/** How long a start waits for another's bundling before it bundles too. */
const MAX_WAIT_MS = 3 * 60 * 1000;

/** Whether the process that wrote a lock (its content, a PID on this machine) is gone. */
function holderGone(content: string | undefined): boolean {
  const pid = Number(content);
  // Empty while its writer is still writing it: judged by its age alone.
  if (!content || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Waits until this process may bundle `file`: processes that start at the same moment (the test processes,
 * several workers on one machine) would each bundle the same code, so one bundles under a lock file (its PID)
 * while the others wait for its bundle, or for its lock to go. A lock whose process is gone (killed while
 * bundling) is taken over at once, one older than two minutes in any case. Resolves with the release of the
 * lock, if this process holds it; a cache folder that cannot hold a lock costs a bundling, never a start.
 */
async function bundlingTurn(file: string, cacheDir: string): Promise<() => Promise<void>> {
  const lock = `${file}.lock`;
  const mine = String(process.pid);
  const nothing = () => Promise.resolve();
  const started = Date.now();
  await mkdir(cacheDir, { recursive: true, mode: 0o700 }).catch(() => undefined);
  for (;;) {
    try {
      await writeFile(lock, mine, { flag: 'wx', mode: 0o600 });
      return async () => {
        // Only this process's lock: one taken over meanwhile belongs to another.
        if ((await readFile(lock, 'utf8').catch(() => undefined)) === mine) {
          await rm(lock, { force: true }).catch(() => undefined);
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return nothing;
    }
    if (existsSync(file) || Date.now() - started > MAX_WAIT_MS) return nothing;
    const [locked, holder] = await Promise.all([
      stat(lock).catch(() => undefined),
      readFile(lock, 'utf8').catch(() => undefined),
    ]);
    if (locked && (holderGone(holder) || Date.now() - locked.mtimeMs > STALE_LOCK_MS)) {
      await rm(lock, { force: true }).catch(() => undefined);
      if (existsSync(lock)) return nothing;
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function bundleAndKeep(request: BundleRequest, file: string): Promise<CachedBundle> {
  const built = await bundle(request);
  try {
    await mkdir(request.cacheDir, { recursive: true, mode: 0o700 });
    // Written aside, then renamed: a start reading it at the same moment sees all of it or nothing.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, built.code, { mode: 0o600 });
    await rename(partial, file);
  } catch (error) {
    return { bundle: built, source: 'bundled', cacheProblem: problemOf(error) };
  }
  await pruneStale(request.cacheDir);
  return { bundle: built, source: 'bundled' };
}
