#!/usr/bin/env node
/**
 * `breach`: the DPO's command line. Exit codes: 0 done, 1 the work failed, 2 a usage or input mistake (and then
 * nothing was started or changed). A user's mistake never prints a stack trace.
 */
import { userInfo } from 'node:os';
import { orList, similarNames } from '../domain/did-you-mean.js';
import { ConfigError, loadEngineConfig, type EngineConfig } from '../infra/config.js';
import {
  CliFailure,
  GLOBAL_HELP,
  lazyClient,
  parseCommandArgs,
  resolveTimeZone,
  UsageError,
  type Command,
} from './cli-support.js';
import { commands } from './commands.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'breach: keep personal-data breaches on their legal deadlines (GDPR Art. 33/34)',
    '',
    'Usage: breach <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "breach <command> --help" for a command\'s options.',
    'The engine must be running ("npm start"); TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE point elsewhere.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `Usage: breach ${command.usage}`,
    '',
    command.summary,
    ...(command.help?.length ? ['', ...command.help] : []),
    '',
    'Common options:',
    ...GLOBAL_HELP.map((line) => `  ${line}`),
  ].join('\n');
}

function defaultActor(): string {
  if (process.env.BREACH_ACTOR) return process.env.BREACH_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const names = commands.map((c) => c.name);
    const similar = similarNames(name, names).map((n) => `"${n}"`);
    const hint = similar.length ? `did you mean ${orList(similar)}?` : 'run "breach --help" for the list';
    throw new UsageError(`unknown command "${name}"; ${hint}`);
  }
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const expected = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < expected.min || positionals.length > expected.max) {
    throw new UsageError(`usage: breach ${command.usage}`);
  }
  let config: EngineConfig | undefined;
  const getConfig = () => (config ??= loadEngineConfig());
  const getClient = lazyClient(getConfig);
  try {
    await command.run({
      values,
      positionals,
      json: Boolean(values.json),
      tz: resolveTimeZone(typeof values.tz === 'string' ? values.tz : undefined),
      actor: typeof values.as === 'string' ? values.as : defaultActor(),
      out: (text) => process.stdout.write(`${text}\n`),
      config: getConfig,
      client: getClient,
    });
  } finally {
    const client = await getClient.peek?.();
    await client?.connection.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`breach: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CliFailure) {
      process.stderr.write(`breach: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`breach: unexpected error: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
