/**
 * What the activities need from the world, as interfaces: the mail transport, the ledger of sent messages,
 * the register, the logger. infra/ implements them; tests hand in real ones over a local SMTP server and a
 * database file, or faults where they want them.
 */
import type { OutgoingMail } from '../domain/mail/case-mail.js';
import type { RegisterEntry } from '../domain/register-entry.js';

/** The part of pino's logger the activities use; case facts never reach it, only IDs and states. */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  debug(object: object, message?: string): void;
  info(object: object | string, message?: string): void;
  warn(object: object | string, message?: string): void;
  error(object: object | string, message?: string): void;
}

export interface Delivery {
  transport: 'smtp' | 'outbox';
  /** The .eml file, for the outbox. */
  location?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<Delivery>;
  close(): void;
}

/** A permanent refusal (a 5xx reply): retrying cannot help, so the activity must not. */
export class MailRejectedError extends Error {
  override name = 'MailRejected';
}

/**
 * Which messages have left. Checked before every send and written right after the mail server accepts, so an
 * activity retried after a successful send finds its message here and does not send it again. Kept in the
 * register database, shared by every worker of a deployment.
 */
export interface SentRecord {
  messageId: string;
  caseId: string;
  purpose: string;
  deliveredAt: string;
  transport: 'smtp' | 'outbox';
}

export interface SentLedger {
  lookup(messageId: string): Promise<SentRecord | undefined>;
  record(entry: SentRecord): Promise<void>;
}

export interface RegisterRow {
  caseId: string;
  revision: number;
  status: string;
  risk: string;
  awareAt: string;
  authorityDueAt: string;
  openedAt: string;
  closedAt: string | null;
  notifiedAt: string | null;
  late: boolean;
  entry: RegisterEntry;
  entrySha256: string;
}

export interface RegisterStore {
  record(entry: RegisterEntry, revision: number): Promise<'written' | 'unchanged'>;
  get(caseId: string): Promise<RegisterRow | undefined>;
  list(filter?: { from?: string; to?: string }): Promise<RegisterRow[]>;
}
