/**
 * `breach outbox`: the mail the engine wrote to its outbox (the default without an SMTP server). The messages are
 * sealed with the payload keys, so this is how a DPO reads them: a listing, or one message in clear.
 */
import { CliFailure, UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';
import type { TextSeal } from '../../infra/payload-codec.js';

export const command = defineCommand({
  summary: 'list the mail in the outbox, or show one message in clear',
  group: 'documents',
  positionals: [
    { name: 'verb', choices: ['list', 'show'], optional: true },
    { name: 'message', optional: true, description: "show: the message's Message-ID or file name" },
  ],
  options: {
    case: { type: 'string', value: 'ID', description: 'list: only the mail of this case' },
    out: { type: 'string', value: 'FILE', description: 'show: write the message to FILE (an .eml)' },
  },
  notes: [
    'reads the outbox folder of the data folder and the payload keys; sealed messages need the key they were',
    'sealed with. BREACH_CLOCK_OUTBOX_ENCRYPTION=off makes the worker write plain .eml files instead',
  ],
  async run(ctx, options) {
    const [verb = 'list', name] = ctx.positionals;
    if (verb === 'list' && name !== undefined) throw new UsageError('outbox list: takes no message');
    if (verb === 'show' && name === undefined)
      throw new UsageError('outbox show: name the message (its Message-ID or file name)');
    const [
      outbox,
      { textSeal },
      { payloadKeyRing },
      { PayloadKeyError },
      { emit },
      { formatInstant, table },
    ] = await Promise.all([
      import('../../infra/mail/outbox.js'),
      import('../../infra/payload-codec.js'),
      import('../connection.js'),
      import('../../infra/payload-keys.js'),
      import('../cli-support.js'),
      import('../format.js'),
    ]);
    const config = await ctx.config();
    const dir = config.outboxDir;
    // The keys are looked for at the first sealed message: an empty or plain outbox is read without them.
    let seal: TextSeal | undefined;
    const sealOnce = () => (seal ??= textSeal(payloadKeyRing(config), outbox.OUTBOX_SEAL_PURPOSE));
    const read = (file: string) =>
      outbox.readOutboxMessage(dir, file, sealOnce).catch((error: unknown) => {
        if (error instanceof PayloadKeyError || error instanceof outbox.OutboxFileError) {
          throw new CliFailure(error.message);
        }
        throw error;
      });
    const files = await outbox.outboxFiles(dir);

    if (verb === 'show') {
      const file = outbox.findOutboxFile(files, name ?? '');
      if (!file) throw new CliFailure(`outbox show: no message "${name}" in ${dir}`);
      const message = await read(file);
      if (options.out) {
        const { writeFile } = await import('node:fs/promises');
        // The message in clear: the owner's alone, like the outbox it came from.
        await writeFile(options.out, message.raw, { mode: 0o600 });
        ctx.out(`Wrote ${file} in clear to ${options.out}`);
      } else {
        ctx.out(message.raw.toString('utf8').trimEnd());
      }
      return;
    }

    const rows = [];
    for (const file of files) {
      const message = await read(file);
      const summary = outbox.outboxSummary(message.raw);
      if (options.case !== undefined && summary.caseId !== options.case) continue;
      rows.push({ ...summary, file, sealed: message.sealed });
    }
    rows.sort((a, b) => a.at.localeCompare(b.at) || a.file.localeCompare(b.file));
    const human = rows.length
      ? table(
          ['WRITTEN FOR', 'CASE', 'PURPOSE', 'MESSAGE-ID'],
          rows.map((r) => [r.at ? formatInstant(r.at, ctx.tz) : '', r.caseId, r.purpose, r.messageId]),
        )
      : `No mail in ${dir}.`;
    emit(ctx, rows, human);
  },
});
