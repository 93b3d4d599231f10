/**
 * `breach register export`: the Art. 33(5) register, every breach notified or not, read from the register
 * database alone, so it still works once Temporal has deleted old workflow histories.
 */
import { CliFailure } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'export the breach register (every breach, notified or not) from the database',
  group: 'documents',
  positionals: [{ name: 'export', choices: ['export'] }],
  options: {
    format: {
      type: 'string',
      choices: ['csv', 'json'],
      description: 'csv (default) or json (default with --json)',
    },
    from: { type: 'instant', description: 'only cases opened at or after T' },
    to: { type: 'instant', description: 'only cases opened before T' },
    out: { type: 'string', value: 'FILE', description: 'write it to FILE' },
  },
  notes: [
    'reads only the register database and the payload keys its entries are sealed with: it works after workflow',
    'histories are gone',
  ],
  async run(ctx, options) {
    const format = options.format ?? (ctx.json ? 'json' : 'csv');
    const [
      { MissingRegisterError, openDatabase },
      { createRegisterStore, registerCoding },
      { registerCsv },
      { payloadKeyRing },
      { PayloadKeyError },
    ] = await Promise.all([
      import('../../infra/register/database.js'),
      import('../../infra/register/register-store.js'),
      import('../register-csv.js'),
      import('../connection.js'),
      import('../../infra/payload-keys.js'),
    ]);
    const config = await ctx.config();
    const target = config.database;
    let db;
    try {
      // Read only: an export never creates or migrates a register, so a wrong folder is named, not exported empty.
      db = openDatabase(target, { existing: true });
    } catch (error) {
      if (error instanceof MissingRegisterError) throw new CliFailure(error.message);
      throw error;
    }
    try {
      // The entries are sealed with the payload keys; read-only, so whether new ones would be does not matter.
      const store = createRegisterStore(db, registerCoding(payloadKeyRing(config), false));
      const rows = await store
        .list({
          ...(options.from ? { from: new Date(options.from).toISOString() } : {}),
          ...(options.to ? { to: new Date(options.to).toISOString() } : {}),
        })
        .catch((error: unknown) => {
          throw error instanceof PayloadKeyError ? new CliFailure(error.message) : error;
        });
      const text =
        format === 'json'
          ? JSON.stringify(
              rows.map((r) => r.entry),
              null,
              2,
            )
          : registerCsv(rows);
      if (options.out) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(options.out, text);
        ctx.out(`Wrote ${rows.length} register entries to ${options.out}`);
      } else {
        ctx.out(text.trimEnd());
      }
    } finally {
      await db.destroy();
    }
  },
});
