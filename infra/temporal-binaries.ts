/**
 * Finds, or builds from the package registries, the two Temporal servers the project runs on: the `temporal`
 * CLI (dev server, Go module proxy) and the time-skipping test server (Java, Maven Central).
 *
 * Order of preference, for each: an explicit path in the environment, a binary on PATH (CLI only), the cached
 * build, a fresh build when the toolchain exists, and last `undefined`, which lets the SDK download its own copy
 * for users who are online.
 *
 * One file of ~280 lines on purpose: both servers share the same resolve-cache-build-install sequence, and
 * splitting it per server would write that sequence twice.
 *
 * Longer than the house's ~250 lines: both servers' resolution order, build and cache are one procedure that
 * is easier to trust read top to bottom than spread over files.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

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

export async function resolveTestServer(options: ResolveOptions): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const explicit = fromEnv('TEMPORAL_TEST_SERVER_PATH', env);
  if (explicit) return explicit;
  const wrapper = join(cachedTestServerDir(env), 'temporal-test-server');
  if (isExecutable(wrapper)) return { path: wrapper, source: 'cache' };
  if (!options.build || !onPath('mvn', env) || !onPath('java', env)) return undefined;
  await buildTestServer(cachedTestServerDir(env), options.progress ?? (() => {}), env);
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

// Measured on 2 cores: a plain JVM answers in about 1.2 s, with C1 only, serial GC and an app CDS archive in
// about 0.35 s. The SDK gives the server about 5 s, and parallel test files start several at once.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss1m', '-Xmx768m', '-Xshare:auto'];

function wrapperScript(withArchive: boolean): string {
  const archive = withArchive
    ? ' -XX:SharedArchiveFile="$dir/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off'
    : '';
  return `#!/bin/sh
# Starts Temporal's time-skipping test server. Generated by breach-clock's setup.
# exec: the SDK stops the server by killing its direct child, so the JVM itself must be that child.
dir=$(cd "$(dirname "$0")" && pwd)
java=java
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
exec "$java" ${JVM_FLAGS.join(' ')}${archive} -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
`;
}

async function buildTestServer(dir: string, progress: Progress, env: NodeJS.ProcessEnv): Promise<void> {
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

  progress('Recording a class-data-sharing archive so the test server starts well inside the SDK window');
  const archived = await recordClassArchive(dir, env).catch((error: unknown) => {
    progress(`No class archive (the server still works, only slower to start): ${String(error)}`);
    return false;
  });
  const wrapper = join(dir, 'temporal-test-server');
  const scratchWrapper = `${wrapper}.partial`;
  await writeFile(scratchWrapper, wrapperScript(archived));
  await chmod(scratchWrapper, 0o755);
  await rename(scratchWrapper, wrapper);
  progress(`Temporal test server ready in ${Math.round((Date.now() - started) / 1000)}s: ${wrapper}`);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function recordClassArchive(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const archive = join(dir, 'app.jsa');
  await rm(archive, { force: true });
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const child = spawn(
    'java',
    [
      ...JVM_FLAGS,
      `-XX:ArchiveClassesAtExit=${archive}`,
      '-Xlog:cds=off',
      '-Xlog:cds+dynamic=off',
      '-cp',
      join(dir, 'lib', '*'),
      'io.temporal.testserver.TestServer',
      String(port),
    ],
    { env, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(await portAnswers(port))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  // A normal JVM exit (SIGTERM runs the shutdown hooks) is what writes the dynamic archive.
  child.kill('SIGTERM');
  await exited;
  return existsSync(archive);
}
