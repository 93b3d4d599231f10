/**
 * The JSON Schema of case files, generated from the zod schema that validates them, so what an editor checks
 * while a DPO types can never drift from what `breach open` accepts. The checked-in copy
 * (schema/case-file.schema.json, `npm run schema`) is what the examples' `yaml-language-server` lines point at.
 */
import { z } from 'zod';
import { caseFileSchema } from '../domain/case-file-schema.js';

/**
 * The schema of what a DPO writes, not of what the engine keeps: `io: 'input'` shows defaulted fields as
 * optional with their `default`, and `schedule.authorityReminderHours` as the array it reads (its transform only
 * sorts). draft-07 because it is the draft editors' YAML and JSON language servers support best.
 */
export function caseFileJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(caseFileSchema, { io: 'input', target: 'draft-07' });
  return {
    $schema,
    title: 'breach-clock case file',
    description:
      'A personal-data breach as a DPO opens it with "breach open". Times need an offset (Z or +01:00).',
    ...rest,
  };
}

/** The text of schema/case-file.schema.json, byte for byte. */
export function caseFileJsonSchemaText(): string {
  return `${JSON.stringify(caseFileJsonSchema(), null, 2)}\n`;
}
