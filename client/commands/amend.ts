/**
 * `breach amend`: a new version of a case's facts, from a file and options on top of the current ones. The case
 * checks the result like a case file and keeps every version with who, when, why and what changed.
 */
import type { CaseFile } from '../../domain/case-file.js';
import { defineActionCommand } from '../action-command.js';
import { CliFailure, UsageError } from '../cli-support.js';
import { CASE_ID } from '../command-schema.js';

/** The repeatable options that append to a list of the current facts. */
const ADDITIONS = {
  'add-measure-taken': 'measuresTaken',
  'add-measure-proposed': 'measuresProposed',
  'add-consequence': 'likelyConsequences',
} as const satisfies Record<string, keyof CaseFile>;

export const command = defineActionCommand('amend', {
  summary: 'record a new version of the facts: what changed, who, when and why',
  group: 'facts',
  positionals: [
    CASE_ID,
    { name: 'FILE|-', optional: true, description: 'the facts to change, as in a case file (YAML or JSON)' },
  ],
  fields: {
    reason: { field: 'reason', value: 'R', description: 'why the facts change (kept with the version)' },
  },
  options: {
    description: { type: 'string', description: 'the description of the breach' },
    'data-subjects': { type: 'integer', description: 'about how many people are affected' },
    records: { type: 'integer', description: 'about how many records are affected' },
    'add-measure-taken': { type: 'string', repeatable: true, description: 'a measure taken, appended' },
    'add-measure-proposed': { type: 'string', repeatable: true, description: 'a measure proposed, appended' },
    'add-consequence': { type: 'string', repeatable: true, description: 'a likely consequence, appended' },
  },
  notes: [
    'A FILE (- for stdin) merges like this: objects key by key, lists replace, null removes an optional fact;',
    'a whole case file changes what differs. Detection and awareness are corrected with "set-awareness".',
  ],
  derived: {
    fields: ['facts'],
    async build(ctx, options) {
      const { caseIdArg, closedCase, readCaseState } = await import('../case-support.js');
      const caseId = caseIdArg(ctx);
      const source = ctx.positionals[1];
      let file: Record<string, unknown> | undefined;
      if (source !== undefined) {
        const { CaseFileError, loadFactsFile } = await import('../case-file-loader.js');
        file = await loadFactsFile(source, ctx.stdin).catch((error: unknown) => {
          throw error instanceof CaseFileError ? new UsageError(error.message) : error;
        });
      }
      const given = {
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options['data-subjects'] !== undefined
          ? { dataSubjects: { approximate: options['data-subjects'] } }
          : {}),
        ...(options.records !== undefined ? { records: { approximate: options.records } } : {}),
      };
      const additions = (Object.keys(ADDITIONS) as (keyof typeof ADDITIONS)[])
        .map((flag) => ({ key: ADDITIONS[flag], items: options[flag] }))
        .filter((a) => a.items.length);
      if (!Object.keys(file ?? {}).length && !Object.keys(given).length && !additions.length) {
        throw new UsageError(
          'name at least one fact to change: a FILE (- for stdin), --description, --data-subjects, --records or an --add-* option',
        );
      }
      let facts: Record<string, unknown> = given;
      if (file !== undefined || additions.length) {
        // The file is compared with, and the additions appended to, the facts as they are now.
        const [{ factsToday }, { caseFileSchema }, { changeFromFile, layer }] = await Promise.all([
          import('../../domain/facts.js'),
          import('../../domain/case-file-schema.js'),
          import('../facts-change.js'),
        ]);
        const state = await readCaseState(ctx, caseId);
        if (state.closed) throw closedCase(ctx, caseId, state.closed.at);
        const current = factsToday(state.caseFile, caseFileSchema);
        facts = layer(file === undefined ? {} : changeFromFile(file, current), given);
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
      return { facts };
    },
  },
});
