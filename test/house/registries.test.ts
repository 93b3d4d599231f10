/**
 * The action and command tables are generated from the files (tools/registries.ts): the committed tables are
 * what `npm run generate` writes today, a file that lacks what they need is named, and a new DPO action is its
 * action file and its command file, nothing else.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, generateRegistries } from '../../tools/registries.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ACTIONS = 'domain/actions/registry.generated.ts';
const COMMANDS = 'client/commands/registry.generated.ts';

const copies: string[] = [];

afterEach(async () => {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The action and command folders and the formatting settings, copied to a folder of their own. */
async function copyOfTheHouse(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'breach-registries-'));
  copies.push(copy);
  for (const path of ['domain/actions', 'client/commands', '.prettierrc.json']) {
    await cp(join(root, path), join(copy, path), { recursive: true });
  }
  return copy;
}

async function edit(dir: string, path: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(join(dir, path), 'utf8');
  const changed = change(text);
  expect(changed, `${path} unchanged`).not.toBe(text);
  await writeFile(join(dir, path), changed);
}

/** The lines of `after` that `before` lacks, and the count of the lines `before` has that `after` lacks. */
function added(before: string, after: string): { added: string[]; removed: number } {
  const had = before.split('\n');
  const has = after.split('\n');
  return {
    added: has.filter((line) => !had.includes(line)),
    removed: had.filter((line) => !has.includes(line)).length,
  };
}

const NEW_ACTION = `/** A call with a data subject about the breach, as the DPO had it. */
import { z } from 'zod';
import { instant } from '../case-file.js';
import { actor, defineAction, text } from './support.js';

export const logContact = defineAction({
  schema: z.strictObject({ at: instant, note: text(2000), actor }),
  rule() {},
  apply(action, state, nowIso) {
    state.timeline.push({ at: nowIso, actor: action.actor, event: 'contact with a data subject', detail: action.note });
  },
});
`;

const NEW_COMMAND = `/** \`breach log-contact\`: a call with a data subject about the breach. */
import { defineActionCommand } from '../action-command.js';

export const command = defineActionCommand('logContact', {
  summary: 'record a call with a data subject about the breach',
  group: 'subjects',
  aliases: ['contact'],
  fields: {
    at: { field: 'at', description: 'when the call was' },
    note: { field: 'note', description: 'what was said' },
  },
});
`;

describe('the generated tables', () => {
  it('are what npm run generate writes from the files as they are', async () => {
    const vite = join(root, 'node_modules/.bin/vite-node');
    const run = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(vite, ['tools/generate-registries.ts', '--check'], { cwd: root }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  });

  it('are called stale, with what to run, when a command file changed and they did not', async () => {
    const copy = await copyOfTheHouse();
    await edit(copy, 'client/commands/hold.ts', (t) =>
      t.replace('delay the communication', 'postpone telling'),
    );
    const checked = await generateRegistries(copy, { check: true });
    expect(failure(checked, true)).toBe(`${COMMANDS} is stale: run npm run generate`);
    expect(await readFile(join(copy, COMMANDS), 'utf8')).toBe(await readFile(join(root, COMMANDS), 'utf8'));

    expect(failure(await generateRegistries(copy), false)).toBeUndefined();
    expect(await readFile(join(copy, COMMANDS), 'utf8')).toContain("summary: 'postpone telling");
    expect(failure(await generateRegistries(copy, { check: true }), true)).toBeUndefined();
  });

  it.each([
    [
      'a command without its summary',
      'client/commands/status.ts',
      (t: string) => t.replace(/^ {2}summary: .*\n/m, ''),
      'client/commands/status.ts: the command declares no summary',
    ],
    [
      'a command without its group',
      'client/commands/hold.ts',
      (t: string) => t.replace(/^ {2}group: .*\n/m, ''),
      'client/commands/hold.ts: the command declares no group',
    ],
    [
      'a summary made by an expression',
      'client/commands/list.ts',
      (t: string) => t.replace(/^ {2}summary: (.*),\n/m, '  summary: [$1].join(),\n'),
      "client/commands/list.ts: the command's summary must be a string written out",
    ],
    [
      'an action file not exporting its action under its name',
      'domain/actions/set-trigger.ts',
      (t: string) => t.replace('export const setTrigger =', 'export const setTriggerEvent ='),
      'domain/actions/set-trigger.ts: exports no "setTrigger"',
    ],
    [
      'an action file whose export is no action definition',
      'domain/actions/set-trigger.ts',
      (t: string) =>
        t.replace('export const setTrigger = defineAction(', 'export const setTrigger = Object.freeze('),
      'domain/actions/set-trigger.ts: "setTrigger" is not an action definition',
    ],
    [
      'an action command of no action',
      'client/commands/close.ts',
      (t: string) => t.replace("defineActionCommand('close'", "defineActionCommand('shut'"),
      'client/commands/close.ts: "shut" is no action',
    ],
  ])('name the file and say what to do for %s, writing nothing', async (_, path, change, message) => {
    const copy = await copyOfTheHouse();
    await edit(copy, path, change);
    for (const check of [true, false]) {
      const said = failure(await generateRegistries(copy, { check }), check);
      expect(said).toContain(message);
      expect(said).toMatch(/run npm run generate\.$/);
    }
    expect(await readFile(join(copy, ACTIONS), 'utf8')).toBe(await readFile(join(root, ACTIONS), 'utf8'));
    expect(await readFile(join(copy, COMMANDS), 'utf8')).toBe(await readFile(join(root, COMMANDS), 'utf8'));
  });

  it('say which action has no command', async () => {
    const copy = await copyOfTheHouse();
    await rm(join(copy, 'client/commands/release-hold.ts'));
    expect(failure(await generateRegistries(copy), false)).toContain(
      'domain/actions/release-hold.ts: the action "releaseHold" has no command',
    );
  });

  it('take a new DPO action from its action file and its command file alone', async () => {
    const copy = await copyOfTheHouse();
    await writeFile(join(copy, 'domain/actions/log-contact.ts'), NEW_ACTION);
    await writeFile(join(copy, 'client/commands/log-contact.ts'), NEW_COMMAND);

    const checked = await generateRegistries(copy, { check: true });
    expect(checked.changed).toEqual([ACTIONS, COMMANDS]);
    expect(failure(await generateRegistries(copy), false)).toBeUndefined();

    const actions = added(
      await readFile(join(root, ACTIONS), 'utf8'),
      await readFile(join(copy, ACTIONS), 'utf8'),
    );
    expect(actions).toEqual({
      added: ["import { logContact } from './log-contact.js';", '  logContact,'],
      removed: 0,
    });
    const commands = added(
      await readFile(join(root, COMMANDS), 'utf8'),
      await readFile(join(copy, COMMANDS), 'utf8'),
    );
    expect(commands).toEqual({
      added: [
        '  logContact: {',
        "    name: 'log-contact',",
        "    summary: 'record a call with a data subject about the breach',",
        "    aliases: ['contact'],",
        "    load: () => import('./log-contact.js'),",
        '  actionCommands.logContact,',
      ],
      removed: 0,
    });
    // Lines the new entry shares with others (its group, the closing brace) are there too, in its entry.
    expect(await readFile(join(copy, COMMANDS), 'utf8')).toContain(
      "  logContact: {\n    name: 'log-contact',\n    summary: 'record a call with a data subject about the breach',\n    group: 'subjects',\n    aliases: ['contact'],\n    load: () => import('./log-contact.js'),\n  },\n",
    );
  });
});
