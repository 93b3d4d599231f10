/**
 * A real SMTP server in the test process: what the engine delivers is what the tests read. Faults are real
 * too: a server that is down refuses connections, a stalled one holds its reply to a message past the client's
 * patience (and, like a server that never committed it, keeps nothing when the client has gone by then), one
 * that drops the acknowledgement keeps the message and closes the connection without replying, and one that
 * refuses a message answers it with a permanent error.
 */
import type { Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * Short transport timeouts for tests of mail faults (a world's `smtpTimeouts`): a stalled server costs the test a
 * second, not a minute.
 */
export const QUICK_SMTP_TIMEOUTS = {
  connectionTimeout: 1_000,
  greetingTimeout: 1_000,
  socketTimeout: 1_000,
  sendTimeout: 3_000,
};

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
  /** The From and Reply-To headers as written, and the HTML part (empty without one). */
  from: string;
  replyTo: string;
  html: string;
}

/** A fault for the next `times` messages whose purpose starts with `purpose` (every message without). */
export interface SmtpFault {
  times: number;
  purpose?: string;
}

export interface SmtpFaults {
  /** Hold the reply to the message this long; a client that left meanwhile has delivered nothing. */
  stall?: SmtpFault & { ms: number };
  /** Keep the message, then close the connection before acknowledging it. */
  dropAck?: SmtpFault;
  /** Refuse the message for good with this permanent (5xx) reply; nothing is kept. */
  refuse?: SmtpFault & { code: number; reply: string };
}

/**
 * The mail server refuses the next message whose purpose starts with `purpose`, once, for good (550). A fault
 * counts down as it strikes, so each use takes a fresh one.
 */
export function refusedOnce(purpose: string, reply = 'no such mailbox'): NonNullable<SmtpFaults['refuse']> {
  return { times: 1, purpose, code: 550, reply };
}

export interface TestSmtpServer {
  url: string;
  port: number;
  /** The messages the server accepted (kept), in order, copies included. */
  received: ReceivedMail[];
  /** Every message transfer the server read to its end, accepted or not, by Message-ID. */
  transfers: string[];
  /** Faults to inject; each counts down as messages meet it. */
  faults: SmtpFaults;
  /** Refuses connections (nothing listens on the port) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
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

function parse(parsed: Awaited<ReturnType<typeof simpleParser>>): ReceivedMail {
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    messageId: parsed.messageId ?? '',
    purpose: header('x-breach-clock-purpose'),
    caseId: header('x-breach-clock-case'),
    instant: header('x-breach-clock-instant'),
    due: header('x-breach-clock-due'),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    from: parsed.from?.text ?? '',
    replyTo: parsed.replyTo?.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}

/** Counts a fault down for a message it applies to; true when it struck. */
function strikes(fault: SmtpFault | undefined, mail: ReceivedMail): boolean {
  if (!fault || fault.times <= 0) return false;
  if (fault.purpose !== undefined && !mail.purpose.startsWith(fault.purpose)) return false;
  fault.times -= 1;
  return true;
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const transfers: string[] = [];
  const faults: SmtpFaults = {};
  const gone = new Set<string>();
  let server: SMTPServer;

  const socketOf = (session: SMTPServerSession): Socket | undefined => {
    const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> })
      .connections;
    return [...connections].find((c) => c.id === session.id)?._socket;
  };

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onClose(session) {
        gone.add(session.id);
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            const mail = parse(parsed);
            transfers.push(mail.messageId);
            if (strikes(faults.stall, mail)) {
              await new Promise((resolve) => setTimeout(resolve, faults.stall!.ms));
              // The client gave up before the reply: the message was never accepted, so nothing is kept.
              if (gone.has(session.id)) return;
            }
            if (strikes(faults.refuse, mail)) {
              const refusal = new Error(faults.refuse!.reply) as Error & { responseCode: number };
              refusal.responseCode = faults.refuse!.code;
              callback(refusal);
              return;
            }
            received.push(mail);
            if (strikes(faults.dropAck, mail)) {
              socketOf(session)?.destroy();
              return;
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const listen = async (on: number) => {
    server = create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => resolve());
    });
    const address = server.server.address();
    return typeof address === 'object' && address ? address.port : on;
  };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));

  const actualPort = await listen(port);
  let listening = true;
  let stopped: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    transfers,
    faults,
    async down() {
      if (!listening) return;
      listening = false;
      await close();
    },
    async up() {
      if (listening) return;
      await listen(actualPort);
      listening = true;
    },
    byPurpose: (purpose) => received.filter((m) => m.purpose === purpose),
    async waitFor(predicate, timeoutMs = 30_000) {
      // Loaded here, not at the top: the chaos script runs this server outside vitest, where vitest cannot load.
      const { vi } = await import('vitest');
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
      stopped ??= listening ? close() : Promise.resolve();
      listening = false;
      return stopped;
    },
  };
}
