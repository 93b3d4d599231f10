/**
 * The two tables a new DPO action would otherwise need a line in, made from the files themselves, the way
 * oclif makes its command manifest: `domain/actions/registry.generated.ts` (every action, by name) from the
 * action files, and `client/commands/registry.generated.ts` (every command's name, summary, group, aliases and
 * loader, and each action's command) from the command files. The files are read as source, never run: a
 * command's code, and what it imports, need not load (nor even compile yet) for its entry to be written.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as prettier from 'prettier';
import ts from 'typescript';

const ACTIONS_DIR = 'domain/actions';
const COMMANDS_DIR = 'client/commands';
const ACTIONS_FILE = `${ACTIONS_DIR}/registry.generated.ts`;
const COMMANDS_FILE = `${COMMANDS_DIR}/registry.generated.ts`;
/** The files of each folder that are no action or command. */
const NOT_ACTIONS = new Set(['index.ts', 'support.ts']);
const NOT_COMMANDS = new Set(['index.ts']);
/** A file's name without `.ts`, as an action's or command's: `set-trigger`. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const GENERATE = 'npm run generate';

export interface RegistryOutcome {
  /** What an action or command file lacks or gets wrong; nothing is written while there is any. */
  problems: string[];
  /** The generated files that differ from what the files declare: written, unless only checked. */
  changed: string[];
}

interface ActionFile {
  /** `set-trigger` */
  file: string;
  /** `setTrigger`, the name it exports its definition under and the action's name */
  name: string;
}

interface CommandFile {
  /** The command's name: its file's, `notify-authority`. */
  name: string;
  summary: string;
  group: string;
  aliases: string[];
  /** The action it is the command of, for a `defineActionCommand`. */
  action?: string;
}

/** `set-trigger` → `setTrigger`. */
function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function kebabCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

async function sourceFiles(root: string, dir: string, skip: ReadonlySet<string>): Promise<string[]> {
  const names = await readdir(join(root, dir));
  return names
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.generated.ts') && !skip.has(name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function parse(root: string, path: string): Promise<ts.SourceFile> {
  return ts.createSourceFile(path, await readFile(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The initializer of `export const <name> = ...`, if the file has one. */
function exportedConst(source: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

/** `defineX(...)` as its callee's name and arguments. */
function callOf(expression: ts.Expression | undefined): { callee: string; args: readonly ts.Expression[] } {
  if (expression && ts.isCallExpression(expression) && ts.isIdentifier(expression.expression)) {
    return { callee: expression.expression.text, args: expression.arguments };
  }
  return { callee: '', args: [] };
}

/** A string written out: '...', "..." or `...` without substitutions. */
function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

function property(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      if (p.name.text === key) return p.initializer;
    }
  }
  return undefined;
}

async function readAction(root: string, file: string, problems: string[]): Promise<ActionFile | undefined> {
  const path = `${ACTIONS_DIR}/${file}`;
  const stem = file.slice(0, -'.ts'.length);
  if (!KEBAB.test(stem)) {
    problems.push(`${path}: an action file is named in kebab-case, like set-trigger.ts`);
    return undefined;
  }
  const name = camelCase(stem);
  const expected = `export const ${name} = defineAction({ schema, rule, apply })`;
  const initializer = exportedConst(await parse(root, path), name);
  if (!initializer) {
    problems.push(
      `${path}: exports no "${name}"; an action file exports its action under its own name: ${expected}`,
    );
    return undefined;
  }
  if (callOf(initializer).callee !== 'defineAction') {
    problems.push(`${path}: "${name}" is not an action definition; an action file has ${expected}`);
    return undefined;
  }
  return { file: stem, name };
}

async function readCommand(root: string, file: string, problems: string[]): Promise<CommandFile | undefined> {
  const path = `${COMMANDS_DIR}/${file}`;
  const name = file.slice(0, -'.ts'.length);
  const expected =
    "export const command = defineCommand({ summary, group, ... }), or defineActionCommand('action', { summary, group, ... })";
  if (!KEBAB.test(name)) {
    problems.push(`${path}: a command file is named in kebab-case, as the command is typed`);
    return undefined;
  }
  const { callee, args } = callOf(exportedConst(await parse(root, path), 'command'));
  let action: string | undefined;
  let declaration: ts.Expression | undefined;
  if (callee === 'defineCommand') declaration = args[0];
  else if (callee === 'defineActionCommand') {
    action = literal(args[0]);
    if (action === undefined) {
      problems.push(`${path}: defineActionCommand's first argument names the action, written out ('hold')`);
      return undefined;
    }
    declaration = args[1];
  } else {
    problems.push(`${path}: declares no command; a command file has ${expected}`);
    return undefined;
  }
  if (!declaration || !ts.isObjectLiteralExpression(declaration)) {
    problems.push(`${path}: the command is declared as an object written out: ${expected}`);
    return undefined;
  }
  const found = problems.length;
  const text = (key: string, what: string): string => {
    const node = property(declaration, key);
    const value = literal(node);
    if (!node) problems.push(`${path}: the command declares no ${key} (${what})`);
    else if (value === undefined) {
      problems.push(`${path}: the command's ${key} must be a string written out, not an expression`);
    } else if (!value.trim() || value.includes('\n')) {
      problems.push(`${path}: the command's ${key} must be one line, not empty`);
    }
    return value ?? '';
  };
  const summary = text('summary', 'one line, for "breach --help"');
  const group = text('group', 'the heading "breach --help" lists it under');
  const aliases: string[] = [];
  const aliasNode = property(declaration, 'aliases');
  if (aliasNode) {
    const items = ts.isArrayLiteralExpression(aliasNode) ? aliasNode.elements.map(literal) : [undefined];
    if (items.some((item) => item === undefined)) {
      problems.push(`${path}: the command's aliases must be a list of strings written out`);
    } else aliases.push(...(items as string[]));
  }
  if (problems.length > found) return undefined;
  return { name, summary, group, aliases, ...(action !== undefined ? { action } : {}) };
}

/** Each action has one command, and each action command an action; no name runs two commands. */
function crossCheck(actions: ActionFile[], commands: CommandFile[], problems: string[]): void {
  const names = new Set(actions.map((a) => a.name));
  for (const action of actions) {
    const its = commands.filter((c) => c.action === action.name);
    if (its.length === 0) {
      problems.push(
        `${ACTIONS_DIR}/${action.file}.ts: the action "${action.name}" has no command; add ` +
          `${COMMANDS_DIR}/${action.file}.ts with defineActionCommand('${action.name}', { summary, group, fields })`,
      );
    } else if (its.length > 1) {
      problems.push(
        `the action "${action.name}" has ${its.length} commands: ${its.map((c) => `${COMMANDS_DIR}/${c.name}.ts`).join(', ')}`,
      );
    }
  }
  for (const command of commands) {
    if (command.action !== undefined && !names.has(command.action)) {
      problems.push(
        `${COMMANDS_DIR}/${command.name}.ts: "${command.action}" is no action; an action is a file in ` +
          `${ACTIONS_DIR}/ (${kebabCase(command.action)}.ts exporting ${command.action})`,
      );
    }
  }
  const taken = new Map(commands.map((c) => [c.name, `the command ${c.name}`]));
  for (const command of commands) {
    for (const alias of command.aliases) {
      const holder = taken.get(alias);
      if (holder)
        problems.push(`${COMMANDS_DIR}/${command.name}.ts: the alias "${alias}" is already ${holder}`);
      else taken.set(alias, `an alias of ${command.name}`);
    }
  }
}

function header(from: string, ...then: string[]): string {
  return [
    '/**',
    ` * Generated by \`${GENERATE}\` (tools/generate-registries.ts) from the files in ${from}. Do not edit:`,
    ...then.map((line) => ` * ${line}`),
    ' */',
  ].join('\n');
}

function actionsSource(actions: ActionFile[]): string {
  return [
    header(
      `${ACTIONS_DIR}/`,
      `a new action is its file here and its command in ${COMMANDS_DIR}/, then \`${GENERATE}\`.`,
    ),
    ...actions.map((a) => `import { ${a.name} } from './${a.file}.js';`),
    '',
    '/** Every DPO action, by name. */',
    'export const actions = {',
    ...actions.map((a) => `  ${a.name},`),
    '};',
    '',
  ].join('\n');
}

function entry(command: CommandFile): string {
  return [
    '{',
    `name: ${JSON.stringify(command.name)},`,
    `summary: ${JSON.stringify(command.summary)},`,
    `group: ${JSON.stringify(command.group)},`,
    ...(command.aliases.length ? [`aliases: ${JSON.stringify(command.aliases)},`] : []),
    `load: () => import('./${command.name}.js'),`,
    '}',
  ].join('\n');
}

function commandsSource(commands: CommandFile[]): string {
  const byAction = commands
    .filter((c) => c.action !== undefined)
    .sort((a, b) => (a.action! < b.action! ? -1 : 1));
  return [
    header(
      `${COMMANDS_DIR}/`,
      'a command is named by its file and declares its summary, group and aliases in it; change them in the file,',
      `then \`${GENERATE}\`.`,
    ),
    "import type { ActionName } from '../../domain/actions/index.js';",
    "import type { ActionCommandDefinition } from '../action-command.js';",
    "import type { CommandEntry } from '../command-schema.js';",
    '',
    "/** The command of each DPO action, by the action's name: an action without one fails to compile. */",
    'export const actionCommands: { [N in ActionName]: CommandEntry<ActionCommandDefinition<N>> } = {',
    ...byAction.map((c) => `${c.action}: ${entry(c)},`),
    '};',
    '',
    '/** Every command, by name. */',
    'export const commands: readonly CommandEntry[] = [',
    ...commands.map((c) => `${c.action !== undefined ? `actionCommands.${c.action}` : entry(c)},`),
    '];',
    '',
  ].join('\n');
}

async function formatted(root: string, path: string, source: string): Promise<string> {
  const filepath = join(root, path);
  const config = await prettier.resolveConfig(filepath);
  return prettier.format(source, { ...config, filepath });
}

/**
 * Reads the action and command files under `root` and writes the generated tables where they differ, or with
 * `check` only says which differ.
 */
export async function generateRegistries(
  root: string,
  { check = false }: { check?: boolean } = {},
): Promise<RegistryOutcome> {
  const problems: string[] = [];
  // One file after another, so the problems come in the files' order.
  const actions: ActionFile[] = [];
  for (const file of await sourceFiles(root, ACTIONS_DIR, NOT_ACTIONS)) {
    const action = await readAction(root, file, problems);
    if (action) actions.push(action);
  }
  const commands: CommandFile[] = [];
  for (const file of await sourceFiles(root, COMMANDS_DIR, NOT_COMMANDS)) {
    const command = await readCommand(root, file, problems);
    if (command) commands.push(command);
  }
  if (problems.length) return { problems, changed: [] };
  crossCheck(actions, commands, problems);
  if (problems.length) return { problems, changed: [] };

  const changed: string[] = [];
  for (const [path, source] of [
    [ACTIONS_FILE, actionsSource(actions)],
    [COMMANDS_FILE, commandsSource(commands)],
  ] as const) {
    const wanted = await formatted(root, path, source);
    const present = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (present === wanted) continue;
    changed.push(path);
    if (!check) await writeFile(join(root, path), wanted);
  }
  return { problems, changed };
}

/** What a run says when it fails: the problems, or (checking) the stale files; undefined when it did not. */
export function failure({ problems, changed }: RegistryOutcome, check: boolean): string | undefined {
  if (problems.length) return [...problems, `Fix these, then run ${GENERATE}.`].join('\n');
  if (check && changed.length) return changed.map((path) => `${path} is stale: run ${GENERATE}`).join('\n');
  return undefined;
}
