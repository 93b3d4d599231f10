/**
 * Sends one message as close to exactly once as SMTP allows. The message is reserved in the ledger before it
 * is handed to the mail server and its outcome recorded after, the attempt heartbeats while it talks to the
 * server and stops at once when cancelled, and the transport's own timeouts end every attempt before the
 * activity's, so no two attempts ever talk to a server about the same message at the same time.
 *
 * What remains is SMTP's own gap: a server that accepted the message and whose acknowledgement never arrived
 * (connection lost after the end of the data). The sender cannot tell that from a server that never took it.
 * The retry sends again, deliberately: a legal reminder that may arrive twice, with the same Message-ID so mail
 * clients can fold the copies, is better than one that may never arrive. The ledger counts such attempts.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { OutgoingMail } from '../domain/mail/case-mail.js';
import { MESSAGE_SEND_LIMIT_MS } from '../domain/mail/outgoing-mail.js';
import type { Logger } from './ports.js';
import { MailRejectedError, MailSendError, type Mailer } from './ports.js';
import type { SentLedger } from './ports.js';

export interface SendResult {
  messageId: string;
  /** When the mail server accepted it (or the outbox got it): the message's delivery time. */
  deliveredAt: string;
  transport: 'smtp' | 'outbox';
  /** True when an earlier attempt had already delivered it: nothing was sent this time. */
  alreadySent: boolean;
  /**
   * Earlier attempts that handed the whole message over and got no acknowledgement: each may have left a copy
   * at the server besides the one delivered.
   */
  possibleCopies: number;
}

/** Often enough that a cancellation reaches a stalled send within seconds. */
const HEARTBEAT_EVERY_MS = 2_000;

type MailDeps = { mailer: Mailer; ledger: SentLedger; logger: Logger };

export function sendMailActivity(deps: MailDeps) {
  return async function sendMail(mail: OutgoingMail): Promise<SendResult> {
    return sendOne(deps, mail);
  };
}

/** What became of one message of a batch. */
export type BatchOutcome =
  | { result: SendResult }
  /** Refused by the mail server: final, not tried again. */
  | { refused: string }
  /** Not attempted in this batch: an earlier message met a fault that a later attempt may not. */
  | { unsent: string };

/**
 * Sends the messages a case has due at one instant, one after the other, in one activity: one scheduled task
 * and three history events for them all instead of for each. Each message keeps its own ledger entry, so a
 * message delivered by an earlier attempt is never sent again. A refusal is that message's outcome, and the
 * others still go. A fault that a retry may mend (the server unreachable) fails the activity, to be retried
 * with its backoff, while nothing of the batch has gone out yet; after that, the batch returns what it
 * delivered and names the rest unsent, for the case to send again, so that no refusal is ever tried twice. A
 * cancellation (the case stopping the batch for a message a newer one overtook) does the same: the case learns
 * what went out before it.
 */
export function sendMailsActivity(deps: MailDeps) {
  return async function sendMails(mails: OutgoingMail[]): Promise<BatchOutcome[]> {
    const { cancellationSignal } = Context.current();
    const outcomes: BatchOutcome[] = [];
    const unsentFrom = (index: number, reason: string) => {
      for (let rest = index; rest < mails.length; rest += 1) outcomes.push({ unsent: reason });
    };
    for (const [index, mail] of mails.entries()) {
      if (cancellationSignal.aborted) {
        if (outcomes.length === 0) throw cancellationSignal.reason;
        unsentFrom(index, 'the case stopped the batch');
        break;
      }
      try {
        outcomes.push({ result: await sendOne(deps, mail) });
      } catch (error) {
        if (error instanceof ApplicationFailure && error.type === 'MailRejected') {
          outcomes.push({ refused: error.message });
          continue;
        }
        if (outcomes.length === 0) throw error;
        unsentFrom(
          index,
          cancellationSignal.aborted ? 'the case stopped the batch' : (error as Error).message,
        );
        break;
      }
    }
    return outcomes;
  };
}

async function sendOne(deps: MailDeps, mail: OutgoingMail): Promise<SendResult> {
  const context = Context.current();
  const { attempt, startToCloseTimeoutMs } = context.info;
  // Case, purpose and Message-ID only: addresses and contents are personal data and stay out of logs.
  const log = deps.logger.child({
    caseId: mail.caseId,
    purpose: mail.purpose,
    messageId: mail.messageId,
    attempt,
  });
  if (mail.to.length === 0) {
    throw ApplicationFailure.nonRetryable(`message ${mail.purpose} has no recipients`, 'MailRejected');
  }
  const now = Date.now();
  const reservation = await deps.ledger.reserve({
    messageId: mail.messageId,
    caseId: mail.caseId,
    ...(mail.breachId === undefined ? {} : { breachId: mail.breachId }),
    purpose: mail.purpose,
    attempt,
    at: new Date(now).toISOString(),
    // No attempt talks to the server about this message past its own limit (the transport gives up on a send
    // well before), also within a batch whose attempt may run for as long as its messages one by one: the
    // attempt after a worker that died mid-batch takes the message over once that limit has passed.
    leaseUntil: new Date(now + Math.min(startToCloseTimeoutMs, MESSAGE_SEND_LIMIT_MS)).toISOString(),
  });
  if (reservation.kind === 'delivered') {
    log.info('message already delivered by an earlier attempt; not sending again');
    const { record } = reservation;
    return {
      messageId: record.messageId,
      deliveredAt: record.deliveredAt,
      transport: record.transport,
      alreadySent: true,
      possibleCopies: await deps.ledger.unknownOutcomes(mail.messageId),
    };
  }
  if (reservation.kind === 'busy') {
    // Another attempt may still be talking to the server: sending now could make a second copy.
    throw ApplicationFailure.retryable(
      `attempt ${reservation.attempt} may still be sending ${mail.purpose} (until ${reservation.leaseUntil})`,
      'MailSendInProgress',
    );
  }
  if (reservation.earlier && reservation.earlier.outcome !== 'failed') {
    log.warn(
      { earlierAttempt: reservation.earlier.attempt, outcome: reservation.earlier.outcome },
      'an earlier attempt may have delivered this message without an acknowledgement; sending again',
    );
  }

  const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  let delivery;
  try {
    context.heartbeat();
    delivery = await deps.mailer.send(mail, { signal: context.cancellationSignal });
  } catch (error) {
    // A refusal is final and leaves nothing at the server; an error of unknown kind is counted as a possible copy.
    const handedOver =
      error instanceof MailSendError ? error.handedOver : !(error instanceof MailRejectedError);
    await deps.ledger.failed(mail.messageId, attempt, { handedOver, reason: (error as Error).message });
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    if (error instanceof MailRejectedError)
      throw ApplicationFailure.nonRetryable(error.message, 'MailRejected');
    log.warn(
      { reason: (error as Error).message, handedOver },
      'mail delivery failed; the activity will retry',
    );
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  const deliveredAt = new Date().toISOString();
  await deps.ledger.delivered(
    {
      messageId: mail.messageId,
      caseId: mail.caseId,
      ...(mail.breachId === undefined ? {} : { breachId: mail.breachId }),
      purpose: mail.purpose,
      deliveredAt,
      transport: delivery.transport,
    },
    attempt,
  );
  log.info({ transport: delivery.transport }, 'message delivered');
  return {
    messageId: mail.messageId,
    deliveredAt,
    transport: delivery.transport,
    alreadySent: false,
    possibleCopies: await deps.ledger.unknownOutcomes(mail.messageId),
  };
}
