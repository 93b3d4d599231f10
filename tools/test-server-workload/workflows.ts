/**
 * Workflows that touch each part of the time-skipping test server the tests use, so that the classes serving
 * them are in its class archive (see exercise.ts). Not the engine's workflows: those need mail and a register.
 */
import {
  ActivityFailure,
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { AUTHORITY_DUE_AT, CASE_PHASE, OVERDUE } from '../../contract/search-attributes.js';
import type { WorkloadActivities } from './activities.js';

export const nudge = defineSignal<[string]>('nudge');
export const note = defineUpdate<number, [string]>('note');
export const notes = defineQuery<string[]>('notes');

const activities = proxyActivities<WorkloadActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes: ['Refused'] },
});
const localActivities = proxyLocalActivities<WorkloadActivities>({ startToCloseTimeout: '1 minute' });

/** Signals, updates (one refused by its validator), queries, activities that retry and fail, a local
 * activity, timers fired and cancelled, search attributes, a child signalled across, and one continue-as-new. */
export async function exerciseServer(round: number): Promise<string[]> {
  const written: string[] = [];
  setHandler(nudge, (text) => void written.push(text));
  setHandler(note, (text) => written.push(text), {
    validator: (text: string) => {
      if (text.length === 0) throw new Error('an empty note');
    },
  });
  setHandler(notes, () => written);
  if (patched('workload')) written.push(`round ${round}`);

  written.push(await activities.succeedOnRetry(workflowInfo().workflowId));
  try {
    await activities.refuse();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
  }
  written.push(await localActivities.echo('local'));
  upsertSearchAttributes([
    { key: CASE_PHASE, value: 'open' },
    { key: AUTHORITY_DUE_AT, value: new Date(Date.now() + 72 * 3_600_000) },
  ]);

  await condition(() => written.includes('go'), '1 hour');
  await sleep('3 days');
  await CancellationScope.cancellable(async () => {
    const timer = sleep('1 day');
    CancellationScope.current().cancel();
    await timer.catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  });
  upsertSearchAttributes([{ key: OVERDUE, value: true }]);

  const child = await startChild(awaitNudge, {
    workflowId: `${workflowInfo().workflowId}-child-${round}`,
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  await getExternalWorkflowHandle(child.workflowId).signal(nudge, 'from the parent');
  await child.result();

  await condition(allHandlersFinished);
  if (round === 0) return continueAsNew<typeof exerciseServer>(1);
  return written;
}

/** Waits up to a day for one nudge. */
export async function awaitNudge(): Promise<boolean> {
  let nudged = false;
  setHandler(nudge, () => {
    nudged = true;
  });
  return condition(() => nudged, '1 day');
}
