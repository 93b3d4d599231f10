/**
 * Runs the built `breach` CLI (dist/client/cli.js) as a DPO would, as a child process with only the environment
 * it needs. `breachOffline` is for tests that need no Temporal server: TEMPORAL_ADDRESS points at a closed port,
 * so anything that tried to start or change a case would fail with exit 1 "Cannot reach" instead of passing
 * unnoticed.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/client/cli.js', import.meta.url));
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
}

export function runBreach(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(options.nodeOptions ?? []), CLI, ...args],
      {
        // Only what the CLI needs: the tester's own BREACH_CLOCK_* settings must not leak in.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TZ: 'UTC',
          TEMPORAL_ADDRESS: CLOSED_ADDRESS,
          TEMPORAL_NAMESPACE: 'default',
          TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
          BREACH_ACTOR: 'Dana Example',
          ...options.env,
        },
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

export function breachOffline(args: string[], options: RunOptions = {}): Promise<Run> {
  return runBreach(args, { ...options, env: { TEMPORAL_ADDRESS: CLOSED_ADDRESS, ...options.env } });
}

/**
 * Node options under which importing any of these packages (a name, or a scope ending in "/") fails the run with
 * "loaded <package>": for proving that a command does not load what it does not need.
 */
export function withoutPackages(packages: readonly string[]): string[] {
  const hooks = `export async function resolve(specifier, context, next) {
  const denied = ${JSON.stringify(packages)}.find((p) => p.endsWith('/') ? specifier.startsWith(p) : specifier === p || specifier.startsWith(p + '/'));
  if (denied) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}`;
  const register = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
}
