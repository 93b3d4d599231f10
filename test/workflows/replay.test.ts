/**
 * Replays recorded histories of real case runs against today's workflow code. A change that would break the
 * cases already running (a reordered command, a new timer) fails here; such a change needs `patched()`.
 *
 * To record a new history after a deliberate, patched change:
 * RECORD_HISTORIES=1 npx vitest run test/workflows/replay.test.ts
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assessUpdate,
  closeUpdate,
  notifyAuthorityUpdate,
  notifySubjectsUpdate,
  vendorAnswerUpdate,
} from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import { openCase, withCaseWorld } from '../helpers/case-toolkit.js';
import { testDataConverter } from '../helpers/payload-keys.js';
import { workflowBundle } from '../helpers/worker.js';

// One file per case, named <caseId>.binpb. BR-REPLAY-1 predates the register ('register-entries' patch).
const HISTORIES = new URL('./fixtures/histories/', import.meta.url);
// Histories are kept in protobuf's binary form: exact, compact, and independent of JSON enum spellings.
const { History } = proto.temporal.api.history.v1;
const RECORDED = 'BR-REPLAY-2';

/** Runs a case through assessment, a vendor's answer, both notices and closure, and keeps its history. */
async function recordHistory(): Promise<void> {
  await withCaseWorld(async (world) => {
    const { handle } = await openCase(world, {
      caseId: RECORDED,
      facts: { processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }] },
    });
    await world.env.sleep(30 * HOUR_MS);
    await handle.executeUpdate(assessUpdate, {
      args: [{ risk: 'high', overrideReason: 'Recordings from inside the home', actor: 'Dana' }],
    });
    await handle.executeUpdate(vendorAnswerUpdate, {
      args: [{ processorId: 'transcribe', summary: 'Export job misrouted', actor: 'Dana' }],
    });
    await handle.executeUpdate(notifyAuthorityUpdate, {
      args: [{ reference: 'LDA-1', channel: 'portal', actor: 'Dana' }],
    });
    await world.env.sleep(26 * HOUR_MS);
    await handle.executeUpdate(notifySubjectsUpdate, {
      args: [{ count: 1, channel: 'letter', actor: 'Dana' }],
    });
    await handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
    await handle.result();
    const history = await handle.fetchHistory();
    await writeFile(
      new URL(`${RECORDED}.binpb`, HISTORIES),
      History.encode(History.fromObject(history)).finish(),
    );
  });
}

if (process.env.RECORD_HISTORIES) beforeAll(recordHistory);

const recorded = (await readdir(HISTORIES))
  .filter((name) => name.endsWith('.binpb'))
  .map((name) => name.replace(/\.binpb$/, ''));

describe('replay of recorded case histories', () => {
  it('has recorded histories to replay', () => {
    expect(recorded.length).toBeGreaterThan(0);
  });

  it.for(recorded)('replays %s without nondeterminism', async (caseId) => {
    const history = History.decode(await readFile(new URL(`${caseId}.binpb`, HISTORIES)));
    expect(history.events.length).toBeGreaterThan(20);
    // Files are named after the case, whose workflow ID the children's IDs are derived from. Histories
    // recorded before payloads were encrypted hold plain payloads: the codec passes them through, as it does
    // for cases that were running when encryption came.
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(), dataConverter: testDataConverter },
      history,
      `breach-case/${caseId}`,
    );
  });
});
