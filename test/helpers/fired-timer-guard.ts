/**
 * A workflow interceptor for long runs on the time-skipping test server (the chaos run): a timer that may have
 * fired on the server already is left to fire instead of being cancelled.
 *
 * Why: the time-skipping server (temporal-test-server 1.38.0) refuses a workflow task completion that cancels
 * a timer which fired while the task was with the worker ("invalid history builder state for action",
 * temporalio/sdk-java#2606), and then neither times the task out nor sends it again (#3088): the run stands
 * still, and with it the server's clock. A real server takes the same completion (it drops the buffered
 * TimerFired and records TimerCanceled); test/workflows/timer-race.test.ts shows both. The workflows are right
 * to cancel: this guard only keeps the test server away from the one command it mishandles.
 *
 * Which timers: the server's clock runs at real pace while a workflow task is out (it skips only when nothing
 * is in flight), and a completion that comes later than the task's timeout is refused as stale anyway. So only
 * a timer due within the task timeout of the cancelling task's time can have fired before the cancellation
 * arrives. Such a timer is not cancelled: the workflow stops waiting for it all the same, and its TimerFired,
 * when it comes, resolves nothing. Every other timer is cancelled as usual. The choice reads workflow time
 * only, so a history replays with the same commands.
 */
import {
  CancellationScope,
  workflowInfo,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

const guard: WorkflowOutboundCallsInterceptor = {
  startTimer(input, next) {
    const outer = CancellationScope.current();
    if (!outer.cancellable || outer.consideredCancelled) return next(input);
    // The earliest the server can fire it: the task that starts it completes at this instant or later.
    const dueAt = Date.now() + input.durationMs;
    // The timer's own scope, out of reach of the caller's cancellation: the guard decides whether to pass it on.
    let own: CancellationScope | undefined;
    const fired = CancellationScope.nonCancellable(() => {
      own = new CancellationScope();
      return own.run(() => next(input));
    });
    return new Promise<void>((resolve, reject) => {
      fired.then(resolve, reject);
      outer.cancelRequested.catch((error: Error) => {
        if (dueAt - Date.now() > workflowInfo().taskTimeoutMs) own?.cancel();
        reject(error);
      });
    });
  },
};

export const interceptors: WorkflowInterceptorsFactory = () => ({ outbound: [guard] });
