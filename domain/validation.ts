import type { z } from 'zod';
import { orList, similarNames } from './did-you-mean.js';

export interface FieldProblem {
  path: string;
  message: string;
}

type Schema = z.core.$ZodType;

// A key list longer than this is cut short: the message is read on a terminal, and the schema has the rest.
const MAX_LISTED_KEYS = 12;

/**
 * zod issues as data: a dotted path to the field and a plain message, never the offending value itself (it can be
 * personal data). An unknown key becomes one problem per key, at that key's path; given the schema that was
 * parsed, it also says which known key was probably meant, or which keys are allowed there.
 */
export function fieldProblems(error: z.ZodError, schema?: Schema): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') {
      return [{ path: dotted(issue.path), message: issue.message }];
    }
    const known = schema ? keysAt(schema, issue.path) : undefined;
    return issue.keys.map((key) => ({
      path: dotted([...issue.path, key]),
      message: unknownKeyMessage(key, known),
    }));
  });
}

export function describeProblems(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

function dotted(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(root)';
}

/** Case-file keys renamed since earlier versions, old name to new: a file with an old key is told the new one. */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  schedule: 'reminderPlan',
  vendorLadder: 'processorLadder',
  vendorEscalationAfterHours: 'processorEscalationAfterHours',
};

function unknownKeyMessage(key: string, known: string[] | undefined): string {
  const renamed = RENAMED_KEYS[key];
  if (renamed && known?.includes(renamed)) return `renamed: use "${renamed}"`;
  if (!known?.length) return 'unknown key';
  const similar = similarNames(key, known);
  if (similar.length) return `unknown key; did you mean ${orList(similar.map((k) => `"${k}"`))}?`;
  // `$schema` and the like are editor metadata, not facts: listing them would only distract.
  const listed = known.filter((k) => !k.startsWith('$'));
  const more = listed.length - MAX_LISTED_KEYS;
  return `unknown key; allowed here: ${listed.slice(0, MAX_LISTED_KEYS).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The keys an object accepts at `path` of the schema (the union of them where the schema allows several shapes). */
function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let here = [schema];
  for (const segment of path) here = here.flatMap((s) => structural(s).flatMap((t) => child(t, segment)));
  const keys = here
    .flatMap((s) => structural(s))
    .flatMap((s) => {
      const def = (s as z.core.$ZodTypes)._zod.def;
      return def.type === 'object' ? Object.keys(def.shape) : [];
    });
  return [...new Set(keys)];
}

/**
 * Peels off what wraps a schema without changing its shape (optional, default, a transform's pipe, ...) and
 * splits unions, down to the schemas that have the shape. zod 4's refine adds a check, not a wrapper.
 */
function structural(schema: Schema, depth = 0): Schema[] {
  // A lazy schema may refer to itself; a real case file is never nested this deep.
  if (depth > 32) return [];
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return structural(def.innerType, depth + 1);
    case 'pipe':
      // What the user wrote is the pipe's input, unless that is a preprocessing transform of unknown shape.
      return structural(
        (def.in as z.core.$ZodTypes)._zod.def.type === 'transform' ? def.out : def.in,
        depth + 1,
      );
    case 'lazy':
      return structural(def.getter(), depth + 1);
    case 'union':
      return def.options.flatMap((option) => structural(option, depth + 1));
    case 'intersection':
      return [...structural(def.left, depth + 1), ...structural(def.right, depth + 1)];
    default:
      return [schema];
  }
}

function child(schema: Schema, segment: PropertyKey): Schema[] {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'object': {
      // Own keys only: a key such as "constructor" must not find Object.prototype's.
      const field =
        typeof segment === 'string' && Object.hasOwn(def.shape, segment) ? def.shape[segment] : undefined;
      return field ? [field] : def.catchall ? [def.catchall] : [];
    }
    case 'array':
      return typeof segment === 'number' ? [def.element] : [];
    case 'tuple': {
      const item = typeof segment === 'number' ? (def.items[segment] ?? def.rest) : undefined;
      return item ? [item] : [];
    }
    case 'record':
      return [def.valueType];
    default:
      return [];
  }
}
