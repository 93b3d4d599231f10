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
  /** Aborting `signal` tears the connection down; a message not yet handed over is then never accepted. */
  send(mail: OutgoingMail, options?: { signal?: AbortSignal }): Promise<Delivery>;
  close(): void;
}

/**
 * A delivery that failed, and whether the whole message had been handed to the server before it did: if not,
 * the server cannot have accepted it; if so, it may have, and only its acknowledgement is missing.
 */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly handedOver: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A permanent refusal (a 5xx reply): retrying cannot help, so the activity must not. */
export class MailRejectedError extends Error {
  override name = 'MailRejected';
}

/**
 * Which messages have left, and which are on their way. An attempt reserves a message before handing it to the
 * mail server and records the outcome after, so two attempts never send it at the same time, an attempt retried
 * after a delivery finds it delivered, and a retry knows whether the attempt before it may have left a copy.
 * Kept in the register database, shared by every worker of a deployment.
 */
export interface SentRecord {
  messageId: string;
  caseId: string;
  /** The breach the message belongs to; absent for breaches opened before they had an identity. */
  breachId?: string;
  purpose: string;
  deliveredAt: string;
  transport: 'smtp' | 'outbox';
}

export interface MailReservationRequest {
  messageId: string;
  caseId: string;
  breachId?: string;
  purpose: string;
  /** The activity attempt reserving it. */
  attempt: number;
  /** The instant the reservation is taken. */
  at: string;
  /** Until when this attempt may still be sending: its start-to-close timeout from `at`. */
  leaseUntil: string;
}

export type MailReservation =
  /** This attempt holds the message. `earlier` tells what the attempt before it left behind, if anything. */
  | { kind: 'reserved'; earlier?: { attempt: number; outcome: 'failed' | 'unknown' | 'abandoned' } }
  /** Delivered by an earlier attempt: nothing is to be sent. */
  | { kind: 'delivered'; record: SentRecord }
  /** Another attempt holds it and may still be sending (its lease has not run out). */
  | { kind: 'busy'; attempt: number; leaseUntil: string };

export interface SentLedger {
  lookup(messageId: string): Promise<SentRecord | undefined>;
  reserve(request: MailReservationRequest): Promise<MailReservation>;
  /** The mail server accepted it. */
  delivered(entry: SentRecord, attempt: number): Promise<void>;
  /**
   * The attempt failed. `handedOver` says the whole message had gone out, so the server may have accepted it
   * even though no acknowledgement came back.
   */
  failed(messageId: string, attempt: number, outcome: { handedOver: boolean; reason: string }): Promise<void>;
  /** Attempts whose outcome stayed unknown for this message: copies that may have arrived besides the one. */
  unknownOutcomes(messageId: string): Promise<number>;
}

/** A register write for a case ID the register holds for another breach: the case ID cannot be reused. */
export class CaseIdInUseError extends Error {
  override name = 'CaseIdInUse';
}

export interface RegisterRow {
  caseId: string;
  /** The breach that holds the case ID; absent for breaches opened before they had an identity. */
  breachId?: string;
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
  /** Throws {@link CaseIdInUseError} when the register holds the entry's case ID for a different breach. */
  record(entry: RegisterEntry, revision: number): Promise<'written' | 'unchanged'>;
  get(caseId: string): Promise<RegisterRow | undefined>;
  list(filter?: { from?: string; to?: string }): Promise<RegisterRow[]>;
}
