/**
 * The commands as declared: every DPO action has exactly one command, whose options set every field of the
 * action; the table lists each as its file declares it, and `breach --help` under its group's heading; every
 * command's help shows all it declares; a required option left out is named, with exit 2; and help and the
 * what-if calculator load nothing of Temporal, the YAML parser, the register database or mail.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCommandDefinition } from '../../client/action-command.js';
import { GLOBAL_OPTIONS } from '../../client/cli-support.js';
import { COMMAND_GROUPS, type CommandDefinition } from '../../client/command-schema.js';
import { actionCommands, commands, type CommandEntry } from '../../client/commands/index.js';
import { actions, actionSchema, type ActionName } from '../../domain/actions/index.js';
import { breachBatch, breachOffline, type Run } from '../helpers/run-cli.js';

/** What neither help nor the what-if calculator may load. */
const HEAVY = ['@temporalio/', 'yaml', 'kysely', 'better-sqlite3', 'pg', 'nodemailer', 'csv-stringify'];

let loaded: { entry: CommandEntry; command: CommandDefinition }[];

beforeAll(async () => {
  loaded = await Promise.all(
    commands.map(async (entry) => ({ entry, command: (await entry.load()).command })),
  );
});

function actionOf(command: CommandDefinition): ActionName | undefined {
  return 'action' in command ? (command as ActionCommandDefinition<ActionName>).action : undefined;
}

/** Every field of a schema, dotted into nested objects (a record, like amend's facts, is one field). */
function fieldsOf(schema: z.core.$ZodType, prefix = ''): string[] {
  let def = (schema as z.core.$ZodTypes)._zod.def;
  while (def.type === 'optional' || def.type === 'default')
    def = (def.innerType as z.core.$ZodTypes)._zod.def;
  if (def.type !== 'object') return [prefix];
  return Object.entries(def.shape).flatMap(([key, child]) =>
    fieldsOf(child, prefix ? `${prefix}.${key}` : key),
  );
}

/** Arguments that satisfy a command's positionals: a case ID, or the first word allowed. */
function positionalsOf(command: CommandDefinition): string[] {
  return (command.positionals ?? [])
    .filter((p) => !p.optional)
    .map((p) => p.choices?.[0] ?? (p.name === 'case-id' ? 'BR-TEST-1' : '-'));
}

function expectClean(run: Run): void {
  expect(run.stderr).not.toContain('loaded ');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('the commands', () => {
  it('give every DPO action exactly one command', () => {
    const actionsWithCommands = loaded.map(({ command }) => actionOf(command)).filter(Boolean);
    expect(actionsWithCommands.sort()).toEqual(Object.keys(actions).sort());
  });

  it('are listed as their files declare them, each action command under its action', () => {
    for (const { entry, command } of loaded) {
      expect({ summary: entry.summary, group: entry.group, aliases: entry.aliases }, entry.name).toEqual({
        summary: command.summary,
        group: command.group,
        aliases: command.aliases,
      });
      const action = actionOf(command);
      if (action) expect(actionCommands[action], entry.name).toBe(entry);
    }
  });

  it("set every field of an action's schema from an option (or derive it), and only fields it has", () => {
    for (const { entry, command } of loaded) {
      const action = actionOf(command);
      if (!action) continue;
      const { fieldsSet } = command as ActionCommandDefinition<ActionName>;
      const fields = fieldsOf(actionSchema(action)).filter((f) => f !== 'actor');
      const covered = (field: string) =>
        fieldsSet.some((set) => field === set || field.startsWith(`${set}.`));
      expect(
        fields.filter((f) => !covered(f)),
        entry.name,
      ).toEqual([]);
      expect(
        fieldsSet.filter((set) => !fields.some((f) => f === set || f.startsWith(`${set}.`))),
        entry.name,
      ).toEqual([]);
    }
  });

  it('list in their help every option and argument they declare, loading nothing heavy', async () => {
    const overview = await breachOffline(['--help'], { deny: [...HEAVY, 'zod'] });
    expect(overview.code, overview.stderr).toBe(0);
    for (const { entry } of loaded) expect(overview.stdout).toMatch(new RegExp(`^  ${entry.name} +\\S`, 'm'));
    // Under their groups' headings, in the groups' order, each group's by name.
    const listed = overview.stdout
      .split('\n')
      .flatMap((line) =>
        line.endsWith(':') ? [line.slice(0, -1)] : line.startsWith('  ') ? [line.trim().split(' ')[0]] : [],
      );
    const byGroup = Object.entries(COMMAND_GROUPS).flatMap(([group, title]) => [
      title,
      ...commands
        .filter((c) => c.group === group)
        .map((c) => c.name)
        .sort(),
    ]);
    expect(listed).toEqual(byGroup);

    const helps = await breachBatch(
      loaded.map(({ entry }) => [entry.name, '--help']),
      { deny: HEAVY },
    );
    expect(helps).toHaveLength(loaded.length);
    for (const [i, { entry, command }] of loaded.entries()) {
      const run = helps[i]!;
      expect(run.code, `${entry.name}: ${run.stderr}`).toBe(0);
      expectClean(run);
      expect(run.stdout).toContain(`Usage: breach ${entry.name}`);
      expect(run.stdout).toContain(entry.summary);
      for (const name of Object.keys({ ...command.options, ...GLOBAL_OPTIONS })) {
        expect(run.stdout, `${entry.name} --${name}`).toMatch(new RegExp(`^ +(-\\w, )?--${name}\\b`, 'm'));
      }
      for (const positional of command.positionals ?? []) {
        expect(run.stdout, entry.name).toContain(positional.choices?.join('|') ?? positional.name);
      }
    }
  });

  it('name every required option left out, with exit 2, before contacting anything', async () => {
    const requiring = loaded.filter(({ command }) =>
      Object.values(command.options ?? {}).some((spec) => spec.required),
    );
    expect(requiring.map(({ entry }) => entry.name)).toEqual(
      expect.arrayContaining(['assess', 'notify-authority', 'amend', 'reopen', 'deadlines']),
    );
    const runs = await breachBatch(
      requiring.map(({ entry, command }) => [entry.name, ...positionalsOf(command)]),
      { deny: HEAVY },
    );
    expect(runs).toHaveLength(requiring.length);
    for (const [i, { entry, command }] of requiring.entries()) {
      const run = runs[i]!;
      expect(run.code, `${entry.name}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expectClean(run);
      const required = Object.entries(command.options ?? {}).filter(([, spec]) => spec.required);
      for (const [name] of required) expect(run.stderr, entry.name).toContain(`--${name}`);
      expect(run.stderr).toMatch(/ (is|are) required/);
    }
  });

  it('compute what-if deadlines without loading Temporal, and the check would see it if they did', async () => {
    // In one process: the what-if first, then what must load Temporal, which the check then sees.
    const [run, status] = await breachBatch(
      [
        ['deadlines', '--aware-at', '2026-11-27T17:00:00+01:00'],
        ['status', 'BR-TEST-1'],
      ],
      { deny: HEAVY },
    );
    expect(run!.code, run!.stderr).toBe(0);
    expect(run!.stdout).toContain('Authority notice (Art. 33, 72 h from awareness) due 2026-11-30 16:00 UTC');
    expect(status!.code).toBe(1);
    expect(status!.stderr).toContain('loaded @temporalio/client');
  });
});

describe('commands about a case', () => {
  it('load no database driver: the configuration names the register without opening it', async () => {
    const deny = ['pg', 'kysely', 'better-sqlite3'];
    const status = await breachOffline(['status', 'BR-TEST-1'], { deny });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('Cannot reach Temporal');
    expect(status.stderr).not.toContain('loaded');
    // The check sees a driver when one is loaded: the register export opens the database.
    const register = await breachOffline(['register', 'export'], { deny });
    expect(register.stderr).toMatch(/loaded (kysely|pg|better-sqlite3)/);
  });
});

describe('bin/breach', () => {
  it("runs this checkout's build from any folder, also through a link, and never npx", async () => {
    const script = fileURLToPath(new URL('../../bin/breach', import.meta.url));
    const elsewhere = await mkdtemp(join(tmpdir(), 'breach-bin-'));
    const link = join(elsewhere, 'breach');
    await symlink(script, link);
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        link,
        ['deadlines', '--aware-at', '2026-11-27T17:00:00+01:00'],
        { cwd: elsewhere, env: { PATH: process.env.PATH ?? '', TZ: 'UTC' } },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout) }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('due 2026-11-30 16:00 UTC');
  });
});
