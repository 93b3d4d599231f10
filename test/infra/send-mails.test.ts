/**
 * The mail activity for the messages of one instant (activities/send-mail.ts, sendMails), in an activity context
 * of its own, over a real ledger in a SQLite file. The case's side (what it records, what it sends again) is
 * tested on real servers in test/workflows; here: what the batch reserves, and what it says when it is stopped
 * or meets a fault part-way.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, test } from 'vitest';
import { MailSendError, type Mailer } from '../../activities/ports.js';
import type { BatchOutcome } from '../../activities/send-mail.js';
import { MESSAGE_SEND_LIMIT_MS, messageIdFor, type OutgoingMail } from '../../domain/mail/outgoing-mail.js';
import { createDatabaseLedger } from '../../infra/register/register-store.js';
import { createTestActivities } from '../helpers/activities.js';

const mail = (purpose: string): OutgoingMail => ({
  messageId: messageIdFor('BR-BATCH-1', purpose, 'b1'),
  caseId: 'BR-BATCH-1',
  breachId: 'b1',
  purpose,
  to: ['dpo@example.test'],
  cc: [],
  subject: `Subject of ${purpose}`,
  text: 'Body',
  date: '2026-11-02T10:00:00.000Z',
});

const BATCH = ['case-opened', 'vendor.transcribe.request', 'authority-reminder-24h'].map(mail);

/** A mailer whose sends, by purpose, deliver, hang until aborted, or fail once as given. */
function scriptedMailer(script: Record<string, 'hang' | Error> = {}) {
  const started: string[] = [];
  let hung: (() => void) | undefined;
  const hanging = new Promise<void>((resolve) => (hung = resolve));
  const mailer: Mailer = {
    async send(message, options) {
      started.push(message.purpose);
      const step = script[message.purpose];
      if (step === 'hang') {
        hung?.();
        await new Promise((_, reject) =>
          options?.signal?.addEventListener('abort', () =>
            reject(new MailSendError('aborted', false, { cause: options.signal?.reason })),
          ),
        );
      }
      if (step instanceof Error) {
        delete script[message.purpose];
        throw step;
      }
      return { transport: 'smtp' };
    },
    close: () => undefined,
  };
  return { mailer, started, hanging };
}

/** A batch's attempt may run as long as its messages one by one: 2 minutes each. */
const batchEnv = () =>
  new MockActivityEnvironment({ startToCloseTimeoutMs: BATCH.length * MESSAGE_SEND_LIMIT_MS });

type SendMails = (mails: OutgoingMail[]) => Promise<BatchOutcome[]>;

/** Runs the batch activity in `env`'s context. */
const runBatch = (env: MockActivityEnvironment, sendMails: SendMails, mails = BATCH) =>
  env.run<[OutgoingMail[]], BatchOutcome[], SendMails>(sendMails, mails);

describe('the messages of one instant in one activity', () => {
  test('a message is reserved for its own 2 minutes, not the whole batch attempt', async () => {
    const { mailer, hanging } = scriptedMailer({ 'vendor.transcribe.request': 'hang' });
    const { activities, db } = await createTestActivities(mailer);
    const env = batchEnv();
    const running = runBatch(env, activities.sendMails);
    await hanging;
    // The worker running the batch is gone while it sends the second message: the attempt after it, three
    // minutes on, takes the message over, where it would have waited for the batch's 6 minutes to pass.
    const takeover = await createDatabaseLedger(db).reserve({
      messageId: BATCH[1]!.messageId,
      caseId: 'BR-BATCH-1',
      breachId: 'b1',
      purpose: BATCH[1]!.purpose,
      attempt: 2,
      at: new Date(Date.now() + 3 * 60_000).toISOString(),
      leaseUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    expect(takeover).toMatchObject({ kind: 'reserved', earlier: { attempt: 1, outcome: 'abandoned' } });
    env.cancel();
    await running;
  });

  test('stopped part-way, it says what went out and what did not, instead of failing', async () => {
    const { mailer, started, hanging } = scriptedMailer({ 'vendor.transcribe.request': 'hang' });
    const { activities } = await createTestActivities(mailer);
    const env = batchEnv();
    const running = runBatch(env, activities.sendMails);
    await hanging;
    env.cancel();
    const outcomes = await running;
    expect(outcomes.map((o) => Object.keys(o)[0])).toEqual(['result', 'unsent', 'unsent']);
    expect(outcomes[1]).toEqual({ unsent: 'the case stopped the batch' });
    expect(started).toEqual(['case-opened', 'vendor.transcribe.request']);
  });

  test('stopped before anything went out, it ends as cancelled', async () => {
    const { mailer, hanging } = scriptedMailer({ 'case-opened': 'hang' });
    const { activities } = await createTestActivities(mailer);
    const env = batchEnv();
    const running = runBatch(env, activities.sendMails);
    await hanging;
    env.cancel();
    await expect(running).rejects.toThrow();
  });

  test('a fault before anything went out fails the attempt, to be retried as a whole', async () => {
    const { mailer, started } = scriptedMailer({
      'case-opened': new MailSendError('connect ECONNREFUSED', false),
    });
    const { activities } = await createTestActivities(mailer);
    await expect(runBatch(batchEnv(), activities.sendMails)).rejects.toThrow('ECONNREFUSED');
    expect(started).toEqual(['case-opened']);
  });

  test('a delivered message is never sent again: a retry finds it in the ledger', async () => {
    const { mailer, started } = scriptedMailer({
      'vendor.transcribe.request': new MailSendError('Connection closed', false),
    });
    const { activities } = await createTestActivities(mailer);
    const first = await runBatch(batchEnv(), activities.sendMails);
    expect(first.map((o) => Object.keys(o)[0])).toEqual(['result', 'unsent', 'unsent']);
    const again = await runBatch(new MockActivityEnvironment({ attempt: 2 }), activities.sendMails);
    expect(again.map((o) => ('result' in o ? o.result.alreadySent : o))).toEqual([true, false, false]);
    expect(started).toEqual([
      'case-opened',
      'vendor.transcribe.request',
      'vendor.transcribe.request',
      'authority-reminder-24h',
    ]);
  });
});
