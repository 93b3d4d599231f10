import { ApplicationFailure } from '@temporalio/activity';
import type { OutgoingMail } from '../domain/mail/case-mail.js';
import type { Logger } from './ports.js';
import { MailRejectedError, type Mailer } from './ports.js';
import type { SentLedger } from './ports.js';

export interface SendResult {
  messageId: string;
  deliveredAt: string;
  transport: 'smtp' | 'outbox';
  /** True when an earlier attempt had already delivered it: nothing was sent this time. */
  alreadySent: boolean;
}

export function sendMailActivity(deps: { mailer: Mailer; ledger: SentLedger; logger: Logger }) {
  return async function sendMail(mail: OutgoingMail): Promise<SendResult> {
    // Case, purpose and Message-ID only: addresses and contents are personal data and stay out of logs.
    const log = deps.logger.child({ caseId: mail.caseId, purpose: mail.purpose, messageId: mail.messageId });
    const prior = await deps.ledger.lookup(mail.messageId);
    if (prior) {
      log.info('message already delivered by an earlier attempt; not sending again');
      return {
        messageId: prior.messageId,
        deliveredAt: prior.deliveredAt,
        transport: prior.transport,
        alreadySent: true,
      };
    }
    if (mail.to.length === 0) {
      throw ApplicationFailure.nonRetryable(`message ${mail.purpose} has no recipients`, 'MailRejected');
    }
    let delivery;
    try {
      delivery = await deps.mailer.send(mail);
    } catch (error) {
      if (error instanceof MailRejectedError)
        throw ApplicationFailure.nonRetryable(error.message, 'MailRejected');
      log.warn({ reason: (error as Error).message }, 'mail delivery failed; the activity will retry');
      throw error;
    }
    const deliveredAt = new Date().toISOString();
    await deps.ledger.record({
      messageId: mail.messageId,
      caseId: mail.caseId,
      purpose: mail.purpose,
      deliveredAt,
      transport: delivery.transport,
    });
    log.info({ transport: delivery.transport }, 'message delivered');
    return { messageId: mail.messageId, deliveredAt, transport: delivery.transport, alreadySent: false };
  };
}
