/**
 * `breach open`: starts a case from its file, once. Opening it again compares the file with the case, so a
 * changed file is pointed at `amend` instead of being taken for the case it no longer describes.
 */
import { emit, UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'open a case from a JSON or YAML case file (- for stdin)',
  group: 'cases',
  positionals: [{ name: 'case-file|-', description: 'the case file, YAML or JSON; - reads standard input' }],
  notes: [
    'without awareness.awareAt, awareness is taken as detectedAt (the earliest the facts allow)',
    'a file whose caseId is already open must have its facts; changed facts are recorded with "amend"',
  ],
  async run(ctx) {
    const [
      loader,
      { openCase, refuseOtherFacts },
      { uiLink },
      { countdown, formatInstant },
      { defaultedTriggers, TRIGGER_LABELS },
    ] = await Promise.all([
      import('../case-file-loader.js'),
      import('../open-case.js'),
      import('../case-support.js'),
      import('../format.js'),
      import('../../domain/triggers.js'),
    ]);
    const path = ctx.positionals[0]!;
    const file = await loader.loadCaseFile(path, ctx.stdin).catch((error: unknown) => {
      throw error instanceof loader.CaseFileError ? new UsageError(error.message) : error;
    });
    const config = await ctx.config();
    const opened = await openCase(await ctx.client(), config.taskQueue, file, config.policyTargets);
    refuseOtherFacts(opened, path);
    const link = await uiLink(ctx, opened.workflowId);
    const { status, facts, caseId } = opened;
    const human = [
      opened.existed ? `Case ${caseId} already exists; nothing new was started.` : `Opened case ${caseId}.`,
      ...(facts?.kind === 'same' && facts.as === 'opening'
        ? [
            `  The file has the facts the case was opened with; they were amended since (now version ${facts.version}).`,
          ]
        : []),
      ...(status?.deadlines ?? []).map(
        (d) => `  ${d.name}: ${formatInstant(d.dueAt, ctx.tz)}, ${countdown(d)}`,
      ),
      ...(opened.awarenessFromDetection
        ? [
            `Awareness taken as detectedAt, ${formatInstant(file.detectedAt, ctx.tz)}, the earliest the facts allow (the file has no awareness.awareAt); if the controller became aware later, correct it: breach set-awareness ${caseId} --aware-at T --reason R`,
          ]
        : []),
      ...defaultedTriggers(file).map(
        (kind) =>
          `${TRIGGER_LABELS[kind].charAt(0).toUpperCase()}${TRIGGER_LABELS[kind].slice(1)} taken as awareness (the file has no triggers entry for it); correct it: breach set-trigger ${caseId} --event ${kind} --at T --reason R`,
      ),
      ...(status?.warnings ?? []).map((w) => `Warning: ${w}`),
      ...(opened.registered === false
        ? [`Not yet confirmed in the register: is the worker running? breach status ${caseId} will tell.`]
        : []),
      `Follow it: breach status ${caseId}`,
      ...(link ? [`Web UI: ${link}`] : []),
    ].join('\n');
    emit(ctx, { ...opened, ...(link ? { webUi: link } : {}) }, human);
  },
});
