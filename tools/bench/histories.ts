/** What the server kept of items' lives, read from their histories once the measuring is over. */
import proto from '@temporalio/proto';
import { inPool, median } from './stats.js';
import type { Subject } from './subjects.js';

const { EventType, TimeoutType } = proto.temporal.api.enums.v1;
const { History } = proto.temporal.api.history.v1;

const FIRST_TASK_SAMPLE = 50;
const HISTORY_SAMPLE = 3;

/**
 * What a worker is handed in one life, counted from the history: workflow tasks, local activities (each also
 * wakes the workflow again within its task) and scheduled activities. The SDK's cost per unit is much the same
 * whatever the workflow's own code does, so the count says how much of a life's CPU its shape fixes.
 */
export interface WorkUnits {
  workflowTasks: number;
  localActivities: number;
  activities: number;
}

/** Per life of the whole item: the workflows it consists of, each with its events and bytes. */
export interface LifeHistory {
  events: number;
  bytes: number;
  units: WorkUnits;
  workflows: { events: number; bytes: number }[];
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

function workUnits(events: proto.temporal.api.history.v1.IHistoryEvent[]): WorkUnits {
  const count = (match: (e: proto.temporal.api.history.v1.IHistoryEvent) => boolean) =>
    events.filter(match).length;
  return {
    workflowTasks: count((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    localActivities: count(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
        e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER,
    ),
    activities: count((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED),
  };
}

/** All the work units of a life. */
export function unitsOf(units: WorkUnits): number {
  return units.workflowTasks + units.localActivities + units.activities;
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
            return {
              events: history.events?.length ?? 0,
              bytes: History.encode(history).finish().length,
              units: workUnits(history.events ?? []),
            };
          }),
        );
        const sum = (of: (w: (typeof workflows)[number]) => number) =>
          workflows.reduce((total, w) => total + of(w), 0);
        return {
          events: sum((w) => w.events),
          bytes: sum((w) => w.bytes),
          units: {
            workflowTasks: sum((w) => w.units.workflowTasks),
            localActivities: sum((w) => w.units.localActivities),
            activities: sum((w) => w.units.activities),
          },
          workflows: workflows.map(({ events, bytes }) => ({ events, bytes })),
        };
      }),
  );
  // The median life by events.
  lives.sort((a, b) => a.events - b.events);
  return lives[Math.floor(lives.length / 2)]!;
}

/** Where the lag of a due effect goes (ms), stage by stage. */
export interface Stages {
  /** From the due instant until the server fired the item's timer. */
  timerFired: number;
  /** From the timer fired until a worker took the workflow task it caused: the wait in the task queue. */
  taskQueued: number;
  /** From the worker taking that task until it completed it. */
  taskRun: number;
  /** From the task completed until a worker started the activity it scheduled: the activity's queue. */
  activityQueued: number;
  /** From the activity started until the due effect's file was written. */
  activityRun: number;
}

/** Medians over a sample of items spread over the lag's range, and over the slowest few items. */
export interface LagStages extends Stages {
  n: number;
  /** Sampled items whose due task timed out waiting for the worker holding them and went to the shared queue. */
  stickyTimeouts: number;
  slowest: Stages & { n: number };
}

const LAG_STAGE_SAMPLE = 24;
const SLOWEST_SAMPLE = 5;
const STAGE_KEYS = ['timerFired', 'taskQueued', 'taskRun', 'activityQueued', 'activityRun'] as const;

/**
 * Reads the stages of the due effect from the histories of a sample of items spread over the lag's range:
 * the first timer fired at the due instant, the workflow task it caused, the first activity that task
 * scheduled, then the file's write time.
 */
export async function lagStages(
  subject: Subject,
  written: ReadonlyMap<string, number>,
  dueAt: number,
): Promise<LagStages | undefined> {
  const byLag = [...written.entries()].sort((a, b) => a[1] - b[1]);
  const step = Math.max(1, Math.floor(byLag.length / LAG_STAGE_SAMPLE));
  const spread = byLag.filter((_, i) => i % step === 0).slice(0, LAG_STAGE_SAMPLE);
  const slowestIds = new Set(byLag.slice(-SLOWEST_SAMPLE).map(([id]) => id));
  const sample = [...new Map([...spread, ...byLag.slice(-SLOWEST_SAMPLE)]).entries()];
  const measured: { id: string; stages: Stages; stickyTimedOut: boolean }[] = [];
  await inPool(sample, 4, async ([id, fileAt]) => {
    const history = await subject.client.workflow.getHandle(subject.workflowIds(id)[0]!).fetchHistory();
    const events = history.events ?? [];
    // The due timer fires at the instant; a clock's skew between processes is well under this second.
    const fired = events.findIndex(
      (e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED && tsMs(e.eventTime) >= dueAt - 1_000,
    );
    const after = (from: number, type: proto.temporal.api.enums.v1.EventType) =>
      from < 0 ? -1 : events.findIndex((e, i) => i > from && e.eventType === type);
    const started = after(fired, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const completed = after(started, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    // The activity that task scheduled: among its commands, before the next workflow task.
    const nextTask = after(completed, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const firstScheduled = after(completed, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const scheduled = nextTask < 0 || firstScheduled < nextTask ? firstScheduled : -1;
    // An activity's started event is written when it ends, with the time its worker took it.
    const activityStarted = events.findIndex(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
        String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(events[scheduled]?.eventId),
    );
    if (fired < 0 || completed < 0 || scheduled < 0 || activityStarted < 0) return;
    const at = (index: number) => tsMs(events[index]!.eventTime);
    const stickyTimedOut = events.some(
      (e, i) =>
        i > fired &&
        i < started &&
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT &&
        e.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    measured.push({
      id,
      stickyTimedOut,
      stages: {
        timerFired: at(fired) - dueAt,
        taskQueued: at(started) - at(fired),
        taskRun: at(completed) - at(started),
        activityQueued: at(activityStarted) - at(completed),
        activityRun: fileAt - at(activityStarted),
      },
    });
  });
  if (!measured.length) return undefined;
  const medians = (of: Stages[]) =>
    Object.fromEntries(STAGE_KEYS.map((key) => [key, median(of.map((s) => s[key]))])) as unknown as Stages;
  const spreadIds = new Set(spread.map(([id]) => id));
  const of = (ids: Set<string>) => measured.filter((m) => ids.has(m.id)).map((m) => m.stages);
  const spreadStages = of(spreadIds);
  const slowest = of(slowestIds);
  return {
    n: spreadStages.length,
    stickyTimeouts: measured.filter((m) => spreadIds.has(m.id) && m.stickyTimedOut).length,
    ...medians(spreadStages),
    slowest: { n: slowest.length, ...medians(slowest) },
  };
}
