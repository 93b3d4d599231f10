/**
 * The breach register's database: a SQLite file in the data folder by default, PostgreSQL when DATABASE_URL
 * says so. One Kysely query layer and one set of migrations serve both.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './database-target.js';
import { migrations } from './migrations.js';

export { databaseTarget, type DatabaseTarget } from './database-target.js';

export interface RegisterTable {
  case_id: string;
  /** NULL for breaches opened before breaches had an identity. */
  breach_id: string | null;
  revision: number;
  status: string;
  risk: string;
  controller: string;
  lead_authority: string;
  aware_at: string;
  authority_due_at: string;
  opened_at: string;
  closed_at: string | null;
  notified_at: string | null;
  late: number;
  entry_json: string;
  entry_sha256: string;
  updated_at: string;
}

export interface SentMessagesTable {
  message_id: string;
  case_id: string;
  breach_id: string | null;
  purpose: string;
  transport: string;
  delivered_at: string;
}

/**
 * One message on its way: reserved by the attempt that hands it to the mail server. `sending` while an attempt
 * holds it (until `lease_until`, after which that attempt is surely over), `failed` when the attempt saw the
 * server refuse or drop it before the whole message was handed over, `unknown` when the whole message went
 * out and no acknowledgement came back (the server may or may not have accepted it), `delivered` once it did.
 */
export interface MailReservationsTable {
  message_id: string;
  case_id: string;
  breach_id: string | null;
  purpose: string;
  state: 'sending' | 'failed' | 'unknown' | 'delivered';
  attempt: number;
  reserved_at: string;
  lease_until: string;
  /** Attempts whose outcome stayed unknown: each may have left a copy at the server. */
  unknown_outcomes: number;
  last_error: string | null;
}

export interface RegisterSchema {
  breach_register: RegisterTable;
  sent_messages: SentMessagesTable;
  mail_reservations: MailReservationsTable;
}

export type RegisterDb = Kysely<RegisterSchema>;

/** The register must already exist: reading one that does not is a mistake, never an empty register. */
export class MissingRegisterError extends Error {
  override name = 'MissingRegisterError';
}

/**
 * Opens the register. `existing: true` (for readers such as the export) refuses a SQLite file that is not
 * there, naming its path, instead of creating an empty register and reporting no breaches.
 */
export function openDatabase(target: DatabaseTarget, options: { existing?: boolean } = {}): RegisterDb {
  if (target.kind === 'postgres') {
    return new Kysely<RegisterSchema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.location, max: 5 }) }),
    });
  }
  if (options.existing && !existsSync(target.location)) {
    throw new MissingRegisterError(
      `no register at ${target.location}: is BREACH_CLOCK_DATA_DIR (or DATABASE_URL) the engine's?`,
    );
  }
  mkdirSync(dirname(target.location), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(target.location, options.existing ? { fileMustExist: true } : {});
  // WAL lets the CLI read the register while the worker writes it; a busy timeout rides out their overlap.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<RegisterSchema>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
}

/** More distinct statements than the register and the mail ledger use; past it the cache starts over. */
const STATEMENT_CACHE_LIMIT = 64;

/**
 * Kysely prepares every query anew, and SQLite's prepare costs the worker more than the write it prepares: a
 * register write or a mail's ledger step is one of a few statements, each kept prepared here and run again with
 * new parameters. Safe because nothing streams (a statement being iterated could not be run again meanwhile).
 */
function reusingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const prepared = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = prepared.get(sql);
      if (!statement) {
        if (prepared.size >= STATEMENT_CACHE_LIMIT) prepared.clear();
        statement = sqlite.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    },
  };
}

export async function migrateToLatest(db: RegisterDb): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `register migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? ''}`,
    );
  }
}
