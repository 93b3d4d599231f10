/**
 * The outbox: without an SMTP server, each message is written to a folder, one file per Message-ID. Mail holds
 * personal data, so by default each file is sealed with the payload keys (`<id>.eml.sealed`) and `breach
 * outbox` reads it; with BREACH_CLOCK_OUTBOX_ENCRYPTION=off it is a plain `.eml` any mail client opens.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { TextSeal } from '../payload-codec.js';
import { envelope, type Mailer, type Sender } from './mailer.js';

const PLAIN = '.eml';
const SEALED = '.eml.sealed';

/** The outbox's seal: bound to this use, so a register entry cannot be passed off as a message. */
export const OUTBOX_SEAL_PURPOSE = 'outbox message';

/** File name from the Message-ID, without its ending: stable, so a second write of a message finds the first. */
function baseName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
}

export function outboxFileName(messageId: string, sealed = false): string {
  return baseName(messageId) + (sealed ? SEALED : PLAIN);
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes each message once; `seal` absent writes it in clear. */
export function createOutboxMailer(dir: string, sender: string | Sender, seal?: TextSeal): Mailer {
  const from = typeof sender === 'string' ? { from: sender } : sender;
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      // The owner's alone, whatever the umask of the process that sends it.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const location = join(dir, outboxFileName(mail.messageId, seal !== undefined));
      // Written before in the other form (the setting changed between attempts): the message is already here.
      const other = join(dir, outboxFileName(mail.messageId, seal === undefined));
      if (await exists(other)) return { transport: 'outbox', location: other };
      const info = await transport.sendMail(envelope(mail, from));
      const message = info.message as Buffer;
      try {
        await writeFile(location, seal ? `${seal.seal(message)}\n` : message, {
          flag: 'wx',
          mode: 0o600,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      return { transport: 'outbox', location };
    },
    close: () => transport.close(),
  };
}

export interface OutboxMessage {
  /** The file in the outbox folder. */
  file: string;
  sealed: boolean;
  /** The message as written: RFC 5322 text. */
  raw: Buffer;
}

/** The outbox's message files, oldest name first; a folder that does not exist holds none. */
export async function outboxFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((n) => n.endsWith(PLAIN) || n.endsWith(SEALED)).sort();
}

/**
 * One message in clear: a sealed file needs the keys it was sealed with (PayloadKeyError otherwise). The seal
 * may be given as a function, so that a plain outbox is read without any key.
 */
export async function readOutboxMessage(
  dir: string,
  file: string,
  seal: TextSeal | (() => TextSeal),
): Promise<OutboxMessage> {
  const content = await readFile(join(dir, file));
  if (!file.endsWith(SEALED)) return { file, sealed: false, raw: content };
  const raw = (typeof seal === 'function' ? seal() : seal).openData(content.toString('utf8'));
  if (!raw)
    throw new OutboxFileError(`${file} is not a sealed message: its content is not in the sealed form`);
  return { file, sealed: true, raw };
}

export class OutboxFileError extends Error {
  override name = 'OutboxFileError';
}

/** The file of a message, named by its Message-ID (with or without angle brackets) or by its file name. */
export function findOutboxFile(files: readonly string[], name: string): string | undefined {
  if (files.includes(name)) return name;
  const base = baseName(name.trim());
  return files.find((f) => f === base + SEALED || f === base + PLAIN);
}

export interface OutboxSummary {
  messageId: string;
  caseId: string;
  purpose: string;
  /** The workflow instant the message was made at. */
  at: string;
}

/** What a listing shows of a message: the engine's own headers, all ASCII (no names or addresses). */
export function outboxSummary(raw: Buffer): OutboxSummary {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string>();
  // Folded lines continue the header before them (RFC 5322 section 2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    messageId: headers.get('message-id') ?? '',
    caseId: headers.get('x-breach-clock-case') ?? '',
    purpose: headers.get('x-breach-clock-purpose') ?? '',
    at: headers.get('x-breach-clock-instant') ?? '',
  };
}
