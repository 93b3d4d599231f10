/** `breach list`: every case with its countdown, newest first, from the server's search attributes. */
import { formatDuration, parseDuration } from '../../domain/time.js';
import { emit, UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'list cases with their countdowns, newest first',
  group: 'cases',
  options: {
    status: {
      type: 'string',
      choices: ['open', 'overdue', 'closed'],
      description: 'only cases in this state',
    },
    'due-within': { type: 'string', value: 'D', description: 'authority deadline within, e.g. 24h, 3d' },
  },
  async run(ctx, options) {
    const within = options['due-within'];
    const withinMs = within === undefined ? undefined : parseDuration(within);
    if (within !== undefined && withinMs === undefined) {
      throw new UsageError('--due-within: expected a duration like 24h');
    }
    const [{ casesQuery }, { caseIdOfWorkflowId }, attributes, { formatInstant, table }] = await Promise.all([
      import('../../contract/open-cases.js'),
      import('../../contract/workflow-ids.js'),
      import('../../contract/search-attributes.js'),
      import('../format.js'),
    ]);
    const query = casesQuery({
      ...(options.status ? { status: options.status } : {}),
      ...(withinMs !== undefined ? { dueBefore: new Date(Date.now() + withinMs) } : {}),
    });
    const rows: {
      caseId: string;
      phase: string;
      risk: string;
      dueAt: string;
      overdue: boolean;
      startedAt: string;
    }[] = [];
    for await (const wf of (await ctx.client()).workflow.list({ query })) {
      const found = wf.typedSearchAttributes;
      rows.push({
        caseId: caseIdOfWorkflowId(wf.workflowId) ?? wf.workflowId,
        phase: found.get(attributes.CASE_PHASE) ?? 'unknown',
        risk: found.get(attributes.RISK_LEVEL) ?? 'unassessed',
        dueAt: found.get(attributes.AUTHORITY_DUE_AT)?.toISOString() ?? '',
        overdue: found.get(attributes.OVERDUE) ?? false,
        startedAt: wf.startTime.toISOString(),
      });
    }
    rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    const now = Date.now();
    const countdown = (r: (typeof rows)[number]) => {
      const left = Date.parse(r.dueAt) - now;
      if (r.phase === 'closed') return 'closed';
      if (left >= 0) return `${formatDuration(left)} left`;
      return r.overdue ? `OVERDUE ${formatDuration(-left)}` : 'deadline passed';
    };
    const human = rows.length
      ? table(
          ['CASE', 'PHASE', 'RISK', 'AUTHORITY DUE', 'COUNTDOWN'],
          rows.map((r) => [
            r.caseId,
            r.phase,
            r.risk,
            r.dueAt ? formatInstant(r.dueAt, ctx.tz) : '',
            countdown(r),
          ]),
        )
      : 'No cases match.';
    emit(ctx, rows, human);
  },
});
