/**
 * `breach`: the DPO's command line. Exit codes: 0 done, 1 the work failed, 2 a usage or input mistake (and then
 * nothing was started or changed). A user's mistake never prints a stack trace. This file only routes: it knows
 * the commands by name and summary, and loads a command's code, and what that needs, when it is asked for.
 *
 * It runs as a function of what it is given (arguments, environment, standard input and output) and returns
 * the exit code: client/cli.ts runs it with the process's own, and tests in the test process with theirs. So
 * nothing on a command's path reads process.env or process.stdin, writes to process.stdout, or exits.
 */
import { userInfo } from 'node:os';
import type { Client } from '@temporalio/client';
import { orList, similarNames } from '../domain/did-you-mean.js';
import type { EngineConfig } from '../infra/config.js';
import {
  CliFailure,
  parseCommandArgs,
  resolveTimeZone,
  UsageError,
  type CommandContext,
  type CommandIo,
} from './cli-support.js';
import {
  checkPositionals,
  COMMAND_GROUPS,
  commandHelp,
  readOptions,
  type CommandGroup,
} from './command-schema.js';
import { commands, type CommandEntry } from './commands/index.js';

/** What a run of the command line is given, and where its output goes. */
export interface CliIo extends CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The commands under their groups' headings, in the groups' order, each group's by name. */
function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const groups = (Object.keys(COMMAND_GROUPS) as CommandGroup[]).flatMap((group) => {
    const listed = commands
      .filter((c) => c.group === group)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return listed.length
      ? [`${COMMAND_GROUPS[group]}:`, ...listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '']
      : [];
  });
  return [
    'breach: keep personal-data breaches on their legal deadlines (GDPR Art. 33/34)',
    '',
    'Usage: breach <command> [options]',
    '',
    ...groups,
    'Run "breach <command> --help" for a command\'s options.',
    'The engine must be running ("npm start"); TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE point elsewhere.',
  ].join('\n');
}

function commandNamed(name: string): CommandEntry {
  const entry = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (entry) return entry;
  const similar = similarNames(
    name,
    commands.map((c) => c.name),
  ).map((n) => `"${n}"`);
  const hint = similar.length ? `did you mean ${orList(similar)}?` : 'run "breach --help" for the list';
  throw new UsageError(`unknown command "${name}"; ${hint}`);
}

function defaultActor(env: CliIo['env']): string {
  if (env.BREACH_ACTOR) return env.BREACH_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The engine's settings and connection, each made on first use and only then loaded. */
function engine(env: CliIo['env']) {
  let config: Promise<EngineConfig> | undefined;
  let client: Promise<Client> | undefined;
  const getConfig = () =>
    (config ??= import('../infra/config.js').then(({ ConfigError, loadEngineConfig }) => {
      try {
        return loadEngineConfig(env);
      } catch (error) {
        throw error instanceof ConfigError ? new UsageError(error.message) : error;
      }
    }));
  const getClient = () =>
    (client ??= Promise.all([getConfig(), import('./connection.js')]).then(([settings, { connect }]) =>
      connect(settings, env),
    ));
  const close = async () => {
    const made = await client?.catch(() => undefined);
    await made?.connection.close();
  };
  return { config: getConfig, client: getClient, close };
}

async function route(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const entry = commandNamed(name);
  const { command } = await entry.load();
  const options = command.options ?? {};
  const { values, positionals } = parseCommandArgs({ name: entry.name, options }, rest);
  if (values.help) {
    io.stdout(`${commandHelp(entry.name, entry.summary, command)}\n`);
    return 0;
  }
  checkPositionals(entry.name, command, positionals);
  const ctx: Omit<CommandContext, 'config' | 'client'> = {
    positionals,
    json: Boolean(values.json),
    tz: resolveTimeZone(typeof values.tz === 'string' ? values.tz : undefined, io.env),
    actor: typeof values.as === 'string' ? values.as : defaultActor(io.env),
    out: (text) => io.stdout(`${text}\n`),
    env: io.env,
    stdin: io.stdin,
    interrupted: io.interrupted,
  };
  const typed = await readOptions(options, values);
  const { close, ...connection } = engine(io.env);
  try {
    await command.run({ ...ctx, ...connection }, typed);
  } finally {
    await close();
  }
  return 0;
}

/**
 * Runs `breach` with these arguments (without the program's name) and returns its exit code; any connection a
 * command made is closed by then. Never throws: every failure is a message on stderr and its exit code.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await route(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`breach: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliFailure || (error instanceof Error && error.name === 'PayloadKeyError')) {
      // A payload no configured key opens (infra/payload-keys.ts, not loaded here by name): the message names
      // the key ID and what to do, and is no accident of the code.
      io.stderr(`breach: ${error.message}\n`);
      return 1;
    }
    io.stderr(`breach: unexpected error: ${(error as Error | undefined)?.message ?? String(error)}\n`);
    return 1;
  }
}
