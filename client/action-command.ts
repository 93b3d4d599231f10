/**
 * A DPO action's command, defined from the action itself: each option names the field it sets, and whether it is
 * required, what its value is (text, whole number, list, instant, a file's SHA-256) and which values it allows
 * come from the action's schema, the one the case checks it with. The same declaration maps a refused field
 * back to the option that set it.
 */
import type { z } from 'zod';
import { actionSchema, type ActionInput, type ActionName } from '../domain/actions/index.js';
import { sha256 } from '../domain/actions/support.js';
import { instant } from '../domain/case-file.js';
import type { CommandContext, OptionSchema, OptionSpec } from './cli-support.js';
import {
  CASE_ID,
  type CommandDefinition,
  type CommandMeta,
  type OptionValues,
  type PositionalSpec,
} from './command-schema.js';

type Schema = z.core.$ZodType;

/** The fields of an action's input an option can set: each top-level field, and each field of a nested object. */
type Fields<T> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends readonly unknown[]
    ? K
    : NonNullable<T[K]> extends object
      ? K | `${K}.${keyof NonNullable<T[K]> & string}`
      : K;
}[keyof T & string];

/** `actor` is set by the common option --as. */
export type ActionField<N extends ActionName> = Exclude<Fields<ActionInput<N>>, 'actor'>;

export interface ActionOption<N extends ActionName> {
  /** The field the option sets, dotted for a field of a nested object (`publicCommunication.at`). */
  field: ActionField<N>;
  description: string;
  /** The value's placeholder in usage and help, when its type's or choices' would say less. */
  value?: string;
}

export interface ActionCommandDeclaration<N extends ActionName, O extends OptionSchema> extends CommandMeta {
  /** By default the case ID alone. */
  positionals?: readonly PositionalSpec[];
  /** The options that each set one field of the action, by option name. */
  fields: Readonly<Record<string, ActionOption<N>>>;
  /** The command's own options, which set no one field: `derived` reads them. */
  options?: O;
  notes?: readonly string[];
  /** The fields no one option sets, made from the command's own options (amend: the facts to change). */
  derived?: {
    fields: readonly ActionField<N>[];
    build(ctx: CommandContext, options: OptionValues<O>): Promise<Record<string, unknown>>;
  };
}

export interface ActionCommandDefinition<N extends ActionName> extends CommandDefinition {
  action: N;
  /** Every field the command sets, by an option or derived; a test checks they cover the action's schema. */
  fieldsSet: readonly string[];
  /** The option a problem at a field's path is shown as, or the path itself when no option sets that field. */
  flagFor(path: string): string;
}

function definitionOf(schema: Schema): z.core.$ZodTypes['_zod']['def'] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/** A schema without what only wraps it (optional, default, ...), and whether its input may be left out. */
function peel(schema: Schema): { inner: Schema; optional: boolean } {
  let optional = schema._zod.optin === 'optional';
  let inner = schema;
  for (;;) {
    const def = definitionOf(inner);
    // A default makes the input optional too, whatever zod's version reports for it.
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') optional = true;
    if (
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'nullable' ||
      def.type === 'readonly'
    ) {
      inner = def.innerType;
    } else return { inner, optional };
  }
}

/** The schema of a field at a dotted path, and whether it is required (it and every object above it are). */
function fieldSchema(schema: Schema, path: string): { leaf: Schema; required: boolean } {
  let node = peel(schema).inner;
  let required = true;
  for (const key of path.split('.')) {
    const def = definitionOf(node);
    const child = def.type === 'object' ? def.shape[key] : undefined;
    if (!child) throw new Error(`${path} is not a field of the action`);
    const { inner, optional } = peel(child);
    required &&= !optional;
    node = inner;
  }
  return { leaf: node, required };
}

function enumValues(schema: Schema): string[] | undefined {
  const def = definitionOf(schema);
  return def.type === 'enum' ? Object.values(def.entries).map(String) : undefined;
}

/** The option type that reads a field's value, with its allowed values. */
function valueSpec(leaf: Schema, path: string): Pick<OptionSpec, 'type' | 'choices'> {
  if (leaf === (instant() as unknown)) return { type: 'instant' };
  // A SHA-256 field is given as the file it is the hash of.
  if (leaf === (sha256() as unknown)) return { type: 'file-hash' };
  const def = definitionOf(leaf);
  const choices = enumValues(leaf);
  if (choices) return { type: 'string', choices };
  if (def.type === 'string') return { type: 'string' };
  if (def.type === 'number' && (leaf as unknown as { isInt?: boolean }).isInt) return { type: 'integer' };
  if (def.type === 'array') {
    const items = enumValues(peel(def.element).inner);
    return { type: 'list', ...(items ? { choices: items } : {}) };
  }
  throw new Error(`${path}: no option reads a ${def.type} field`);
}

/** Sets a dotted path in a plain object, making the objects on the way. */
function setField(input: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let here = input;
  for (const key of keys) here = (here[key] ??= {}) as Record<string, unknown>;
  here[last] = value;
}

/** Defines the command of a DPO action; see ActionCommandDeclaration. */
export function defineActionCommand<
  N extends ActionName,
  const O extends OptionSchema = Record<never, OptionSpec>,
>(action: N, declaration: ActionCommandDeclaration<N, O>): ActionCommandDefinition<N> {
  const schema = actionSchema(action) as Schema;
  const byField = Object.entries(declaration.fields).map(([flag, option]) => ({ flag, ...option }));
  const fieldOptions = Object.fromEntries(
    byField.map(({ flag, field, description, value }) => {
      const { leaf, required } = fieldSchema(schema, field);
      const spec: OptionSpec = {
        ...valueSpec(leaf, field),
        description,
        ...(required ? { required } : {}),
        ...(value ? { value } : {}),
      };
      return [flag, spec];
    }),
  );
  const flagFor = (path: string): string => {
    if (path === '(case)') return 'case';
    const field = path.replace(/\.\d+$/, ''); // an item of a list is its list's option
    if (field === 'actor') return '--as';
    const option =
      byField.find((o) => o.field === field) ?? byField.find((o) => o.field.startsWith(`${field}.`));
    return option ? `--${option.flag}` : path;
  };
  return {
    action,
    summary: declaration.summary,
    group: declaration.group,
    ...(declaration.aliases ? { aliases: declaration.aliases } : {}),
    positionals: declaration.positionals ?? [CASE_ID],
    options: { ...fieldOptions, ...declaration.options },
    ...(declaration.notes ? { notes: declaration.notes } : {}),
    fieldsSet: [...byField.map((o) => o.field), ...(declaration.derived?.fields ?? [])],
    flagFor,
    async run(ctx, values) {
      const input: Record<string, unknown> = {};
      for (const { flag, field } of byField) {
        if (values[flag] !== undefined) setField(input, field, values[flag]);
      }
      if (declaration.derived) {
        Object.assign(input, await declaration.derived.build(ctx, values as OptionValues<O>));
      }
      const { runAction } = await import('./case-support.js');
      await runAction(ctx, action, input, flagFor);
    },
  };
}
