/**
 * `breach deadlines`: what-if, the clocks for an awareness time without opening a case, computed here by the
 * rules the case workflow runs. Needs no server, and loads nothing of Temporal.
 */
import { emit, UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  options: {
    'aware-at': { type: 'instant', required: true, description: 'when the controller became aware' },
    reminders: {
      type: 'list',
      value: '24,48,60,70',
      description: 'hours after awareness to remind the DPO (default: the engine default)',
    },
  },
  notes: [
    'shows the alarm (awareness + 72 h), when the engine escalates, and the legal end of the period',
    '(Reg. 1182/71: it starts with the next full hour), against which a filing is judged',
  ],
  async run(ctx, options) {
    const [{ sampleDeadlineFile }, { initialState }, { caseStatus }, { plannedEffects }, format] =
      await Promise.all([
        import('../deadline-file.js'),
        import('../../domain/case-state.js'),
        import('../../domain/status.js'),
        import('../../domain/reminder-plan.js'),
        import('../format.js'),
      ]);
    const file = sampleDeadlineFile(options['aware-at'], options.reminders?.map(Number));
    if (!file.success) throw new UsageError(`--reminders: ${file.problems}`);
    const now = Date.now();
    const state = initialState('what-if', file.file, new Date(now).toISOString());
    const status = caseStatus(state, now);
    const steps = plannedEffects(state).map((e) => ({ what: e.key, at: e.dueAt }));
    const at = (iso: string) => format.formatInstant(iso, ctx.tz);
    const human = [
      `Aware at ${at(status.awareAt)}`,
      `Authority notice due ${at(status.authorityDueAt)}: ${format.countdown(status.deadlines[0]!)}`,
      `  legal end of the period ${at(status.authorityLegalEndAt)} (Reg. 1182/71 Art. 3); a filing is judged on time or late against it`,
      'Reminders and escalation:',
      ...steps.map((s) => `  ${at(s.at)}  ${s.what}`),
    ].join('\n');
    const { awareAt, authorityDueAt, authorityLegalEndAt } = status;
    emit(ctx, { awareAt, authorityDueAt, authorityLegalEndAt, deadline: status.deadlines[0], steps }, human);
  },
});
