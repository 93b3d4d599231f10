/**
 * The outbox without an SMTP server: each message written once, sealed with the payload keys by default, read
 * back in clear only with the key it was sealed with.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../domain/mail/case-mail.js';
import {
  createOutboxMailer,
  findOutboxFile,
  OUTBOX_SEAL_PURPOSE,
  outboxFiles,
  outboxSummary,
  OutboxFileError,
  readOutboxMessage,
} from '../../infra/mail/outbox.js';
import { textSeal } from '../../infra/payload-codec.js';
import { keyRing, PayloadKeyError } from '../../infra/payload-keys.js';
import { TEST_KEY, testKeyRing } from '../helpers/payload-keys.js';

const seal = textSeal(testKeyRing, OUTBOX_SEAL_PURPOSE);

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    messageId: '<BR-7.vendor.transcribe.request.b1@breach-clock.invalid>',
    caseId: 'BR-7',
    purpose: 'vendor.transcribe.request',
    to: ['oswin.quillfeather@transcribe.test'],
    cc: [],
    subject: 'Breach BR-7: facts needed from Transcribe Ltd',
    text: 'Voice recordings of Jörg Quillfeather were sent to a stranger.',
    date: '2026-11-28T09:30:00.000Z',
    ...overrides,
  };
}

async function outbox(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'outbox-')), 'outbox');
}

describe('the outbox', () => {
  it('seals each message: no address, name or case text in its file, all of it back with the key', async () => {
    const dir = await outbox();
    const mailer = createOutboxMailer(dir, 'clock@example.test', seal);
    const delivery = await mailer.send(mail());
    mailer.close();

    const files = await outboxFiles(dir);
    expect(files).toEqual(['BR-7.vendor.transcribe.request.b1_breach-clock.invalid.eml.sealed']);
    expect(delivery).toEqual({ transport: 'outbox', location: join(dir, files[0]!) });
    const stored = await readFile(join(dir, files[0]!), 'latin1');
    for (const secret of ['oswin', 'Quillfeather', 'Transcribe', 'Voice recordings', 'facts needed']) {
      expect(stored).not.toContain(secret);
    }

    const message = await readOutboxMessage(dir, files[0]!, seal);
    const text = message.raw.toString('utf8');
    expect(message.sealed).toBe(true);
    expect(text).toMatch(/^To: oswin\.quillfeather@transcribe\.test$/m);
    expect(text).toContain('Voice recordings');
    expect(outboxSummary(message.raw)).toEqual({
      messageId: '<BR-7.vendor.transcribe.request.b1@breach-clock.invalid>',
      caseId: 'BR-7',
      purpose: 'vendor.transcribe.request',
      at: '2026-11-28T09:30:00.000Z',
    });
  });

  it('writes a message once, also when the setting changed between two attempts', async () => {
    const dir = await outbox();
    const plain = createOutboxMailer(dir, 'clock@example.test');
    const sealed = createOutboxMailer(dir, 'clock@example.test', seal);
    const first = await plain.send(mail());
    const second = await sealed.send(mail());
    const third = await plain.send(mail());
    plain.close();
    sealed.close();
    expect(await readdir(dir)).toEqual(['BR-7.vendor.transcribe.request.b1_breach-clock.invalid.eml']);
    expect(second.location).toBe(first.location);
    expect(third.location).toBe(first.location);
  });

  it('writes plain .eml files when encryption is off, and reads them as they are', async () => {
    const dir = await outbox();
    const mailer = createOutboxMailer(dir, 'clock@example.test');
    await mailer.send(mail());
    mailer.close();
    const [file = ''] = await outboxFiles(dir);
    expect(file).toMatch(/\.eml$/);
    expect(await readFile(join(dir, file), 'utf8')).toContain('oswin.quillfeather@transcribe.test');
    expect((await readOutboxMessage(dir, file, seal)).sealed).toBe(false);
  });

  it('opens nothing with another key under the same ID, and names the key', async () => {
    const dir = await outbox();
    const mailer = createOutboxMailer(dir, 'clock@example.test', seal);
    await mailer.send(mail());
    mailer.close();
    const [file = ''] = await outboxFiles(dir);
    const wrong = textSeal(
      keyRing([{ id: TEST_KEY.id, key: randomBytes(32) }], 'a wrong key file'),
      OUTBOX_SEAL_PURPOSE,
    );
    const refused = readOutboxMessage(dir, file, wrong);
    await expect(refused).rejects.toThrow(PayloadKeyError);
    await expect(refused).rejects.toThrow(`key "${TEST_KEY.id}"`);
    // A register entry's seal is bound to its own use: it cannot be read as a message, nor the reverse.
    const register = textSeal(testKeyRing, 'register entry');
    const text = await readFile(join(dir, file), 'utf8');
    expect(() => register.openData(text)).toThrow(PayloadKeyError);
  });

  it('refuses a .sealed file whose content is not sealed, instead of showing it as mail', async () => {
    const dir = await outbox();
    const mailer = createOutboxMailer(dir, 'clock@example.test', seal);
    await mailer.send(mail());
    mailer.close();
    await writeFile(join(dir, 'forged.eml.sealed'), 'To: someone@else.test\n\nnot sealed\n');
    await expect(readOutboxMessage(dir, 'forged.eml.sealed', seal)).rejects.toThrow(OutboxFileError);
  });

  it('finds a message by its Message-ID, with or without angle brackets, or by its file name', () => {
    const files = ['a_b.eml', 'BR-7.x_breach-clock.invalid.eml.sealed'];
    expect(findOutboxFile(files, '<BR-7.x@breach-clock.invalid>')).toBe(files[1]);
    expect(findOutboxFile(files, 'BR-7.x@breach-clock.invalid')).toBe(files[1]);
    expect(findOutboxFile(files, 'a_b.eml')).toBe('a_b.eml');
    expect(findOutboxFile(files, '<nothing@here>')).toBeUndefined();
  });

  it('reads the headers of a listing across folded lines', () => {
    const raw = Buffer.from(
      'Message-ID: <a@b>\r\nX-Breach-Clock-Case:\r\n BR-9\r\nX-Breach-Clock-Purpose: digest\r\n\r\nX-Breach-Clock-Case: body\r\n',
    );
    expect(outboxSummary(raw)).toEqual({ messageId: '<a@b>', caseId: 'BR-9', purpose: 'digest', at: '' });
  });

  it('holds no messages before the first one is written', async () => {
    expect(await outboxFiles(await outbox())).toEqual([]);
  });
});
