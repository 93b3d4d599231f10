import { ActivityCancellationType, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { BatchOutcome } from '../activities/send-mail.js';
import type { OutgoingMail } from '../domain/mail/case-mail.js';
import { MESSAGE_SEND_LIMIT_MS } from '../domain/mail/outgoing-mail.js';

/**
 * Every workflow's mail goes through this one policy: retried until delivered, never when refused. The
 * timeouts are longer than the transport's own (infra/mail/mailer.ts caps a whole SMTP send at 60 s), so an
 * attempt always ends by itself before the server gives up on it and starts the next: a slow server never
 * talks to two attempts at once. The heartbeat carries a cancellation to a send in progress within seconds.
 */
export const MAIL_ACTIVITY_OPTIONS = {
  startToCloseTimeout: MESSAGE_SEND_LIMIT_MS,
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    // A mail server that is down for hours still gets every message, at most ten minutes after it is back.
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['MailRejected'],
  },
} satisfies ActivityOptions;

export const { sendMail } = proxyActivities<Activities>(MAIL_ACTIVITY_OPTIONS);

/**
 * The case's own messages, which a newer message of their series may overtake while a mail outage holds them
 * back. Cancelling one waits for the attempt to finish, so the case learns whether it went out after all; a
 * batch's running attempt says which of its messages it delivered by then, so the case never records as
 * dropped a message that went out.
 */
const CASE_MAIL_OPTIONS = {
  ...MAIL_ACTIVITY_OPTIONS,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
} satisfies ActivityOptions;

export const { sendMail: sendCaseMail } = proxyActivities<Activities>(CASE_MAIL_OPTIONS);

/**
 * Messages due at one instant, sent in one activity (activities/send-mail.ts, sendMails) with the same policy.
 * Its attempt may take as long as the messages would one by one.
 */
export function sendMailBatch(mails: OutgoingMail[]): Promise<BatchOutcome[]> {
  const { sendMails } = proxyActivities<Activities>({
    ...CASE_MAIL_OPTIONS,
    startToCloseTimeout: MESSAGE_SEND_LIMIT_MS * mails.length,
  });
  return sendMails(mails);
}
