/**
 * Reopening a closed case: its workflow has completed, so a new run under the same ID carries the closed run's
 * whole state (facts, decisions, filings, timeline) and records who reopened it and why.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { statusQuery } from '../contract/messages.js';
import { caseWorkflowId } from '../contract/workflow-ids.js';
import type { CaseState } from '../domain/case-state.js';
import type { breachCase } from '../workflows/breach-case.js';
import { readCaseState, whereToLook } from './case-support.js';
import { CliFailure, emit, UsageError, type CommandContext } from './cli-support.js';
import { formatInstant, formatStatus } from './format.js';
import { askWithWorker } from './worker-presence.js';

// The reason is kept in the timeline and the register, like the reasons of the other corrections.
const MAX_REASON = 2000;
// The new run answers once the worker has started it; without a worker the status is left to "breach status".
const STATUS_DEADLINE_MS = 15_000;

export async function reopenCase(ctx: CommandContext, caseId: string, reason: string): Promise<void> {
  if (reason.length > MAX_REASON) throw new UsageError(`--reason: at most ${MAX_REASON} characters`);
  const client = await ctx.client();
  const workflowId = caseWorkflowId(caseId);
  let description;
  try {
    description = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw historyGone(caseId);
    throw error;
  }
  const status = description.status.name;
  if (status === 'RUNNING') {
    throw new CliFailure(`Case ${caseId} is not closed: it is still running, so there is nothing to reopen.`);
  }
  if (status !== 'COMPLETED') {
    throw new CliFailure(
      `Case ${caseId} was not closed: its workflow ended ${status.toLowerCase().replaceAll('_', ' ')}, ` +
        `and only a closed case can be reopened; see ${await whereToLook(ctx, workflowId)}`,
    );
  }

  let state: CaseState;
  try {
    // The closed run answers through the worker, which replays its history.
    state = await readCaseState(ctx, caseId, client.workflow.getHandle(workflowId, description.runId));
  } catch (error) {
    if (error instanceof CliFailure && error.message.startsWith('No case')) throw historyGone(caseId);
    throw error;
  }
  if (!state.closed) throw new CliFailure(`Case ${caseId} has no record of being closed; nothing reopened.`);

  try {
    await client.workflow.start<typeof breachCase>('breachCase', {
      taskQueue: (await ctx.config()).taskQueue,
      workflowId,
      args: [{ caseId, caseFile: state.caseFile, carried: state, reopen: { reason, actor: ctx.actor } }],
      // Only the closed run's ID may be reused; a run that is somehow open again is not started twice.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new CliFailure(`Case ${caseId} was reopened meanwhile; nothing more was started.`);
    }
    throw error;
  }

  const closedAt = formatInstant(state.closed.at, ctx.tz);
  const reopened = await client
    .withDeadline(Date.now() + STATUS_DEADLINE_MS, () => {
      const handle = client.workflow.getHandle(workflowId);
      return askWithWorker(client, handle, () => handle.query(statusQuery, new Date().toISOString()));
    })
    .catch(() => undefined);
  const human = [
    `Reopened case ${caseId} (closed at ${closedAt}).`,
    reopened ? formatStatus(reopened, ctx.tz) : `Follow it: breach status ${caseId}`,
  ].join('\n');
  emit(ctx, { caseId, workflowId, reopened: true, closedAt: state.closed.at, status: reopened }, human);
}

/** Temporal deletes a closed workflow's history after the namespace's retention period; the register stays. */
function historyGone(caseId: string): CliFailure {
  return new CliFailure(
    `Case ${caseId} cannot be reopened: this server has no history of it. Either it was never opened here, or ` +
      "it was closed longer ago than the namespace's retention period and Temporal has deleted its history. " +
      'Its register entry is kept: breach register export.',
  );
}
