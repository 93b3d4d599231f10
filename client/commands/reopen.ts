/** `breach reopen`: continues a closed case in a new run with its whole state (reopen-case.ts). */
import { CASE_ID, defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'reopen a closed case, keeping its whole history, with the reason',
  group: 'cases',
  positionals: [CASE_ID],
  options: {
    reason: {
      type: 'string',
      required: true,
      value: 'R',
      description: "why the case is reopened (new facts, an authority's question, ...)",
    },
  },
  notes: ['its deadlines, duties and reminders continue from the state the case was closed in'],
  async run(ctx, options) {
    const [{ caseIdArg }, { reopenCase }] = await Promise.all([
      import('../case-support.js'),
      import('../reopen-case.js'),
    ]);
    await reopenCase(ctx, caseIdArg(ctx), options.reason.trim());
  },
});
