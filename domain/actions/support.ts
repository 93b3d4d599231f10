/**
 * What the DPO actions share: how an action is defined (its input schema, the rule it must satisfy against the
 * case, and how it changes the case), the schema pieces they use, and the small checks they repeat.
 */
import { z } from 'zod';
import { futureProblem, instant, line, text } from '../case-file.js';
import { once } from '../fields.js';
import { NOTICE_ITEMS, type CaseState, type NoticeItem } from '../case-state.js';
import { caseObligations, caseRegimes, noticesFor, primaryRegime } from '../obligations.js';
import { REGIME_IDS } from '../regimes/index.js';
import type { FieldProblem } from '../validation.js';
import { renderAuthorityNotice } from '../documents.js';
import { sha256Hex } from '../sha256.js';

export interface ActionDefinition<S extends z.ZodType> {
  /** The input, strict: unknown keys are refused like unknown keys in a case file. Built on first use. */
  readonly schema: () => S;
  /** Adds a problem for every way the action does not fit the case now; changes nothing. */
  readonly rule: (action: z.output<S>, state: CaseState, now: number, problems: FieldProblem[]) => void;
  /** Changes the case; runs only after the rule found no problem. */
  readonly apply: (action: z.output<S>, state: CaseState, nowIso: string) => void;
}

/**
 * An action from its file: its schema is built the first time it is asked for, then kept. Most processes ask
 * for a few actions' schemas, if any; a schema is asked for by calling, never held in a property, because the
 * worker freezes what its shared modules export (see `once` in fields.ts).
 */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>): ActionDefinition<S> {
  return { schema: once(definition.schema), rule: definition.rule, apply: definition.apply };
}

export const actor = once(() =>
  z
    .string()
    .trim()
    .min(1, 'say who records this')
    .max(200)
    .regex(/^[^\r\n\u2028\u2029]*$/, 'one line: no line breaks'),
);
export { line, text } from '../case-file.js';
export const sha256 = once(() =>
  z.string().regex(/^[a-f0-9]{64}$/, 'expected a lowercase hex SHA-256 (64 characters)'),
);
/** A regime of the case (`nis2`), or a further authority under one (`gdpr+cnil`); the rule checks the case has it. */
export const regimeRef = once(() =>
  z
    .string()
    .regex(/^[a-z0-9-]+(\+[a-z0-9-]+)?$/, 'a regime ID such as "gdpr", or "gdpr+<authority id>"')
    .refine((ref) => (REGIME_IDS as readonly string[]).includes(ref.split('+')[0]!), {
      message: `a regime ID: ${REGIME_IDS.join(', ')} (with "+<authority id>" for a further authority)`,
    }),
);
export const items = once(() => z.array(z.enum(NOTICE_ITEMS as [NoticeItem, ...NoticeItem[]])));

/**
 * A filing with an authority, as the initial notice and each supplement record it: whose authority, its
 * reference, when and how it was filed, a hash of what was filed, the reasons for a delay, and who records it.
 * Built on demand, like every action's schema.
 */
export function filingFields() {
  return {
    /** Whose authority: one of the case's regimes; the first one when absent. */
    regime: regimeRef().optional(),
    reference: line(200),
    filedAt: instant().optional(),
    channel: line(200),
    contentSha256: sha256().optional(),
    reasonsForDelay: text(4000).optional(),
    actor: actor(),
  };
}

export function notInFuture(
  at: string | undefined,
  field: string,
  now: number,
  problems: FieldProblem[],
): void {
  problems.push(...futureProblem(at, field, now));
}

export function notBeforeAwareness(
  at: string | undefined,
  field: string,
  state: CaseState,
  problems: FieldProblem[],
): void {
  if (at && Date.parse(at) < Date.parse(state.awareAt)) {
    problems.push({ path: field, message: `is earlier than the awareness time ${state.awareAt}` });
  }
}

type WithoutUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined fields: optional facts are absent, never undefined, in the recorded state. */
export function defined<T extends object>(value: T): WithoutUndefined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as WithoutUndefined<T>;
}

/** The latest filing with a regime's authority, initial or supplementary. */
export function lastFiling(state: CaseState, regime: string) {
  return noticesFor(state, regime).at(-1);
}

/** The regime an action names, or the case's first; a problem when the case is not under it. */
export function regimeOf(
  named: string | undefined,
  state: CaseState,
  problems: FieldProblem[],
): string | undefined {
  const regimes = caseRegimes(state).map((r) => r.id);
  const regime = named ?? primaryRegime(state).id;
  if (!regimes.includes(regime)) {
    problems.push({
      path: 'regime',
      message: `the case is not under ${regime} (it is under ${regimes.join(', ')})`,
    });
    return undefined;
  }
  if (!caseObligations(state).some((o) => o.regime.id === regime && o.spec.kind === 'authority-notice')) {
    problems.push({ path: 'regime', message: `${regime} has no notice to an authority` });
    return undefined;
  }
  return regime;
}

/** " (UK GDPR)" after a timeline event, once a case is under more than one regime. */
export function multi(state: CaseState, regime: string): string {
  const regimes = caseRegimes(state);
  return regimes.length > 1 ? ` (${regimes.find((r) => r.id === regime)?.name ?? regime})` : '';
}

/** The Art. 33(3) items the case facts already cover, as a default for what a notice contained. */
export function itemsFromFacts(state: CaseState): NoticeItem[] {
  const file = state.caseFile;
  const covered: NoticeItem[] = ['a', 'b'];
  if (file.likelyConsequences.length) covered.push('c');
  if (file.measuresTaken.length || file.measuresProposed.length) covered.push('d');
  return covered;
}

/**
 * The SHA-256 a filing records: of its own file when it came with one, else of the notice as the case renders
 * it for this filing (`breach notice --dated <filedAt>` prints the same bytes).
 */
export function filedContentSha256(
  state: CaseState,
  action: { contentSha256?: string | undefined; reasonsForDelay?: string | undefined },
  regime: string,
  filedAt: string,
): string {
  return (
    action.contentSha256 ??
    sha256Hex(
      renderAuthorityNotice(state, {
        regime,
        dated: filedAt,
        ...(action.reasonsForDelay ? { reasonsForDelay: action.reasonsForDelay } : {}),
      }),
    )
  );
}
