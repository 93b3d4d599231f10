/**
 * Which messages have left. Checked before every send and written right after the mail server accepts, so an
 * activity retried after a successful send finds its message here and does not send it again. Kept in the
 * register database (see register/register-store.ts), shared by every worker of a deployment.
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
