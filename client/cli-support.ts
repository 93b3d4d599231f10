/** What every subcommand shares: argument parsing, errors with exit codes, the connection, output. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { EngineConfig } from '../infra/config.js';
import { orList, similarNames } from '../domain/did-you-mean.js';
import { validTimeZone } from '../domain/time.js';

/** A mistake in what the user typed or gave: exit code 2, and nothing was started or changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The user's input was fine but the work could not be done: exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  json: boolean;
  tz: string;
  actor: string;
  out: (text: string) => void;
  config: () => EngineConfig;
  client: () => Promise<Client>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpec;
  /** Help lines for the options, in the order shown. */
  help?: string[];
  positionals?: { min: number; max: number };
  run(ctx: CommandContext): Promise<void>;
}

export const GLOBAL_OPTIONS: OptionSpec = {
  json: { type: 'boolean' },
  tz: { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const GLOBAL_HELP = [
  '--json            machine-readable output',
  '--tz <zone>       show times in this IANA zone (default: TZ or the system zone), with UTC beside',
  '--as <name>       who is acting, for the timeline (default: BREACH_ACTOR or the login name)',
  '-h, --help        this help',
];

export function parseCommandArgs(command: Command, argv: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(message)?.[1] : undefined;
    if (unknown) throw new UsageError(unknownOption(command, unknown, Object.keys(options)));
    throw new UsageError(message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** Node's own message suggests quoting the option as a positional; the likelier fix is a misspelt option name. */
function unknownOption(command: Command, typed: string, known: string[]): string {
  // Only a long option can be compared: "-x" is one letter away from every other one.
  const similar = typed.startsWith('--')
    ? similarNames(typed.slice(2), known).map((name) => `--${name}`)
    : [];
  return similar.length
    ? `unknown option ${typed}; did you mean ${orList(similar)}?`
    : `unknown option ${typed}; run "breach ${command.name} --help" for its options`;
}

export function resolveTimeZone(requested: string | undefined): string {
  const tz = requested ?? process.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!validTimeZone(tz)) throw new UsageError(`--tz: "${tz}" is not a time zone (try Europe/Berlin or UTC)`);
  return tz;
}

export function requireString(ctx: CommandContext, name: string): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable option (`multiple: true`): every value given, in order; none when it was not given. */
export function optionalStrings(ctx: CommandContext, name: string): string[] {
  const value = ctx.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export interface LazyClient {
  (): Promise<Client>;
  /** The client if one was made, for closing at exit; never connects. */
  peek(): Promise<Client | undefined>;
}

/** One connection per run, with a plain hint when nothing answers. */
export function lazyClient(config: () => EngineConfig): LazyClient {
  let client: Promise<Client> | undefined;
  const get = () => {
    client ??= (async () => {
      const { connection: options, namespace } = config();
      let connection: Connection;
      try {
        connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
        await connection.workflowService.getSystemInfo({});
      } catch {
        throw new CliFailure(
          `Cannot reach Temporal at ${options.address}. Start the engine with "npm start", ` +
            'or point TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) at your cluster.',
        );
      }
      return new Client({ connection, namespace });
    })();
    return client;
  };
  return Object.assign(get, {
    peek: () => (client ? client.catch(() => undefined) : Promise.resolve(undefined)),
  });
}
