/**
 * The heap of the worker's workflow thread, sized to its cache. The SDK runs every workflow in a worker thread
 * of its own isolate, and V8 lets that heap grow towards Node's default limit (about 4 GiB on this machine)
 * before it collects in earnest: with 500 workflows cached, 2,000 open cases took the worker 1.26 GiB above its
 * start, where the workflows it held (250 cases and their chases) keep about 200 MiB. A limit near what the
 * cache needs makes V8 collect sooner instead (README, Performance).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * What a cached workflow may keep: a case keeps about 70 KiB as it starts and more as its record grows, a
 * processor's chase about 30 KiB (tools/bench/workflow-footprint.ts; the domain they use is the worker's once,
 * workflows/shared-modules.ts). The need assumes every cached workflow is a case, at about three times that.
 */
export const CACHED_WORKFLOW_MIB = 0.2;
/** The thread's own: the workflow code, the SDK, and room for V8 to collect and a replay to run. */
export const WORKFLOW_HEAP_BASE_MIB = 256;

/** The heap a workflow thread needs to hold `cachedWorkflows` workflows, in MiB. */
export function workflowHeapNeedMib(cachedWorkflows: number): number {
  return Math.ceil(WORKFLOW_HEAP_BASE_MIB + cachedWorkflows * CACHED_WORKFLOW_MIB);
}

/**
 * Sets the old-space limit of the workflow threads the SDK starts after this call. V8 reads the flag when it
 * creates a thread's heap, so it must come before `Worker.create`; the main thread's heap keeps its own limit.
 * Node's `--max-old-space-size` on the command line would also size the main thread, which holds no workflow.
 */
export function limitWorkflowHeap(mib: number): void {
  setFlagsFromString(`--max-old-space-size=${mib}`);
}
