/** What the server kept of items' lives, read from their histories once the measuring is over. */
import proto from '@temporalio/proto';
import { inPool, median } from './stats.js';
import type { Subject } from './subjects.js';

const { EventType } = proto.temporal.api.enums.v1;
const { History } = proto.temporal.api.history.v1;

const FIRST_TASK_SAMPLE = 50;
const HISTORY_SAMPLE = 3;

/** Per life of the whole item: the workflows it consists of, each with its events and bytes. */
export interface LifeHistory {
  events: number;
  bytes: number;
  workflows: { events: number; bytes: number }[];
}

const tsMs = (ts: proto.google.protobuf.ITimestamp | null | undefined) =>
  Number(String(ts?.seconds ?? 0)) * 1000 + (ts?.nanos ?? 0) / 1e6;

/** From each sampled item's start call until its first workflow task completed, ms. */
export async function firstTaskLatencies(subject: Subject, started: Map<string, number>): Promise<number[]> {
  const opened = [...started.keys()];
  const step = Math.max(1, Math.floor(opened.length / FIRST_TASK_SAMPLE));
  const sample = opened.filter((_, i) => i % step === 0).slice(0, FIRST_TASK_SAMPLE);
  const latencies: number[] = [];
  await inPool(sample, 4, async (id) => {
    const history = await subject.client.workflow.getHandle(subject.workflowIds(id)[0]!).fetchHistory();
    const done = history.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (done) latencies.push(tsMs(done.eventTime) - started.get(id)!);
  });
  return latencies;
}

/** The median of a few lives (by events): events and encoded bytes, summed over the life's workflows. */
export async function lifeHistory(subject: Subject, items: string[]): Promise<LifeHistory> {
  const step = Math.max(1, Math.floor(items.length / HISTORY_SAMPLE));
  const lives = await Promise.all(
    items
      .filter((_, i) => i % step === 0)
      .slice(0, HISTORY_SAMPLE)
      .map(async (id) => {
        const workflows = await Promise.all(
          subject.workflowIds(id).map(async (workflowId) => {
            const history = await subject.client.workflow.getHandle(workflowId).fetchHistory();
            return { events: history.events?.length ?? 0, bytes: History.encode(history).finish().length };
          }),
        );
        return {
          events: workflows.reduce((total, w) => total + w.events, 0),
          bytes: workflows.reduce((total, w) => total + w.bytes, 0),
          workflows,
        };
      }),
  );
  // The median life by events.
  lives.sort((a, b) => a.events - b.events);
  return lives[Math.floor(lives.length / 2)]!;
}

/** Where the lag of a due effect goes, as medians over a sample of items (ms). */
export interface LagStages {
  n: number;
  /** From the due instant until the server fired the item's timer. */
  timerFired: number;
  /** From the timer fired until a worker took the workflow task it caused: the wait in the task queue. */
  taskQueued: number;
  /** From the worker taking that task until it completed it. */
  taskRun: number;
  /** From the task completed until the due effect's file was written: the activity's queue and its work. */
  effectWritten: number;
}

const LAG_STAGE_SAMPLE = 24;

/**
 * Reads the stages of the due effect from the histories of a sample of items spread over the lag's range:
 * the first timer fired at the due instant, the workflow task it caused, then the file's write time.
 */
export async function lagStages(
  subject: Subject,
  written: ReadonlyMap<string, number>,
  dueAt: number,
): Promise<LagStages | undefined> {
  const byLag = [...written.entries()].sort((a, b) => a[1] - b[1]);
  const step = Math.max(1, Math.floor(byLag.length / LAG_STAGE_SAMPLE));
  const sample = byLag.filter((_, i) => i % step === 0).slice(0, LAG_STAGE_SAMPLE);
  const stages: Omit<LagStages, 'n'>[] = [];
  await inPool(sample, 4, async ([id, fileAt]) => {
    const history = await subject.client.workflow.getHandle(subject.workflowIds(id)[0]!).fetchHistory();
    const events = history.events ?? [];
    // The due timer fires at the instant; a clock's skew between processes is well under this second.
    const fired = events.findIndex(
      (e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED && tsMs(e.eventTime) >= dueAt - 1_000,
    );
    const after = (from: number, type: proto.temporal.api.enums.v1.EventType) =>
      events.findIndex((e, i) => i > from && e.eventType === type);
    const started = after(fired, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const completed = after(started, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (fired < 0 || started < 0 || completed < 0) return;
    const at = (index: number) => tsMs(events[index]!.eventTime);
    stages.push({
      timerFired: at(fired) - dueAt,
      taskQueued: at(started) - at(fired),
      taskRun: at(completed) - at(started),
      effectWritten: fileAt - at(completed),
    });
  });
  if (!stages.length) return undefined;
  const of = (key: keyof Omit<LagStages, 'n'>) => median(stages.map((s) => s[key]));
  return {
    n: stages.length,
    timerFired: of('timerFired'),
    taskQueued: of('taskQueued'),
    taskRun: of('taskRun'),
    effectWritten: of('effectWritten'),
  };
}
