/**
 * Every DPO action on a case, one file each in `actions/`: its input schema, the rule it must satisfy against
 * the current state, and how it changes the state. The workflow's update validators call `checkAction`
 * (synchronous, changes nothing) and its handlers call `applyAction`; the CLI parses with the same schemas
 * before it sends anything. A new action is its file here, exporting its definition under its own name
 * (`set-trigger.ts` exports `setTrigger`), and its command in client/commands/; then `npm run generate` writes
 * the `actions` table, registry.generated.ts, from the files. The mapped types below make the workflow's update
 * table and the CLI's command for it compile-time requirements.
 */
import type { z } from 'zod';
import { actions } from './registry.generated.js';
import type { ActionDefinition } from './support.js';
import type { CaseState } from '../case-state.js';
import { fieldProblems, type FieldProblem } from '../validation.js';

export { itemsFromFacts } from './support.js';

export { actions };

export type ActionName = keyof typeof actions;
type SchemaOf<N extends ActionName> = (typeof actions)[N] extends ActionDefinition<infer S> ? S : never;
export type ActionInput<N extends ActionName> = z.input<SchemaOf<N>>;
export type Action<N extends ActionName> = z.output<SchemaOf<N>>;

/** The action's input schema, built when it is first asked for. */
export function actionSchema<N extends ActionName>(name: N): SchemaOf<N> {
  return definitionOf(name).schema();
}

/** Every action's name, in the table's order. */
export const ACTION_NAMES = Object.keys(actions) as ActionName[];

function definitionOf<N extends ActionName>(name: N): ActionDefinition<SchemaOf<N>> {
  // The table's entry for N is that definition; TypeScript cannot follow a generic key through the union.
  return actions[name] as unknown as ActionDefinition<SchemaOf<N>>;
}

/** Parses and checks an action against the state; returns the parsed action or the problems. Changes nothing. */
export function checkAction<N extends ActionName>(
  name: N,
  input: unknown,
  state: CaseState,
  now: number,
): { ok: true; action: Action<N> } | { ok: false; problems: FieldProblem[] } {
  const definition = definitionOf(name);
  const schema = definition.schema();
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error, schema) };
  const action = parsed.data;
  if (state.closed) {
    return {
      ok: false,
      problems: [{ path: '(case)', message: `the case was closed at ${state.closed.at}` }],
    };
  }
  const problems: FieldProblem[] = [];
  definition.rule(action, state, now, problems);
  return problems.length ? { ok: false, problems } : { ok: true, action };
}

/** Applies a checked action. */
export function applyAction<N extends ActionName>(
  name: N,
  action: Action<N>,
  state: CaseState,
  now: number,
): void {
  definitionOf(name).apply(action, state, new Date(now).toISOString());
}
