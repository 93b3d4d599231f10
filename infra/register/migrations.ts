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
  // Each breach has an identity minted when it opens; the register keys a case ID to one breach for good.
  // Rows written before have none (NULL) and stay with the breach that wrote them.
  '2026-12-01-001-breach-identity': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('breach_register').addColumn('breach_id', 'varchar(64)').execute();
      await db.schema.alterTable('sent_messages').addColumn('breach_id', 'varchar(64)').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('sent_messages').dropColumn('breach_id').execute();
      await db.schema.alterTable('breach_register').dropColumn('breach_id').execute();
    },
  },
  // A message is reserved before it is handed to the mail server, so two attempts never send it at once and a
  // retry knows what the attempt before it saw. `sent_messages` keeps only what was delivered.
  '2026-12-01-002-mail-reservations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mail_reservations')
        .addColumn('message_id', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('case_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('breach_id', 'varchar(64)')
        .addColumn('purpose', 'varchar(128)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('reserved_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('lease_until', 'varchar(32)', (c) => c.notNull())
        .addColumn('unknown_outcomes', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mail_reservations').execute();
    },
  },
};
