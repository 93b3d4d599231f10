/**
 * What every command shares and `breach --help` may load: errors with their exit codes, what a command runs
 * with, how an option is declared, and parsing argv with "did you mean" for a misspelt option. Nothing here
 * loads Temporal, a database or a parser: it is on the path of every help text.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Client } from '@temporalio/client';
import { orList, similarNames } from '../domain/did-you-mean.js';
import { validTimeZone } from '../domain/time.js';
import type { EngineConfig } from '../infra/config.js';

/** A mistake in what the user typed or gave: exit code 2, and nothing was started or changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The user's input was fine but the work could not be done: exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

/**
 * What an option's value is, and so how it is read: `integer` a whole number, `list` comma-separated values,
 * `instant` an ISO 8601 time with offset, `file-hash` a path whose file's SHA-256 is the value.
 */
export type OptionType = 'string' | 'boolean' | 'integer' | 'list' | 'instant' | 'file-hash';

/** One option, declared once: parsing, usage, help, the required check and its value's type follow from it. */
export interface OptionSpec {
  type: OptionType;
  /** One line for --help. */
  description: string;
  /** The value's placeholder in usage and help; by default its choices, or one from its type. */
  value?: string;
  /** The values allowed (for a list, for each of its items). */
  choices?: readonly string[];
  required?: boolean;
  /** Given more than once, every value is kept, in order. */
  repeatable?: boolean;
  short?: string;
}

export type OptionSchema = Readonly<Record<string, OptionSpec>>;

/** What parsing needs of an option. */
export type ParsedOption = Pick<OptionSpec, 'type'> & Partial<Pick<OptionSpec, 'repeatable' | 'short'>>;

/** What parsing needs of a command: its name (for the hint) and its options. */
export interface ParsableCommand {
  name: string;
  options?: Readonly<Record<string, ParsedOption>>;
}

/**
 * The former shape of a command, kept while test/domain/strict-input.test.ts builds one for `parseCommandArgs`;
 * commands are now declared with `defineCommand` (command-schema.ts).
 */
export type Command = ParsableCommand & {
  summary?: string;
  usage?: string;
  run?: (...args: never[]) => Promise<void>;
};

/** The options every command takes. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'machine-readable output' },
  tz: {
    type: 'string',
    value: 'ZONE',
    description: 'show times in this IANA zone (default: TZ or the system zone), with UTC beside',
  },
  as: {
    type: 'string',
    value: 'NAME',
    description: 'who is acting, for the timeline (default: BREACH_ACTOR or the login name)',
  },
  help: { type: 'boolean', short: 'h', description: 'this help' },
} as const satisfies OptionSchema;

/** What a command is given of the process it runs in; the only way it sees the environment and standard input. */
export interface CommandIo {
  /** The environment: the engine's settings, TZ, BREACH_ACTOR (the engine's own are read through `config`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input, read in full; asked for only by a command given `-` for a file. */
  stdin: () => Promise<string>;
  /** Resolves when the user stops a command that runs until stopped (`breach codec-server`). */
  interrupted: () => Promise<void>;
}

export interface CommandContext extends CommandIo {
  positionals: string[];
  json: boolean;
  tz: string;
  actor: string;
  out: (text: string) => void;
  /** The engine's settings from the environment; a bad one is a usage error (exit 2). */
  config: () => Promise<EngineConfig>;
  /** One connection per run, made on first use, with a plain hint when nothing answers. */
  client: () => Promise<Client>;
}

export type RawValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseConfig(
  options: Readonly<Record<string, ParsedOption>>,
): NonNullable<ParseArgsConfig['options']> {
  const all: Record<string, ParsedOption> = { ...GLOBAL_OPTIONS, ...options };
  return Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [
      name,
      {
        type: spec.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        ...(spec.repeatable ? { multiple: true } : {}),
        ...(spec.short ? { short: spec.short } : {}),
      },
    ]),
  );
}

/** argv to option values and positionals; an unknown option is refused with the one probably meant. */
export function parseCommandArgs(
  command: ParsableCommand,
  argv: string[],
): { values: RawValues; positionals: string[] } {
  const options = parseConfig(command.options ?? {});
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(message)?.[1] : undefined;
    if (unknown) throw new UsageError(unknownOption(command.name, unknown, Object.keys(options)));
    throw new UsageError(message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** Node's own message suggests quoting the option as a positional; the likelier fix is a misspelt option name. */
function unknownOption(command: string, typed: string, known: string[]): string {
  // Only a long option can be compared: "-x" is one letter away from every other one.
  const similar = typed.startsWith('--')
    ? similarNames(typed.slice(2), known).map((name) => `--${name}`)
    : [];
  return similar.length
    ? `unknown option ${typed}; did you mean ${orList(similar)}?`
    : `unknown option ${typed}; run "breach ${command} --help" for its options`;
}

/** The zone times are shown in: --tz, else TZ of the environment given, else the system's. */
export function resolveTimeZone(
  requested: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const tz = requested ?? env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!validTimeZone(tz)) throw new UsageError(`--tz: "${tz}" is not a time zone (try Europe/Berlin or UTC)`);
  return tz;
}

/** Prints for people, or the data as JSON with --json. */
export function emit(ctx: CommandContext, data: unknown, human: string): void {
  ctx.out(ctx.json ? JSON.stringify(data, null, 2) : human);
}
