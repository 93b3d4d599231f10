/**
 * Delivery of one message. With an SMTP URL it goes over SMTP; without, it is written as an .eml file to an
 * outbox folder, the embedded default a newcomer can open in any mail client.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../domain/mail/case-mail.js';
import { MailRejectedError, type Delivery, type Mailer } from '../../activities/ports.js';

export { MailRejectedError, type Delivery, type Mailer };

function envelope(mail: OutgoingMail, from: string): SendMailOptions {
  return {
    from,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text,
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

export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      try {
        await transport.sendMail(envelope(mail, from));
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code && code >= 500) throw new MailRejectedError(`SMTP server refused the message (${code})`);
        throw error;
      }
      return { transport: 'smtp' };
    },
    close: () => transport.close(),
  };
}

/** File name from the Message-ID: stable, so a second write of the same message finds the first. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

export function createOutboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      // Mail holds personal data: the owner's alone, whatever the umask of the process that sends it.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const info = await transport.sendMail(envelope(mail, from));
      const location = join(dir, outboxFileName(mail.messageId));
      try {
        await writeFile(location, info.message as Buffer, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      return { transport: 'outbox', location };
    },
    close: () => transport.close(),
  };
}
