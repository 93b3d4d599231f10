import type { Kysely, Migration } from 'kysely';

/** Append-only: a released migration is never edited, a change is a new entry. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-001-register': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('breach_register')
        .addColumn('case_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('risk', 'varchar(16)', (c) => c.notNull())
        .addColumn('controller', 'text', (c) => c.notNull())
        .addColumn('lead_authority', 'text', (c) => c.notNull())
        .addColumn('aware_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('authority_due_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('opened_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('closed_at', 'varchar(32)')
        .addColumn('notified_at', 'varchar(32)')
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('entry_json', 'text', (c) => c.notNull())
        .addColumn('entry_sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('breach_register_opened_at')
        .on('breach_register')
        .column('opened_at')
        .execute();
      await db.schema
        .createTable('sent_messages')
        .addColumn('message_id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('case_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('purpose', 'varchar(128)', (c) => c.notNull())
        .addColumn('transport', 'varchar(16)', (c) => c.notNull())
        .addColumn('delivered_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sent_messages').execute();
      await db.schema.dropTable('breach_register').execute();
    },
  },
};
