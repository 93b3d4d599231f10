/**
 * Delivery of one message over SMTP, and the message as composed for it. Without an SMTP URL, mail goes to the
 * outbox folder instead (outbox.ts).
 */
import { Readable } from 'node:stream';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../domain/mail/case-mail.js';
import { escapeHtml } from '../../domain/documents/html.js';
import { MailRejectedError, MailSendError, type Delivery, type Mailer } from '../../activities/ports.js';

export { MailRejectedError, MailSendError, type Delivery, type Mailer };

/**
 * How long one SMTP delivery may take, in milliseconds. Every bound is explicit and the whole send is capped,
 * so an attempt always ends by itself well within the mail activity's start-to-close timeout
 * (workflows/send-mail.ts): a server slower than that can never be talking to two attempts at once.
 */
export interface SmtpTimeouts {
  /** Establishing the TCP connection (nodemailer's default: 2 minutes). */
  connectionTimeout: number;
  /** Waiting for the server's greeting (default 30 s). */
  greetingTimeout: number;
  /** Silence on the connection at any later step, such as the reply to the message (default 10 minutes). */
  socketTimeout: number;
  /** The whole delivery, however the time is spent. */
  sendTimeout: number;
}

export const SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionTimeout: 10_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
  sendTimeout: 60_000,
};

/** Who mail comes from, and where answers go (a shared privacy mailbox rather than the engine's address). */
export interface Sender {
  from: string;
  replyTo?: string;
}

/**
 * The text as an HTML part beside it, for mail clients that show HTML: the same words escaped, paragraphs and
 * line breaks kept, links left as text (a reminder's links are commands, not web pages).
 */
export function htmlOf(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">\n${paragraphs}\n</body></html>\n`;
}

export function envelope(mail: OutgoingMail, sender: Sender): SendMailOptions {
  return {
    from: sender.from,
    ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text,
    html: htmlOf(mail.text),
    messageId: mail.messageId,
    date: new Date(mail.date),
    headers: {
      'X-Breach-Clock-Case': mail.caseId,
      'X-Breach-Clock-Purpose': mail.purpose,
      // Date headers carry whole seconds; this keeps the workflow instant exact for audits and tests.
      'X-Breach-Clock-Instant': mail.date,
      ...(mail.dueAt ? { 'X-Breach-Clock-Due': mail.dueAt } : {}),
    },
  };
}

/** The message as the server will receive it: composed once, so what is sent is known byte for byte. */
async function compose(mail: OutgoingMail, sender: Sender): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail(envelope(mail, sender));
  return info.message as Buffer;
}

export function createSmtpMailer(
  url: string,
  sender: string | Sender,
  timeouts: Partial<SmtpTimeouts> = {},
): Mailer {
  const from = typeof sender === 'string' ? { from: sender } : sender;
  const limits = { ...SMTP_TIMEOUTS, ...timeouts };
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: limits.connectionTimeout,
    greetingTimeout: limits.greetingTimeout,
    socketTimeout: limits.socketTimeout,
  });
  return {
    async send(mail, options = {}) {
      const raw = await compose(mail, from);
      // The message counts as handed over once the server has read all of it: only then can it accept it
      // (the end-of-data mark follows the last byte). Before, a failure means it was certainly not accepted.
      let handedOver = false;
      const body = Readable.from([raw]).once('end', () => {
        handedOver = true;
      });
      const signals = [AbortSignal.timeout(limits.sendTimeout), ...(options.signal ? [options.signal] : [])];
      const data: SendMailOptions & { signal: AbortSignal } = {
        envelope: { from: from.from, to: [...mail.to, ...mail.cc] },
        raw: body,
        // Aborting closes the connection: a cancelled or overlong send stops talking to the server at once.
        signal: AbortSignal.any(signals),
      };
      try {
        await transport.sendMail(data);
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code && code >= 500) throw new MailRejectedError(`SMTP server refused the message (${code})`);
        throw new MailSendError((error as Error).message, handedOver, { cause: error });
      }
      return { transport: 'smtp' };
    },
    close: () => transport.close(),
  };
}
