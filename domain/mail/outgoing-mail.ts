/**
 * An e-mail as the workflows hand it to the mail activity, and its deterministic Message-ID. Kept apart from the
 * case's messages (case-mail.ts) so that a processor's chase, which sends its own, loads nothing of the case's.
 */
export interface OutgoingMail {
  messageId: string;
  caseId: string;
  purpose: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** The workflow instant the message was sent at; it becomes the Date header. */
  date: string;
  /** The legal instant the message stands for (a reminder's due time), when it has one. */
  dueAt?: string;
  /** The breach the message belongs to (absent for breaches opened before they had an identity). */
  breachId?: string;
}

export const MAIL_DOMAIN = 'breach-clock.invalid';

/**
 * The most one message's send may take, longer than the transport's own limit (infra/mail/mailer.ts gives up
 * on a whole SMTP send at 60 s): the mail activity's timeout for a message alone and a batch's per message, and
 * how long an attempt holds a message in the ledger before another may take it over.
 */
export const MESSAGE_SEND_LIMIT_MS = 2 * 60_000;

/**
 * The Message-ID of one logical message. With the breach's identity in it, a breach that reuses an old case ID
 * (after Temporal deleted the old history) can never find its messages already "delivered" in the ledger.
 */
export function messageIdFor(caseId: string, purpose: string, breachId?: string): string {
  return breachId === undefined
    ? `<${caseId}.${purpose}@${MAIL_DOMAIN}>`
    : `<${caseId}.${purpose}.${breachId}@${MAIL_DOMAIN}>`;
}

export function unique(addresses: string[]): string[] {
  return [...new Set(addresses)];
}
