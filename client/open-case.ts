/** Opening a case once, and what a file opened again means for the case its ID names. */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PolicyTargets } from '../domain/policy-targets.js';
import type { CaseFile } from '../domain/case-file.js';
import { caseIdOf } from '../domain/case-id.js';
import { caseWorkflowId } from '../contract/workflow-ids.js';
import { stateQuery } from '../contract/messages.js';
import { currentFactsVersion, initialState, type CaseState } from '../domain/case-state.js';
import { caseFileSchema } from '../domain/case-file-schema.js';
import { changedPaths, factsToday } from '../domain/facts.js';
import { caseStatus, type CaseStatus } from '../domain/status.js';
import { CliFailure } from './cli-support.js';
import { askWithWorker, NoWorkerError } from './worker-presence.js';
import type { breachCase } from '../workflows/breach-case.js';

/**
 * How a file opened again compares with the case its ID names. Paths only, never values: facts can be
 * personal data, and this ends up on a terminal.
 */
export type FactsComparison =
  /** The file has the case's facts: as they are now, or as the case was opened (before amendments). */
  | { kind: 'same'; as: 'current' | 'opening'; version: number }
  /** The file differs from the current facts in these dotted paths (and from the opening ones too). */
  | { kind: 'different'; paths: string[] }
  /** The case did not answer (no worker, say), so nothing could be compared. */
  | { kind: 'unknown'; why: string };

export interface OpenedCase {
  caseId: string;
  workflowId: string;
  /** True when the case was already open (or closed): nothing new was started. */
  existed: boolean;
  /** For an existing case: how the file compares with its facts. */
  facts?: FactsComparison;
  /** For a new case, computed here from the same rules the workflow runs; for an existing one, from its state. */
  status?: CaseStatus;
  /** A new case whose file has no awareness.awareAt: awareness was taken as detectedAt. */
  awarenessFromDetection?: boolean;
  /** A new case the worker did not yet confirm in the register (false: no worker answered in time). */
  registered?: boolean;
}

// An existing case that does not answer within this is reported as not compared, rather than waited on.
const COMPARE_DEADLINE_MS = 15_000;
// A new case takes its case ID in the register within one activity; without a worker, open does not wait long.
const REGISTER_DEADLINE_MS = 10_000;

/**
 * The refusal of a case whose ID the register holds for another breach (the case workflow failed with
 * `CaseIdInUse` before sending anything), or undefined when the run did not fail that way.
 */
async function caseIdRefusal(handle: WorkflowHandle, caseId: string): Promise<CliFailure | undefined> {
  const failure = await handle.result().then(
    () => undefined,
    (error: unknown) => error,
  );
  const cause = failure instanceof WorkflowFailedError ? failure.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== 'CaseIdInUse') return undefined;
  return new CliFailure(
    [
      `Case ${caseId} was not opened: the register already holds case ID ${caseId} for another breach.`,
      cause.message ?? '',
      'Nothing was sent. Give the new breach its own caseId in the file; a closed case continues with breach reopen.',
    ].join('\n'),
  );
}

/**
 * Waits until the new case has taken its case ID in the register, and refuses it when the register holds the
 * ID for another breach. False when the worker did not confirm it in time (it is not running, say).
 */
async function registered(
  client: Client,
  taskQueue: string,
  workflowId: string,
  caseId: string,
): Promise<boolean> {
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + REGISTER_DEADLINE_MS;
  while (Date.now() < deadline) {
    const { status } = await handle.describe();
    if (status.name === 'FAILED') {
      const refusal = await caseIdRefusal(handle, caseId);
      if (refusal) throw refusal;
      return false;
    }
    if (status.name === 'RUNNING') {
      const state = await client
        .withDeadline(deadline, () =>
          askWithWorker(client, handle, () => handle.query(stateQuery), taskQueue),
        )
        .catch((error: unknown) => (error instanceof NoWorkerError ? error : undefined));
      // No worker to take the case's ID: it cannot be confirmed now, and waiting longer will not change that.
      if (state instanceof NoWorkerError) return false;
      // A case opened by an engine without breach identities has no register claim to wait for.
      if (state && (state.registeredAt !== undefined || state.breachId === undefined)) return true;
    } else return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Opens a case once. A second open of the same case finds the first and starts nothing; it compares the file
 * with the case's facts, so a changed file is not taken for the case it no longer describes.
 */
export async function openCase(
  client: Client,
  taskQueue: string,
  file: CaseFile,
  policyTargets: PolicyTargets = {},
): Promise<OpenedCase> {
  const caseId = caseIdOf(file);
  const workflowId = caseWorkflowId(caseId);
  const openedAt = new Date().toISOString();
  try {
    await client.workflow.start<typeof breachCase>('breachCase', {
      taskQueue,
      workflowId,
      args: [
        {
          caseId,
          caseFile: file,
          openedAt,
          ...(Object.keys(policyTargets).length ? { organisationPolicyTargets: policyTargets } : {}),
        },
      ],
      // A case ID is used once, ever: a closed case is not reopened by a stray re-run of the same file.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // A run refused for its case ID is no case: opening the file again is refused again.
    const existing = client.workflow.getHandle(workflowId);
    const description = await existing.describe();
    if (description.status.name === 'FAILED') {
      const refusal = await caseIdRefusal(existing, caseId);
      if (refusal) throw refusal;
    }
    let state: CaseState;
    try {
      state = await client.withDeadline(Date.now() + COMPARE_DEADLINE_MS, () =>
        askWithWorker(client, existing, () => existing.query(stateQuery), description.taskQueue),
      );
    } catch (queryError) {
      return {
        caseId,
        workflowId,
        existed: true,
        facts: { kind: 'unknown', why: (queryError as Error).message },
      };
    }
    return {
      caseId,
      workflowId,
      existed: true,
      facts: compareFacts(file, state),
      status: caseStatus(state, Date.now()),
    };
  }
  const confirmed = await registered(client, taskQueue, workflowId, caseId);
  const state = initialState(caseId, file, openedAt);
  if (Object.keys(policyTargets).length) state.organisationPolicyTargets = policyTargets;
  return {
    caseId,
    workflowId,
    existed: false,
    registered: confirmed,
    status: caseStatus(state, Date.now()),
    ...(file.awareness.awareAt === undefined ? { awarenessFromDetection: true } : {}),
  };
}

/** The file against the case's current facts, then against the facts it was opened with. */
export function compareFacts(file: CaseFile, state: CaseState): FactsComparison {
  const version = currentFactsVersion(state);
  // Awareness corrected with set-awareness lives in the case, not in its facts: a file that states the
  // corrected awareness describes the same breach.
  const corrected = state.awareness.length > 1;
  const differing = (facts: CaseFile) =>
    changedPaths(factsToday(facts, caseFileSchema), file).filter(
      (path) => !(corrected && path.startsWith('awareness')),
    );
  const current = differing(state.caseFile);
  if (!current.length) return { kind: 'same', as: 'current', version };
  if (!differing(state.factsHistory?.[1] ?? state.caseFile).length)
    return { kind: 'same', as: 'opening', version };
  return { kind: 'different', paths: current };
}

// The facts that started the case's clock: never amended (awareness is corrected with set-awareness).
const CLOCK_FACTS = new Set(['caseId', 'detectedAt', 'awareness', 'reportedByProcessor']);

/**
 * A file naming an existing case must have its facts; otherwise nothing is done, and the way on is amend (or
 * set-awareness for what started the clock). Names the differing paths, never their values.
 */
export function refuseOtherFacts(opened: OpenedCase, path: string): void {
  const facts = opened.facts;
  const id = opened.caseId;
  if (facts?.kind === 'different') {
    const clock = facts.paths.filter((p) => CLOCK_FACTS.has(p.split('.')[0] ?? p));
    const others = facts.paths.filter((p) => !clock.includes(p));
    const amend = `breach amend ${id} ${path} --reason "..."`;
    throw new CliFailure(
      [
        `Case ${id} already exists with other facts; nothing was started or changed.`,
        `The file differs from its current facts in: ${facts.paths.join(', ')}.`,
        ...(clock.length
          ? [
              `${clock.join(', ')}: started the case's clock and cannot be amended; a corrected awareness is recorded with: breach set-awareness ${id} --aware-at T --reason R`,
            ]
          : []),
        ...(others.length
          ? [
              clock.length
                ? `To record the other facts as a new version, put those back as they were, then: ${amend}`
                : `To record the file's facts as a new version: ${amend}`,
            ]
          : []),
      ].join('\n'),
    );
  }
  if (facts?.kind === 'unknown') {
    throw new CliFailure(
      `Case ${id} already exists, but its facts could not be compared with the file: the case did not answer ` +
        `(${facts.why}). Is the worker running? Nothing was started.`,
    );
  }
}
