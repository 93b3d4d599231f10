/** A real SMTP server in the test process: what the engine delivers is what the tests read. */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function addresses(value: unknown): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry: { value?: { address?: string }[] }) =>
    (entry.value ?? []).map((v) => v.address ?? ''),
  );
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
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    byPurpose: (purpose) => received.filter((m) => m.purpose === purpose),
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for mail; received: ${received.map((m) => m.purpose).join(', ')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
