/**
 * The two things measured side by side, behind one face: the project (a case of the README's first example,
 * whose one processor the case chases itself) and the floor (a bare workflow that sleeps, then writes one
 * file). Each says how to start an item due at an instant, which file in its folder is an item's due effect,
 * how to take an item to the end of its life, and which workflows that life consists of.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { parse } from 'yaml';
import { actionUpdates } from '../../contract/messages.js';
import { caseWorkflowId } from '../../contract/workflow-ids.js';
import { type CaseFile, type CaseFileInput } from '../../domain/case-file.js';
import { caseFileSchema } from '../../domain/case-file-schema.js';
import type { FloorInput } from './floor-workflow.js';
import {
  assertRunning,
  FLOOR_TASK_QUEUE,
  PROJECT_ROOT,
  PROJECT_TASK_QUEUE,
  type BenchStack,
} from './stack.js';

const HOUR_MS = 3_600_000;
/** GDPR Art. 33(1): the overdue escalation fires at awareness + 72 h. */
const ALARM_HOURS = 72;
/** New items of a burst fall due long after the benchmark ends. */
const NOT_DUE_SOON_MS = 24 * HOUR_MS;

export interface Subject {
  label: 'project' | 'floor';
  client: Client;
  taskQueue: string;
  pids(): number[];
  /** Throws when one of its workers, or the server, has ended on its own. */
  assertRunning(): void;
  /** Where the due effects land, one file per item. */
  folder: string;
  /** Starts one item; with `dueAt`, its due effect falls at that instant, otherwise long after the run. */
  start(id: string, dueAt?: number): Promise<void>;
  /** The item whose due effect this file name is, if it is one. */
  dueItemOf(fileName: string): string | undefined;
  /** Takes an item whose effect has fallen due to the end of its life, and waits for that end. */
  finish(id: string): Promise<void>;
  /** The workflows of one item's life: the one started, and those it starts. */
  workflowIds(id: string): string[];
}

const PROCESSOR_ID = 'transcribe';
const ESCALATION = '.authority-overdue-1.';
const ACTOR = 'Dana Example (benchmark)';

let example: CaseFileInput | undefined;

/** The README's first case (examples/mis-sent-access-export.yaml) under its own ID, aware at `awareAt`. */
export function benchCaseFile(caseId: string, awareAt: number): CaseFile {
  example ??= parse(
    readFileSync(join(PROJECT_ROOT, 'examples', 'mis-sent-access-export.yaml'), 'utf8'),
  ) as CaseFileInput;
  const iso = (ms: number) => new Date(ms).toISOString();
  return caseFileSchema.parse({
    ...example,
    caseId,
    detectedAt: iso(awareAt - 10 * 60_000),
    awareness: { ...example.awareness, awareAt: iso(awareAt) },
    breach: { ...example.breach!, endedAt: iso(awareAt - 5 * 60_000) },
  });
}

export function projectSubject(stack: BenchStack): Subject {
  const client = stack.client;
  return {
    label: 'project',
    client,
    taskQueue: PROJECT_TASK_QUEUE,
    pids: () => stack.projectWorkers.map((w) => w.pid),
    assertRunning: () => assertRunning([...stack.projectWorkers, stack.server]),
    folder: stack.outbox,
    async start(caseId, dueAt) {
      // The alarm is awareness + 72 h: a case aware 72 h before `dueAt` escalates at `dueAt`.
      const awareAt = dueAt === undefined ? Date.now() - 60_000 : dueAt - ALARM_HOURS * HOUR_MS;
      const caseFile = benchCaseFile(caseId, Math.min(awareAt, Date.now() - 60_000));
      // As `breach open` starts a case (client/open-case.ts), without its wait for the register.
      await client.workflow.start('breachCase', {
        taskQueue: PROJECT_TASK_QUEUE,
        workflowId: caseWorkflowId(caseId),
        args: [{ caseId, caseFile, openedAt: new Date().toISOString() }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      });
    },
    dueItemOf(fileName) {
      const at = fileName.indexOf(ESCALATION);
      return at > 0 ? fileName.slice(0, at) : undefined;
    },
    async finish(caseId) {
      // The README's walkthrough, short: assessed, the processor answers, the authority is told late, closed.
      const handle = client.workflow.getHandle(caseWorkflowId(caseId));
      await handle.executeUpdate(actionUpdates.assess, {
        args: [{ risk: 'risk', overrideReason: 'The recipient confirmed deleting the files', actor: ACTOR }],
      });
      await handle.executeUpdate(actionUpdates.processorAnswer, {
        args: [
          { processorId: PROCESSOR_ID, summary: 'Export job joined the wrong customer ID', actor: ACTOR },
        ],
      });
      await handle.executeUpdate(actionUpdates.notifyAuthority, {
        args: [
          {
            reference: `LDA-${caseId}`,
            channel: 'web form',
            reasonsForDelay: 'The report reached the DPO only after the weekend',
            actor: ACTOR,
          },
        ],
      });
      await handle.executeUpdate(actionUpdates.close, { args: [{ actor: ACTOR }] });
      await handle.result();
    },
    // The case climbs its processor's ladder itself: one workflow per life.
    workflowIds: (caseId) => [caseWorkflowId(caseId)],
  };
}

export function floorSubject(stack: BenchStack): Subject {
  const client = stack.floorClient;
  return {
    label: 'floor',
    client,
    taskQueue: FLOOR_TASK_QUEUE,
    pids: () => stack.floorWorkers.map((w) => w.pid),
    assertRunning: () => assertRunning([...stack.floorWorkers, stack.server]),
    folder: stack.floorDir,
    async start(id, dueAt) {
      const input: FloorInput = { dueAt: dueAt ?? Date.now() + NOT_DUE_SOON_MS, file: `${id}.due` };
      await client.workflow.start('benchFloor', {
        taskQueue: FLOOR_TASK_QUEUE,
        workflowId: id,
        args: [input],
      });
    },
    dueItemOf: (fileName) => (fileName.endsWith('.due') ? fileName.slice(0, -'.due'.length) : undefined),
    async finish(id) {
      // Its life ends with its one activity.
      await client.workflow.getHandle(id).result();
    },
    workflowIds: (id) => [id],
  };
}

/** How many of `ids` have their due-effect file in the subject's folder so far (names only, no stat). */
export function dueFiles(subject: Subject, ids: ReadonlySet<string>): number {
  let names: string[];
  try {
    names = readdirSync(subject.folder);
  } catch {
    return 0;
  }
  return names.filter((name) => ids.has(subject.dueItemOf(name) ?? '')).length;
}

/** Write times of the due-effect files found, read once they are all there (a stat per file, once). */
export function writeTimes(subject: Subject, ids: ReadonlySet<string>): Map<string, number> {
  const times = new Map<string, number>();
  for (const name of readdirSync(subject.folder)) {
    const id = subject.dueItemOf(name);
    if (id !== undefined && ids.has(id)) times.set(id, statSync(join(subject.folder, name)).mtimeMs);
  }
  return times;
}
