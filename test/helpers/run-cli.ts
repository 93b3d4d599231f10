/**
 * `breach` as the tests run it, three ways, each with only the environment it is given (plus the defaults below:
 * TZ=UTC, the DPO "Dana Example", TEMPORAL_ADDRESS at a closed port, no Temporal config file), so the tester's
 * own settings never leak in and anything that tried to reach a server it was not pointed at fails with exit 1
 * "Cannot reach" instead of passing unnoticed. Each gives the same `Run`: exit code, stdout, stderr.
 *
 * Which to use:
 * - `breachInProcess`, by default: the command line's own function (client/run-cli.ts) in the test process,
 *   with the env, stdin and output given to it. It proves what a command does, prints and exits with, at no
 *   process start, and closes any connection the command made before it returns.
 * - `runBreach` / `breachOffline`, the built binary (dist/cli/breach.js, the bundle users run; `npm run build`
 *   first) as a child process, only where the process itself is what is tested: the binary's wiring (help and
 *   exit codes as a shell sees them, no stack trace on a mistake), what it loads (`deny`, as modules stay loaded
 *   in the test process), the files it creates (its umask: in-process runs leave the test process's alone),
 *   warnings Node or a library print to its stderr, signals (`codec-server`), and the README's shell lines.
 * - `breachBatch`, for what many runs load: they run one after another in one process of the built code, under
 *   the same `deny` hooks, for one process start. A denied package fails every run that imports it,
 *   not only the first, so each run is judged as if it had its process to itself; anything the process itself
 *   prints to stderr fails the batch.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../client/run-cli.js';

/** The command line as users run it: the bundle of tools/bundle-cli.ts. */
export const CLI = fileURLToPath(new URL('../../dist/cli/breach.js', import.meta.url));
/**
 * The command line as tsc compiled it, before bundling: it imports packages by name, so a run that denies
 * packages (`deny`) runs this, and proves what the source loads; test/cli/bundle.test.ts proves that the bundle
 * keeps the same commands lazy.
 */
const COMPILED_CLI = fileURLToPath(new URL('../../dist/client/cli.js', import.meta.url));
/** The compiled command line's function, which dist/client/cli.js runs with its process. */
const RUN_CLI = new URL('../../dist/client/run-cli.js', import.meta.url).href;
export const CLOSED_ADDRESS = '127.0.0.1:1';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Standard input; empty when not given. */
  input?: string;
  timeoutMs?: number;
  /** Node's own options, before the script (`--import` a module hook, say). */
  nodeOptions?: string[];
  /**
   * Packages (a name, or a scope ending in "/") whose import fails the run with "loaded <package>": for proving
   * that a command does not load what it does not need. Such a run is of the compiled command line.
   */
  deny?: readonly string[];
}

/** What an in-process run is given: no Node options (there is no new process) and no kill timer. */
export type InProcessOptions = Pick<RunOptions, 'env' | 'input'>;

/** The environment of a run: only what the CLI needs, so the tester's own BREACH_CLOCK_* settings stay out. */
function cliEnv(given: Record<string, string> | undefined): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TZ: 'UTC',
    TEMPORAL_ADDRESS: CLOSED_ADDRESS,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
    BREACH_ACTOR: 'Dana Example',
    ...given,
  };
}

/** `breach` run in this process, as the binary would run it; see the top of this file for when. */
export async function breachInProcess(args: string[], options: InProcessOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: cliEnv(options.env),
    stdin: () => Promise.resolve(options.input ?? ''),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    // Nothing stops a long-running command here: `codec-server` is run as the binary, and stopped by a signal.
    interrupted: () => new Promise<void>(() => undefined),
  });
  return { code, stdout, stderr };
}

export function runBreach(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [
        ...(options.nodeOptions ?? []),
        ...(options.deny ? denyHooks(options.deny) : []),
        options.deny ? COMPILED_CLI : CLI,
        ...args,
      ],
      {
        env: cliEnv(options.env),
        timeout: options.timeoutMs ?? 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs each in turn in one child process of the built code, with the env given (the defaults above) and no stdin. */
const BATCH = `const { runCli } = await import(${JSON.stringify(RUN_CLI)});
const results = [];
for (const args of JSON.parse(process.argv[1])) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: process.env,
    stdin: async () => '',
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    interrupted: () => new Promise(() => undefined),
  });
  results.push({ code, stdout, stderr });
}
process.stdout.write(JSON.stringify(results));`;

/** Several runs of `breach` in one process of the built code, one after another; see the top of this file. */
export function breachBatch(runs: string[][], options: Omit<RunOptions, 'input'> = {}): Promise<Run[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        ...(options.nodeOptions ?? []),
        ...(options.deny ? denyHooks(options.deny) : []),
        '--input-type=module',
        '-e',
        BATCH,
        JSON.stringify(runs),
      ],
      { env: cliEnv(options.env), timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // Each run's stderr is in its Run: what reached the process's own is no run's, and is not let pass.
        if (error || String(stderr)) {
          reject(
            new Error(`the batch of ${runs.length} runs failed: ${String(stderr) || (error?.message ?? '')}`),
          );
        } else resolve(JSON.parse(String(stdout)) as Run[]);
      },
    );
  });
}

export function breachOffline(args: string[], options: RunOptions = {}): Promise<Run> {
  return runBreach(args, { ...options, env: { TEMPORAL_ADDRESS: CLOSED_ADDRESS, ...options.env } });
}

/** Node options under which importing any of these packages fails the run with "loaded <package>". */
function denyHooks(packages: readonly string[]): string[] {
  const hooks = `export async function resolve(specifier, context, next) {
  const denied = ${JSON.stringify(packages)}.find((p) => p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(p + '/'));
  if (denied) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}`;
  const register = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
}
