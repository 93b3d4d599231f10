/**
 * `breach amend`: a new version of a case's facts, from a file and options on top of the current ones. The case
 * checks the result like a case file and keeps every version with who, when, why and what changed.
 */
import { caseFileSchema, type CaseFile } from '../../domain/case-file.js';
import { canonicalJson } from '../../domain/case-id.js';
import { CaseFileError, loadFactsFile } from '../case-file-loader.js';
import { factsToday } from '../../domain/facts.js';
import { actorHelp, caseIdArg, closedCase, integer, readCaseState, runAction } from '../case-support.js';
import {
  CliFailure,
  optionalString,
  optionalStrings,
  requireString,
  UsageError,
  type Command,
} from '../cli-support.js';

/** The repeatable options that append to a list of the current facts. */
const ADDITIONS = {
  'add-measure-taken': 'measuresTaken',
  'add-measure-proposed': 'measuresProposed',
  'add-consequence': 'likelyConsequences',
} as const satisfies Record<string, keyof CaseFile>;

type Facts = Record<string, unknown>;

function isPlainObject(value: unknown): value is Facts {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `change` on top of `base`: objects merge key by key, anything else replaces (as the case merges facts). */
function layer(base: Facts, change: Facts): Facts {
  const merged: Facts = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const under = merged[key];
    merged[key] = isPlainObject(under) && isPlainObject(value) ? layer(under, value) : value;
  }
  return merged;
}

/**
 * The smallest change that makes `before` into `after` as the case merges facts: objects key by key, a key
 * `after` lacks removed with null, anything else replaced whole. Undefined when they are equal.
 */
function changeBetween(before: unknown, after: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(after)) {
    const change: Facts = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (after[key] === undefined) {
        if (before[key] !== undefined) change[key] = null;
        continue;
      }
      const sub = changeBetween(before[key], after[key]);
      if (sub !== undefined) change[key] = sub;
    }
    return Object.keys(change).length ? change : undefined;
  }
  return canonicalJson(before ?? null) === canonicalJson(after ?? null) ? undefined : after;
}

/**
 * What a file asks to change. A whole case file (the one the case was opened with, edited, say) is compared with
 * the current facts: only what differs is sent, and a fact the edited file leaves out is removed. A partial file
 * is sent as it is, less what equals the current facts (so an unchanged caseId or awareness is no amendment).
 */
function changeFromFile(file: Facts, current: CaseFile): Facts {
  const whole = caseFileSchema.safeParse(file);
  if (whole.success) {
    const { $schema: _editorHint, ...facts } = whole.data;
    return (changeBetween(current, facts) as Facts | undefined) ?? {};
  }
  const currentFacts = current as Facts;
  return Object.fromEntries(
    Object.entries(file).filter(([key, value]) => canonicalJson(value) !== canonicalJson(currentFacts[key])),
  );
}

export const amendCommand: Command = {
  name: 'amend',
  summary: 'record a new version of the facts: what changed, who, when and why',
  usage:
    'amend <case-id> [FILE|-] --reason R [--description T] [--data-subjects N] [--records N] [--add-measure-taken T]... [--add-measure-proposed T]... [--add-consequence T]...',
  options: {
    reason: { type: 'string' },
    description: { type: 'string' },
    'data-subjects': { type: 'string' },
    records: { type: 'string' },
    'add-measure-taken': { type: 'string', multiple: true },
    'add-measure-proposed': { type: 'string', multiple: true },
    'add-consequence': { type: 'string', multiple: true },
  },
  help: [
    'FILE (YAML or JSON, - for stdin): the facts to change, as in a case file; objects merge key by key,',
    '                  lists replace, null removes an optional fact; a whole case file changes what differs',
    '--reason R        why the facts change (kept with the version)',
    '--description T   the description of the breach',
    '--data-subjects N approximate number of people affected (dataSubjects.approximate)',
    '--records N       approximate number of records affected (records.approximate)',
    '--add-measure-taken T, --add-measure-proposed T, --add-consequence T',
    '                  append to the current list (repeat for several)',
    'detection and awareness are corrected with "set-awareness", not amended',
    actorHelp,
  ],
  positionals: { min: 1, max: 2 },
  async run(ctx) {
    const caseId = caseIdArg(ctx);
    const reason = requireString(ctx, 'reason');
    const source = ctx.positionals[1];
    let file: Facts | undefined;
    if (source !== undefined) {
      try {
        file = await loadFactsFile(source);
      } catch (error) {
        if (error instanceof CaseFileError) throw new UsageError(error.message);
        throw error;
      }
    }
    const description = optionalString(ctx, 'description');
    const subjects = integer(optionalString(ctx, 'data-subjects'), 'data-subjects');
    const records = integer(optionalString(ctx, 'records'), 'records');
    const options: Facts = {
      ...(description !== undefined ? { description } : {}),
      ...(subjects !== undefined ? { dataSubjects: { approximate: subjects } } : {}),
      ...(records !== undefined ? { records: { approximate: records } } : {}),
    };
    const additions = Object.entries(ADDITIONS)
      .map(([flag, key]) => ({ key, items: optionalStrings(ctx, flag) }))
      .filter((a) => a.items.length);
    const fileFacts = file === undefined ? 0 : Object.keys(file).length;
    if (!fileFacts && !Object.keys(options).length && !additions.length) {
      throw new UsageError(
        'name at least one fact to change: a FILE (- for stdin), --description, --data-subjects, --records or an --add-* option',
      );
    }

    let facts: Facts = options;
    if (file !== undefined || additions.length) {
      // The file is compared with, and the additions appended to, the facts as they are now.
      const state = await readCaseState(ctx, caseId);
      if (state.closed) throw closedCase(ctx, caseId, state.closed.at);
      const current = factsToday(state.caseFile);
      facts = layer(file === undefined ? {} : changeFromFile(file, current), options);
      for (const { key, items } of additions) {
        const base = Array.isArray(facts[key]) ? (facts[key] as unknown[]) : current[key];
        facts[key] = [...base, ...items];
      }
    }
    if (!Object.keys(facts).length) {
      throw new CliFailure(
        'Refused, nothing changed:\nfacts: nothing changes: every fact given equals the current one',
      );
    }
    await runAction(ctx, 'amend', { facts, reason }, { paths: ['facts'] });
  },
};
