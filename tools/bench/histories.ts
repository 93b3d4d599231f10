/** What the server kept of items' lives, read from their histories once the measuring is over. */
import proto from '@temporalio/proto';
import { inPool } from './stats.js';
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
