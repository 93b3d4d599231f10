/** `breach notice`: the Art. 33(3) notice or the Art. 34(2) letter, rendered by the case from its current facts. */
import { emit } from '../cli-support.js';
import { CASE_ID, defineCommand } from '../command-schema.js';

export const command = defineCommand({
  positionals: [CASE_ID],
  options: {
    subjects: { type: 'boolean', description: 'the letter to the data subjects instead of the notice' },
    out: { type: 'string', value: 'FILE', description: 'write it to FILE and print its SHA-256' },
  },
  async run(ctx, options) {
    const { caseIdArg, queryCase } = await import('../case-support.js');
    const { documentsQuery } = await import('../../contract/messages.js');
    const documents = await queryCase(ctx, caseIdArg(ctx), documentsQuery);
    const text = options.subjects ? documents.subjectsLetter : documents.authorityNotice;
    if (options.out) {
      const [{ writeFile }, { createHash }] = await Promise.all([
        import('node:fs/promises'),
        import('node:crypto'),
      ]);
      await writeFile(options.out, text);
      const sha256 = createHash('sha256').update(text).digest('hex');
      emit(ctx, { file: options.out, sha256 }, `Wrote ${options.out} (SHA-256 ${sha256})`);
    } else {
      emit(ctx, { document: text }, text.trimEnd());
    }
  },
});
