/**
 * Finds, or builds from the package registries, the two Temporal servers the project runs on: the `temporal`
 * CLI (dev server, Go module proxy) and the time-skipping test server (Java, Maven Central).
 *
 * Order of preference, for each: an explicit path in the environment, a binary on PATH (CLI only), the cached
 * build, a fresh build when the toolchain exists, and last `undefined`, which lets the SDK download its own copy
 * for users who are online.
 *
 * Both servers share one resolve-cache-build sequence here; how the test server's JVM starts (its flags and
 * class archive) is test-server-archive.ts.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  archiveIsCurrent,
  javaTool,
  prepareTestServer,
  WRAPPER_NAME,
  type ExerciseTestServer,
} from './test-server-archive.js';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';
// temporal-test-server logs through slf4j-api 1.7.x; a binding from the same line keeps its output visible.
const SLF4J_SIMPLE_VERSION = '1.7.36';

export type BinarySource = 'env' | 'path' | 'cache' | 'built';
export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}
export type Progress = (message: string) => void;

export interface ResolveOptions {
  /** Build into the cache when nothing usable is found (minutes on first run). */
  build: boolean;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
  /** The workload whose classes the test server's class archive holds, when it is built. */
  exerciseTestServer?: ExerciseTestServer;
}

export class BinarySetupError extends Error {
  override name = 'BinarySetupError';
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BREACH_CLOCK_CACHE) return env.BREACH_CLOCK_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'breach-clock');
}

export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'bin', 'temporal');
}

export function cachedTestServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), `temporal-test-server-${TEST_SERVER_VERSION}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromEnv(variable: string, env: NodeJS.ProcessEnv): ResolvedBinary | undefined {
  const value = env[variable];
  if (!value) return undefined;
  if (!isExecutable(value)) {
    throw new BinarySetupError(`${variable} is set to "${value}", which is not an executable file.`);
  }
  return { path: value, source: 'env' };
}

export async function resolveTemporalCli(options: ResolveOptions): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const explicit = fromEnv('TEMPORAL_CLI_PATH', env);
  if (explicit) return explicit;
  const installed = onPath('temporal', env);
  if (installed) return { path: installed, source: 'path' };
  const cached = cachedCliPath(env);
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  if (!options.build || !onPath('go', env)) return undefined;
  await buildTemporalCli(cached, options.progress ?? (() => {}), env);
  return { path: cached, source: 'built' };
}

/** Whether a JVM is there for the test server's wrapper: JAVA_HOME's, or one on PATH. */
function javaFound(env: NodeJS.ProcessEnv): boolean {
  // javaTool names JAVA_HOME's java only when it is executable, and else the bare name, for PATH.
  return javaTool('java', env) !== 'java' || onPath('java', env) !== undefined;
}

export async function resolveTestServer(options: ResolveOptions): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const explicit = fromEnv('TEMPORAL_TEST_SERVER_PATH', env);
  if (explicit) return explicit;
  const dir = cachedTestServerDir(env);
  const wrapper = join(dir, WRAPPER_NAME);
  const progress = options.progress ?? (() => {});
  if (isExecutable(wrapper)) {
    // A cache from an older recipe, or whose archive the JVM no longer takes, keeps its jars and gets today's
    // archive and wrapper.
    if (!options.build || !javaFound(env) || archiveIsCurrent(dir, env))
      return { path: wrapper, source: 'cache' };
    progress('Recording the test server a new class-data-sharing archive');
    await prepareTestServer(dir, env, progress, options.exerciseTestServer);
    return { path: wrapper, source: 'cache' };
  }
  if (!options.build || !onPath('mvn', env) || !onPath('java', env)) return undefined;
  await buildTestServer(dir, progress, env, options.exerciseTestServer);
  return { path: wrapper, source: 'built' };
}

/** Runs a command, forwarding a digest of its output as progress; rejects with its last lines on failure. */
async function run(
  command: string,
  args: string[],
  opts: { cwd?: string; env: NodeJS.ProcessEnv; progress: Progress; label: string },
): Promise<void> {
  const started = Date.now();
  const tail: string[] = [];
  let downloads = 0;
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    const fetched = downloads ? `, ${downloads} modules fetched` : '';
    opts.progress(`${opts.label}: still working (${seconds}s${fetched})`);
  }, 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.trim()) continue;
          if (line.includes('downloading')) downloads += 1;
          tail.push(line);
          if (tail.length > 30) tail.shift();
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else reject(new BinarySetupError(`${opts.label} failed (exit ${code}):\n${tail.join('\n')}`));
      });
    });
  } finally {
    clearInterval(heartbeat);
  }
}

async function buildTemporalCli(target: string, progress: Progress, env: NodeJS.ProcessEnv): Promise<void> {
  const versionDir = join(target, '..', '..');
  await mkdir(versionDir, { recursive: true });
  // Build into a scratch folder and move the finished binary in, so an interrupted build never leaves a
  // half-written executable where the next run would trust it.
  const scratch = await mkdtemp(join(versionDir, 'build-'));
  progress(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first run only; a few minutes on 2 cores)`,
  );
  const started = Date.now();
  try {
    await run(
      'go',
      ['install', '-ldflags', '-s -w', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`],
      { env: { ...env, GOBIN: scratch, CGO_ENABLED: '0' }, progress, label: 'go install temporal' },
    );
    await mkdir(join(target, '..'), { recursive: true });
    await rename(join(scratch, 'temporal'), target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  progress(`Temporal CLI ready in ${Math.round((Date.now() - started) / 1000)}s: ${target}`);
}

function testServerPom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Resolves the time-skipping test server and a logging binding; generated by breach-clock's setup. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.breach-clock</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>${SLF4J_SIMPLE_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

async function buildTestServer(
  dir: string,
  progress: Progress,
  env: NodeJS.ProcessEnv,
  exercise: ExerciseTestServer | undefined,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  progress(`Resolving the Temporal test server ${TEST_SERVER_VERSION} with Maven (first run only)`);
  const started = Date.now();
  await writeFile(join(dir, 'pom.xml'), testServerPom());
  const scratchLib = join(dir, 'lib.partial');
  await rm(scratchLib, { recursive: true, force: true });
  await run(
    'mvn',
    [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      `-DoutputDirectory=${scratchLib}`,
      '-DincludeScope=runtime',
    ],
    { cwd: dir, env, progress, label: 'mvn copy-dependencies' },
  );
  await rm(join(dir, 'lib'), { recursive: true, force: true });
  await rename(scratchLib, join(dir, 'lib'));

  progress('Recording a class-data-sharing archive so the test server starts and serves with less CPU');
  await prepareTestServer(dir, env, progress, exercise);
  const wrapper = join(dir, WRAPPER_NAME);
  progress(`Temporal test server ready in ${Math.round((Date.now() - started) / 1000)}s: ${wrapper}`);
}
