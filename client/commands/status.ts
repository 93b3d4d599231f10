/** `breach status`: a case as it stands now: phase, deadlines, what is owed, processors and the timeline. */
import { emit } from '../cli-support.js';
import { CASE_ID, defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'phase, deadlines, pending actions, processors and timeline of a case',
  group: 'cases',
  positionals: [CASE_ID],
  async run(ctx) {
    const { caseIdArg, queryCase } = await import('../case-support.js');
    const { statusQuery } = await import('../../contract/messages.js');
    const { formatStatus } = await import('../format.js');
    const status = await queryCase(ctx, caseIdArg(ctx), statusQuery);
    emit(ctx, status, formatStatus(status, ctx.tz));
  },
});
