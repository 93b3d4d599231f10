/**
 * `breach open`: starts a case from its file, once. Opening it again compares the file with the case, so a
 * changed file is pointed at `amend` instead of being taken for the case it no longer describes.
 */
import { CaseFileError, loadCaseFile } from '../case-file-loader.js';
import { emit, uiLink } from '../case-support.js';
import { CliFailure, UsageError, type Command } from '../cli-support.js';
import { countdown, formatInstant } from '../format.js';
import { openCase, type OpenedCase } from '../open-case.js';

export const openCommand: Command = {
  name: 'open',
  summary: 'open a case from a JSON or YAML case file (- for stdin)',
  usage: 'open <case-file|->',
  help: [
    'without awareness.awareAt, awareness is taken as detectedAt (the earliest the facts allow)',
    'a file whose caseId is already open must have its facts; changed facts are recorded with "amend"',
  ],
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const path = ctx.positionals[0]!;
    let file;
    try {
      file = await loadCaseFile(path);
    } catch (error) {
      if (error instanceof CaseFileError) throw new UsageError(error.message);
      throw error;
    }
    const client = await ctx.client();
    const opened = await openCase(client, ctx.config().taskQueue, file);
    refuseOtherFacts(opened, path);
    const link = uiLink(ctx, opened.workflowId);
    const status = opened.status;
    const human = [
      opened.existed
        ? `Case ${opened.caseId} already exists; nothing new was started.`
        : `Opened case ${opened.caseId}.`,
      ...(opened.facts?.kind === 'same' && opened.facts.as === 'opening'
        ? [
            `  The file has the facts the case was opened with; they were amended since (now version ${opened.facts.version}).`,
          ]
        : []),
      ...(status
        ? status.deadlines.map((d) => `  ${d.name}: ${formatInstant(d.dueAt, ctx.tz)}, ${countdown(d)}`)
        : []),
      ...(opened.awarenessFromDetection
        ? [
            `Awareness taken as detectedAt, ${formatInstant(file.detectedAt, ctx.tz)}, the earliest the facts allow (the file has no awareness.awareAt); if the controller became aware later, correct it: breach set-awareness ${opened.caseId} --aware-at T --reason R`,
          ]
        : []),
      ...(status?.warnings ?? []).map((w) => `Warning: ${w}`),
      `Follow it: npx breach status ${opened.caseId}`,
      `Web UI: ${link}`,
    ].join('\n');
    emit(ctx, { ...opened, webUi: link }, human);
  },
};

// The facts that started the case's clock: never amended (awareness is corrected with set-awareness).
const CLOCK_FACTS = new Set(['caseId', 'detectedAt', 'awareness', 'reportedByProcessor']);

/** A file naming an existing case must have its facts; otherwise nothing is done, and the way on is amend. */
function refuseOtherFacts(opened: OpenedCase, path: string): void {
  const facts = opened.facts;
  const id = opened.caseId;
  if (facts?.kind === 'different') {
    const clock = facts.paths.filter((p) => CLOCK_FACTS.has(p.split('.')[0] ?? p));
    const others = facts.paths.filter((p) => !clock.includes(p));
    const amend = `breach amend ${id} ${path} --reason "..."`;
    throw new CliFailure(
      [
        `Case ${id} already exists with other facts; nothing was started or changed.`,
        `The file differs from its current facts in: ${facts.paths.join(', ')}.`,
        ...(clock.length
          ? [
              `${clock.join(', ')}: started the case's clock and cannot be amended; a corrected awareness is recorded with: breach set-awareness ${id} --aware-at T --reason R`,
            ]
          : []),
        ...(others.length
          ? [
              clock.length
                ? `To record the other facts as a new version, put those back as they were, then: ${amend}`
                : `To record the file's facts as a new version: ${amend}`,
            ]
          : []),
      ].join('\n'),
    );
  }
  if (facts?.kind === 'unknown') {
    throw new CliFailure(
      `Case ${id} already exists, but its facts could not be compared with the file: the case did not answer ` +
        `(${facts.why}). Is the worker running? Nothing was started.`,
    );
  }
}
