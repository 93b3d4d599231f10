/**
 * A case answers a query only through a worker. With no worker running, the server holds the query until the
 * call's deadline (15 s), and a DPO on a bad day waits that long for "did not answer". The server knows which
 * workers poll a task queue, so a query here runs beside that question and is given up at once when no worker
 * polls the case's queue. The server remembers a poller for some minutes after its last poll, so a worker
 * stopped just now still counts and the query waits as before: the time of a poll is the server's, and is not
 * compared with this machine's clock, which may differ from it by more than a poll lasts.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';

// temporal.api.enums.v1: TASK_QUEUE_KIND_NORMAL and TASK_QUEUE_TYPE_WORKFLOW (the proto package's enums are not
// loaded by the client for this alone).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;
// A worker that has just started may not have polled yet: "no worker" must hold twice, this far apart.
const SECOND_LOOK_MS = 1_500;

export class NoWorkerError extends Error {
  override name = 'NoWorkerError';
  constructor(readonly taskQueue: string) {
    super(`no worker polls task queue ${taskQueue}`);
  }
}

/**
 * How many workers polled `taskQueue` for workflow tasks lately (the server forgets a poller some minutes
 * after its last poll); undefined when the server does not say (no permission, say), and the caller waits.
 */
export async function workflowPollers(client: Client, taskQueue: string): Promise<number | undefined> {
  try {
    const described = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    return described.pollers?.length ?? 0;
  } catch {
    return undefined;
  }
}

/** Resolves when no worker polls `taskQueue`, at a first look and a second; never otherwise. */
async function noWorker(client: Client, taskQueue: string, signal: AbortSignal): Promise<NoWorkerError> {
  const never = new Promise<never>(() => {});
  for (let look = 0; look < 2; look += 1) {
    if (look > 0) await new Promise((resolve) => setTimeout(resolve, SECOND_LOOK_MS).unref());
    if (signal.aborted || (await workflowPollers(client, taskQueue)) !== 0) return never;
  }
  return new NoWorkerError(taskQueue);
}

/**
 * Runs `ask` (a query of the case at `handle`), and rejects with a NoWorkerError as soon as it is clear that no
 * worker polls the case's task queue, which `taskQueue` names or the case's description gives.
 */
export async function askWithWorker<T>(
  client: Client,
  handle: WorkflowHandle,
  ask: () => Promise<T>,
  taskQueue?: string,
): Promise<T> {
  const settled = new AbortController();
  // Settled, the calls still out are cancelled: left to run, gRPC would retry one on a connection the command
  // has closed.
  const asked = client.withAbortSignal(settled.signal, ask);
  const absent = client.withAbortSignal(settled.signal, async () => {
    const queue = taskQueue ?? (await handle.describe().catch(() => undefined))?.taskQueue;
    return queue === undefined ? new Promise<never>(() => {}) : noWorker(client, queue, settled.signal);
  });
  try {
    return await Promise.race([
      asked,
      absent.then((error) => {
        throw error;
      }),
    ]);
  } finally {
    settled.abort();
    asked.catch(() => undefined);
  }
}
