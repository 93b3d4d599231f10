/**
 * A command is declared once (positionals, options with type, description and required-ness, a few notes) and
 * everything else derives from that: its usage line, its help, the positional and required checks, and the
 * typed values it runs with. Light like cli-support.ts: help texts are made from this alone.
 */
import { orList, similarNames } from '../domain/did-you-mean.js';
import {
  GLOBAL_OPTIONS,
  UsageError,
  type CommandContext,
  type OptionSchema,
  type OptionSpec,
  type RawValues,
} from './cli-support.js';

export interface PositionalSpec {
  /** As usage shows it: `case-id` becomes `<case-id>`. */
  name: string;
  description?: string;
  optional?: boolean;
  /** The words allowed (a subcommand): usage shows them as `a|b|c`. */
  choices?: readonly string[];
}

type Choice<S extends OptionSpec> = S extends { choices: readonly (infer C extends string)[] } ? C : string;
type Single<S extends OptionSpec> = S['type'] extends 'integer'
  ? number
  : S['type'] extends 'list'
    ? Choice<S>[]
    : Choice<S>;

/** The value a command runs with: absent optional options are undefined, repeatable ones an array. */
export type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['repeatable'] extends true
    ? Single<S>[]
    : S['required'] extends true
      ? Single<S>
      : Single<S> | undefined;

export type OptionValues<O extends OptionSchema> = { -readonly [K in keyof O]: OptionValue<O[K]> };

/** The headings `breach --help` lists the commands under, in the order it lists them. */
export const COMMAND_GROUPS = {
  cases: 'Cases',
  facts: 'Facts and assessment',
  authority: 'Notice to the authority',
  subjects: 'Communication to the data subjects',
  documents: 'Documents and register',
  engine: 'Engine and tools',
} as const;

export type CommandGroup = keyof typeof COMMAND_GROUPS;

/**
 * What `breach --help` shows of a command without loading it. Declared in the command's own file, with the rest of
 * the command, and copied from there by `npm run generate` into commands/registry.generated.ts: so each is
 * written out as it is, no expression.
 */
export interface CommandMeta {
  /** One line, for `breach --help` and the command's own help. */
  summary: string;
  /** The heading `breach --help` lists it under. */
  group: CommandGroup;
  /** Earlier names that still run the command (not listed in the help). */
  aliases?: readonly string[];
}

export interface CommandDefinition<O extends OptionSchema = OptionSchema> extends CommandMeta {
  positionals?: readonly PositionalSpec[];
  options?: O;
  /** Help lines beyond the options: rules and defaults worth knowing. */
  notes?: readonly string[];
  run(ctx: CommandContext, options: OptionValues<O>): Promise<void>;
}

/**
 * A command as `breach` knows it before loading it: its name, which is its file's (commands/open.ts is `open`),
 * what its file declares for the help, and how to load it.
 */
export interface CommandEntry<D extends CommandDefinition = CommandDefinition> extends CommandMeta {
  name: string;
  load(): Promise<{ command: D }>;
}

/** Declares a command; the option types flow into `run`. */
export function defineCommand<const O extends OptionSchema = Record<never, OptionSpec>>(
  definition: CommandDefinition<O>,
): CommandDefinition<O> {
  return definition;
}

/** The case ID, the first argument of every command about one case. */
export const CASE_ID: PositionalSpec = {
  name: 'case-id',
  description: 'the case ID, as "breach open" printed it',
};

const PLACEHOLDERS: Record<OptionSpec['type'], string> = {
  string: 'T',
  boolean: '',
  integer: 'N',
  list: 'A,B',
  instant: 'T',
  'file-hash': 'FILE',
};

function placeholder(spec: OptionSpec): string {
  if (spec.value) return spec.value;
  if (spec.choices) return spec.choices.join(spec.type === 'list' ? ',' : '|');
  return PLACEHOLDERS[spec.type];
}

function optionSyntax(name: string, spec: OptionSpec): string {
  const value = placeholder(spec);
  return `--${name}${value ? ` ${value}` : ''}`;
}

function positionalSyntax(p: PositionalSpec): string {
  if (p.choices) return p.choices.join('|');
  return p.optional ? `[${p.name}]` : `<${p.name}>`;
}

/** `assess <case-id> --risk none|risk|high [--rationale T]`: required options bare, the others in brackets. */
export function usage(name: string, command: CommandDefinition): string {
  const options = Object.entries(command.options ?? {}).map(([option, spec]) => {
    const syntax = optionSyntax(option, spec);
    return `${spec.required ? syntax : `[${syntax}]`}${spec.repeatable ? '...' : ''}`;
  });
  return [name, ...(command.positionals ?? []).map(positionalSyntax), ...options].join(' ');
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionRows(options: OptionSchema): [string, string][] {
  return Object.entries(options).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : ''}${optionSyntax(name, spec)}`,
    `${spec.description}${spec.required ? ' (required)' : ''}${spec.repeatable ? ' (repeat for several)' : ''}`,
  ]);
}

export function commandHelp(name: string, summary: string, command: CommandDefinition): string {
  const described = (command.positionals ?? []).filter((p) => p.description);
  const options = optionRows(command.options ?? {});
  return [
    `Usage: breach ${usage(name, command)}`,
    '',
    summary,
    ...(described.length
      ? ['', 'Arguments:', ...columns(described.map((p) => [positionalSyntax(p), p.description ?? '']))]
      : []),
    ...(options.length ? ['', 'Options:', ...columns(options)] : []),
    ...(command.notes?.length ? ['', ...command.notes] : []),
    '',
    'Common options:',
    ...columns(optionRows(GLOBAL_OPTIONS)),
  ].join('\n');
}

/** The number of positionals and each subcommand word, as declared. */
export function checkPositionals(name: string, command: CommandDefinition, positionals: string[]): void {
  const declared = command.positionals ?? [];
  const least = declared.filter((p) => !p.optional).length;
  if (positionals.length < least || positionals.length > declared.length) {
    throw new UsageError(`usage: breach ${usage(name, command)}`);
  }
  declared.forEach((spec, i) => {
    const given = positionals[i];
    if (spec.choices && given !== undefined && !spec.choices.includes(given)) {
      const similar = spec.choices.length > 1 ? similarNames(given, spec.choices).map((c) => `"${c}"`) : [];
      const hint = similar.length ? `; did you mean ${orList(similar)}?` : '';
      throw new UsageError(`${name}: expected ${orList(spec.choices)}${hint}`);
    }
  });
}

function isBlank(value: RawValues[string]): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Every required option missing, named together: "--reference and --channel are required". */
function checkRequired(options: OptionSchema, raw: RawValues): void {
  const missing = Object.entries(options)
    .filter(([name, spec]) => spec.required && isBlank(raw[name]))
    .map(([name]) => `--${name}`);
  if (missing.length) {
    const named =
      missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
    throw new UsageError(`${named} ${missing.length > 1 ? 'are' : 'is'} required`);
  }
}

function checkChoice(name: string, spec: OptionSpec, value: string): void {
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`--${name}: expected ${orList(spec.choices)}`);
  }
}

async function readOne(name: string, spec: OptionSpec, text: string): Promise<unknown> {
  switch (spec.type) {
    case 'integer':
      if (!/^\d+$/.test(text)) throw new UsageError(`--${name}: expected a whole number`);
      return Number(text);
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) checkChoice(name, spec, item);
      return items;
    }
    case 'instant': {
      // Loaded here, not at the top: the schema brings zod, which no help text needs.
      const { instant } = await import('../domain/case-file.js');
      if (!instant().safeParse(text).success) {
        throw new UsageError(
          `--${name}: expected an ISO 8601 time with offset, e.g. 2026-11-28T09:30:00+01:00`,
        );
      }
      return text;
    }
    case 'file-hash': {
      const [{ createHash }, { readFile }] = await Promise.all([
        import('node:crypto'),
        import('node:fs/promises'),
      ]);
      try {
        return createHash('sha256')
          .update(await readFile(text))
          .digest('hex');
      } catch {
        throw new UsageError(`--${name}: cannot read ${text}`);
      }
    }
    default:
      checkChoice(name, spec, text);
      return text;
  }
}

/** The parsed strings to the values a command runs with, after the required check. */
export async function readOptions<O extends OptionSchema>(
  options: O,
  raw: RawValues,
): Promise<OptionValues<O>> {
  checkRequired(options, raw);
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(options)) {
    const given = raw[name];
    if (spec.type === 'boolean') values[name] = given === true;
    else if (spec.repeatable) {
      const texts = (Array.isArray(given) ? given : given === undefined ? [] : [given]).map(String);
      values[name] = await Promise.all(texts.map((text) => readOne(name, spec, text)));
    } else values[name] = typeof given === 'string' ? await readOne(name, spec, given) : undefined;
  }
  return values as OptionValues<O>;
}
