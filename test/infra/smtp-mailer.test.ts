/**
 * The SMTP mailer against a real SMTP server that stalls: every send ends by itself within its bounds (and so
 * within the mail activity's timeouts), a cancelled send stops at once, and a message the server never
 * acknowledged is reported as handed over or not, which decides whether the server may hold a copy.
 */
import { msToNumber } from '@temporalio/common/lib/time.js';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor, type OutgoingMail } from '../../domain/mail/case-mail.js';
import { createSmtpMailer, MailSendError, SMTP_TIMEOUTS } from '../../infra/mail/mailer.js';
import { MAIL_ACTIVITY_OPTIONS } from '../../workflows/send-mail.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const mail: OutgoingMail = {
  messageId: messageIdFor('BR-MAILER-1', 'authority-reminder-24h', 'b1'),
  caseId: 'BR-MAILER-1',
  breachId: 'b1',
  purpose: 'authority-reminder-24h',
  to: ['dpo@example.test'],
  cc: [],
  subject: 'Reminder',
  text: 'The notice is due.',
  date: '2026-11-02T10:00:00.000Z',
};

let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await smtp?.stop();
});

/** How long `promise` takes to settle, and how. */
async function timed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: Date.now() - started, error };
}

describe('the SMTP mailer', () => {
  it('ends every attempt well within the mail activity timeouts', () => {
    const startToClose = msToNumber(MAIL_ACTIVITY_OPTIONS.startToCloseTimeout);
    expect(SMTP_TIMEOUTS.sendTimeout).toBeLessThanOrEqual(startToClose / 2);
    for (const bound of [
      SMTP_TIMEOUTS.connectionTimeout,
      SMTP_TIMEOUTS.greetingTimeout,
      SMTP_TIMEOUTS.socketTimeout,
    ]) {
      expect(bound).toBeLessThanOrEqual(SMTP_TIMEOUTS.sendTimeout);
    }
    expect(msToNumber(MAIL_ACTIVITY_OPTIONS.heartbeatTimeout)).toBeLessThan(startToClose);
  });

  it('gives up on a server that stalls its reply, which then keeps nothing', async () => {
    smtp = await startSmtpServer();
    smtp.faults.stall = { ms: 4_000, times: 1 };
    const mailer = createSmtpMailer(smtp.url, 'clock@example.test', {
      socketTimeout: 10_000,
      sendTimeout: 800,
    });
    const { ms, error } = await timed(mailer.send(mail));
    expect(error).toBeInstanceOf(MailSendError);
    // All of it had gone out: the server might have accepted it, so a retry must assume it may hold a copy.
    expect((error as MailSendError).handedOver).toBe(true);
    expect(ms).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(smtp.received).toEqual([]);
    expect(smtp.transfers).toEqual([mail.messageId]);
  });

  it('stops at once when cancelled, before anything was handed over', async () => {
    smtp = await startSmtpServer();
    await smtp.down();
    // Nothing listens, but the connection attempt is made to a port that accepts and never greets.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'clock@example.test');
      const abort = new AbortController();
      setTimeout(() => abort.abort(new Error('cancelled')), 200);
      const { ms, error } = await timed(mailer.send(mail, { signal: abort.signal }));
      expect(error).toBeInstanceOf(MailSendError);
      expect((error as MailSendError).handedOver).toBe(false);
      expect(ms).toBeLessThan(1_500);
    } finally {
      silent.close();
    }
  });
});
