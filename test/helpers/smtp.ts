/** A real SMTP server in the test process: what the engine delivers is what the tests read. */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { vi } from 'vitest';

export interface ReceivedMail {
  messageId: string;
  purpose: string;
  caseId: string;
  /** The workflow instant the engine sent the message at. */
  instant: string;
  /** The legal instant the message stands for. */
  due: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  byPurpose(purpose: string): ReceivedMail[];
  /**
   * Waits (with `vi.waitFor`) until the mail received so far satisfies `predicate`; on timeout the error names
   * the predicate and lists every message received, by case and purpose.
   */
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops listening; stopping a stopped server does nothing. */
  stop(): Promise<void>;
}

function addresses(value: unknown): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry: { value?: { address?: string }[] }) =>
    (entry.value ?? []).map((v) => v.address ?? ''),
  );
}

function listing(mails: ReceivedMail[]): string {
  return mails.length ? mails.map((m) => `${m.caseId} ${m.purpose}`).join(', ') : 'nothing';
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const header = (name: string) => {
            const value = parsed.headers.get(name);
            return typeof value === 'string' ? value : '';
          };
          received.push({
            messageId: parsed.messageId ?? '',
            purpose: header('x-breach-clock-purpose'),
            caseId: header('x-breach-clock-case'),
            instant: header('x-breach-clock-instant'),
            due: header('x-breach-clock-due'),
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  let stopped: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    byPurpose: (purpose) => received.filter((m) => m.purpose === purpose),
    async waitFor(predicate, timeoutMs = 30_000) {
      await vi.waitFor(
        () => {
          if (!predicate(received)) {
            throw new Error(`no mail satisfied ${predicate.toString()}; received: ${listing(received)}`);
          }
        },
        { timeout: timeoutMs, interval: 20 },
      );
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
