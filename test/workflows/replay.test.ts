/**
 * Replays recorded histories of real case runs against today's workflow code. A change that would break the
 * cases already running (a reordered command, a new timer) fails here; such a change needs `patched()`.
 *
 * To record a new history after a deliberate, patched change: RECORD_HISTORIES=1 npx vitest run test/replay.test.ts
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createTestActivities } from '../helpers/activities.js';
import { createSmtpMailer } from '../../infra/mail/mailer.js';
import {
  assessUpdate,
  closeUpdate,
  notifyAuthorityUpdate,
  notifySubjectsUpdate,
  vendorAnswerUpdate,
} from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import { breachCase } from '../../workflows/index.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { startTimeSkippingServer } from '../helpers/servers.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { createTestWorker, workflowBundle } from '../helpers/worker.js';

// One file per case, named <caseId>.binpb. BR-REPLAY-1 predates the register ('register-entries' patch).
const HISTORIES = new URL('./fixtures/histories/', import.meta.url);
// Histories are kept in protobuf's binary form: exact, compact, and independent of JSON enum spellings.
const { History } = proto.temporal.api.history.v1;

async function recordHistories(): Promise<void> {
  const env = await startTimeSkippingServer();
  const smtp = await startSmtpServer();
  try {
    const taskQueue = 'record';
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: (await createTestActivities(createSmtpMailer(smtp.url, 'clock@example.test'))).activities,
    });
    await worker.runUntil(async () => {
      const now = await env.currentTimeMs();
      const caseFile = sampleCaseFile({
        caseId: 'BR-REPLAY-2',
        detectedAt: new Date(now - HOUR_MS).toISOString(),
        awareness: { awareAt: new Date(now).toISOString(), decidedBy: 'Dana', reason: 'Confirmed' },
        processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }],
      });
      const handle = await env.client.workflow.start(breachCase, {
        taskQueue,
        workflowId: 'breach-case/BR-REPLAY-2',
        args: [{ caseId: 'BR-REPLAY-2', caseFile }],
      });
      await env.sleep(30 * HOUR_MS);
      await handle.executeUpdate(assessUpdate, {
        args: [{ risk: 'high', overrideReason: 'Recordings from inside the home', actor: 'Dana' }],
      });
      await handle.executeUpdate(vendorAnswerUpdate, {
        args: [{ processorId: 'transcribe', summary: 'Export job misrouted', actor: 'Dana' }],
      });
      await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [{ reference: 'LDA-1', channel: 'portal', actor: 'Dana' }],
      });
      await env.sleep(26 * HOUR_MS);
      await handle.executeUpdate(notifySubjectsUpdate, {
        args: [{ count: 1, channel: 'letter', actor: 'Dana' }],
      });
      await handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
      await handle.result();
      const history = await handle.fetchHistory();
      await writeFile(
        new URL('BR-REPLAY-2.binpb', HISTORIES),
        History.encode(History.fromObject(history)).finish(),
      );
    });
  } finally {
    await smtp.stop();
    await env.teardown();
  }
}

describe('replay of recorded case histories', () => {
  it('replays every recorded history without nondeterminism', async () => {
    if (process.env.RECORD_HISTORIES) await recordHistories();
    const files = (await readdir(HISTORIES)).filter((name) => name.endsWith('.binpb'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const history = History.decode(await readFile(new URL(name, HISTORIES)));
      expect(history.events.length).toBeGreaterThan(20);
      // Files are named after the case, whose workflow ID the children's IDs are derived from.
      const workflowId = `breach-case/${name.replace(/\.binpb$/, '')}`;
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
    }
  });
});
