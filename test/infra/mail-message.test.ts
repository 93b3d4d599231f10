/**
 * A message as a mail client receives it over SMTP: From and Reply-To as configured, a text part and an HTML
 * part with the same words, the case's text escaped in the HTML.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor, type OutgoingMail } from '../../domain/mail/case-mail.js';
import { loadEngineConfig } from '../../infra/config.js';
import { createSmtpMailer } from '../../infra/mail/mailer.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const mail: OutgoingMail = {
  messageId: messageIdFor('BR-MSG-1', 'case-opened', 'b1'),
  caseId: 'BR-MSG-1',
  breachId: 'b1',
  purpose: 'case-opened',
  to: ['dpo@example.test'],
  cc: ['ciso@example.test'],
  subject: '[BR-MSG-1] Breach case opened',
  text: 'Controller: Evil <b>Corp</b> & Co\nAware since: 20 November 2026 10:00 Europe/Berlin (09:00 UTC)\n\nTo do:',
  date: '2026-11-20T09:05:00.000Z',
};

let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await smtp?.stop();
});

describe('a delivered message', () => {
  it('comes from the configured sender, answers go to Reply-To, and it has a text and an HTML part', async () => {
    smtp = await startSmtpServer();
    const config = loadEngineConfig({
      BREACH_CLOCK_MAIL_FROM: 'Breach Clock <clock@example.test>',
      BREACH_CLOCK_MAIL_REPLY_TO: 'Privacy Team <privacy@example.test>',
    });
    const mailer = createSmtpMailer(smtp.url, { from: config.mailFrom, replyTo: config.mailReplyTo! });
    await mailer.send(mail);
    mailer.close();
    const [received] = smtp.received;
    expect(received).toMatchObject({
      from: '"Breach Clock" <clock@example.test>',
      replyTo: '"Privacy Team" <privacy@example.test>',
      to: ['dpo@example.test'],
      cc: ['ciso@example.test'],
    });
    expect(received?.text.trim()).toBe(mail.text);
    expect(received?.html).toContain('Controller: Evil &lt;b&gt;Corp&lt;/b&gt; &amp; Co<br>');
    expect(received?.html).not.toContain('<b>');
  });
});

describe('the sender settings', () => {
  it('refuse an address that is not one, naming the variable', () => {
    expect(() => loadEngineConfig({ BREACH_CLOCK_MAIL_REPLY_TO: 'privacy team' })).toThrow(
      /BREACH_CLOCK_MAIL_REPLY_TO: expected an e-mail address/,
    );
    expect(() => loadEngineConfig({ BREACH_CLOCK_MAIL_FROM: 'x' })).toThrow(/BREACH_CLOCK_MAIL_FROM/);
    expect(() => loadEngineConfig({ BREACH_CLOCK_MAIL_REPLYTO: 'a@example.test' })).toThrow(
      /did you mean BREACH_CLOCK_MAIL_REPLY_TO\?/,
    );
  });
});
