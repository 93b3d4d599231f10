/**
 * Workflow code for test/workflows/timer-race.test.ts, bundled on its own: the smallest run in which a workflow
 * task cancels a timer that fires on the server while that task is with the worker. The case workflow does the
 * same whenever something wakes it just before its next instant (CaseRuntime.waitForNext: a condition with a
 * timeout, whose timer is cancelled when the condition holds first).
 */
import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';

/** Wakes the workflow; the task that carries it stays with the worker for the given real milliseconds. */
export const wakeSignal = defineSignal<[holdMs: number]>('wake');

export async function wokenJustBeforeItsTimer(timerMs: number): Promise<'woken' | 'timed out'> {
  let woke = false;
  setHandler(wakeSignal, (holdMs) => {
    woke = true;
    // A slow task, as on a busy machine: the timer comes due on the server before the task's completion
    // (which cancels the timer, the condition having held first) reaches it. Deterministic: it changes nothing.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
  });
  const woken = await condition(() => woke, timerMs);
  // Like the case, it goes on waiting in the same task (a new timer beside the cancellation): a task that
  // completed the workflow instead would be failed as unhandled and sent again with the firing in it.
  await sleep(timerMs);
  return woken ? 'woken' : 'timed out';
}
