/**
 * Runs a short workload on a time-skipping test server, so that its class archive (infra/test-server-archive.ts)
 * holds the classes that serve workflows, not only those that start the server. A server started from an
 * archive of its start alone loads and verifies those classes again in every test: about 40% of its CPU.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { quietLogger } from '../../infra/workflow-bundle-cache.js';
import proto from '@temporalio/proto';
import { AUTHORITY_DUE_AT, CASE_PHASE, OVERDUE } from '../../contract/search-attributes.js';
import { workloadActivities } from './activities.js';
import { awaitNudge, exerciseServer, note, notes, nudge } from './workflows.js';

/**
 * Starts the server at `executable`, runs the workload on it, then calls `whileRunning` (which dumps the
 * archive) before the server is stopped.
 */
export async function exerciseTestServer(
  executable: string,
  whileRunning: () => Promise<void>,
): Promise<void> {
  // Errors only, the core's too: the workload's expected failures (a refused activity, a cancelled workflow)
  // are not the setup's news.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./workflows.js', import.meta.url)),
    logger: quietLogger,
  });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: executable } },
  });
  try {
    const namespace = env.namespace ?? 'default';
    // The server starts with no custom search attributes; the workflow sets these three, one of each type.
    const { IndexedValueType } = proto.temporal.api.enums.v1;
    await env.connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: {
        [CASE_PHASE.name]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        [OVERDUE.name]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
        [AUTHORITY_DUE_AT.name]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      },
    });
    const taskQueue = `workload-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      workflowBundle: bundle,
      activities: workloadActivities,
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(exerciseServer, {
        taskQueue,
        workflowId: `workload-${randomUUID()}`,
        args: [0],
        memo: { purpose: 'class archive' },
      });
      await handle.signal(nudge, 'go');
      await handle.executeUpdate(note, { args: ['a note'] });
      await handle.executeUpdate(note, { args: [''] }).catch((error: unknown) => {
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      });
      await handle.query(notes);
      await env.sleep('1 hour');
      await env.currentTimeMs();
      await handle.result();
      await handle.describe();
      await handle.fetchHistory();

      const waiting = await env.client.workflow.signalWithStart(awaitNudge, {
        taskQueue,
        workflowId: `workload-${randomUUID()}`,
        signal: nudge,
        signalArgs: ['at start'],
      });
      await waiting.result();
      const cancelled = await env.client.workflow.start(awaitNudge, {
        taskQueue,
        workflowId: `workload-${randomUUID()}`,
      });
      await cancelled.cancel();
      await cancelled.result().catch(() => undefined);
      const terminated = await env.client.workflow.start(awaitNudge, {
        taskQueue,
        workflowId: `workload-${randomUUID()}`,
      });
      await terminated.terminate('the workload ends');
    });
    await whileRunning();
  } finally {
    await env.teardown();
  }
}
