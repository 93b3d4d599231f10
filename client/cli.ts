#!/usr/bin/env node
/**
 * `breach`: the DPO's command line. Exit codes: 0 done, 1 the work failed, 2 a usage or input mistake (and then
 * nothing was started or changed). A user's mistake never prints a stack trace. This file only routes: it knows
 * the commands by name and summary, and loads a command's code, and what that needs, when it is asked for.
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
} from './cli-support.js';
import {
  checkPositionals,
  COMMAND_GROUPS,
  commandHelp,
  readOptions,
  type CommandGroup,
} from './command-schema.js';
import { commands, type CommandEntry } from './commands/index.js';
import { createFilesPrivately } from '../infra/private-files.js';

// Before anything is written: notices, letters and exports hold personal data, and are the user's alone.
createFilesPrivately();

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

function defaultActor(): string {
  if (process.env.BREACH_ACTOR) return process.env.BREACH_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The engine's settings and connection, each made on first use and only then loaded. */
function engine() {
  let config: Promise<EngineConfig> | undefined;
  let client: Promise<Client> | undefined;
  const getConfig = () =>
    (config ??= import('../infra/config.js').then(({ ConfigError, loadEngineConfig }) => {
      try {
        return loadEngineConfig();
      } catch (error) {
        throw error instanceof ConfigError ? new UsageError(error.message) : error;
      }
    }));
  const getClient = () =>
    (client ??= Promise.all([getConfig(), import('./connection.js')]).then(([settings, { connect }]) =>
      connect(settings),
    ));
  const close = async () => {
    const made = await client?.catch(() => undefined);
    await made?.connection.close();
  };
  return { config: getConfig, client: getClient, close };
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const entry = commandNamed(name);
  const { command } = await entry.load();
  const options = command.options ?? {};
  const { values, positionals } = parseCommandArgs({ name: entry.name, options }, rest);
  if (values.help) {
    process.stdout.write(`${commandHelp(entry.name, entry.summary, command)}\n`);
    return 0;
  }
  checkPositionals(entry.name, command, positionals);
  const ctx: Omit<CommandContext, 'config' | 'client'> = {
    positionals,
    json: Boolean(values.json),
    tz: resolveTimeZone(typeof values.tz === 'string' ? values.tz : undefined),
    actor: typeof values.as === 'string' ? values.as : defaultActor(),
    out: (text) => process.stdout.write(`${text}\n`),
  };
  const typed = await readOptions(options, values);
  const { close, ...connection } = engine();
  try {
    await command.run({ ...ctx, ...connection }, typed);
  } finally {
    await close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`breach: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CliFailure || (error instanceof Error && error.name === 'PayloadKeyError')) {
      // A payload no configured key opens (infra/payload-keys.ts, not loaded here by name): the message names
      // the key ID and what to do, and is no accident of the code.
      process.stderr.write(`breach: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`breach: unexpected error: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
