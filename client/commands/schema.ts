/** `breach schema`: the JSON Schema of case files (case-file-json-schema.ts), for editors and other tools. */
import { defineCommand } from '../command-schema.js';

// Kept while test/domain/strict-input.test.ts imports them from here; they live in case-file-json-schema.ts.
export { caseFileJsonSchema, caseFileJsonSchemaText } from '../case-file-json-schema.js';

export const command = defineCommand({
  summary: 'print the JSON Schema of case files, for editors and other tools',
  group: 'engine',
  options: {
    out: {
      type: 'string',
      value: 'FILE',
      description: 'write it to FILE (npm run schema refreshes schema/case-file.schema.json)',
    },
  },
  async run(ctx, options) {
    const { caseFileJsonSchemaText } = await import('../case-file-json-schema.js');
    if (options.out) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(options.out, caseFileJsonSchemaText());
    } else ctx.out(caseFileJsonSchemaText().trimEnd());
  },
});
