/** Opening a case once, and what a file opened again means for the case its ID names. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { CaseFile } from '../domain/case-file.js';
import { caseIdOf } from '../domain/case-id.js';
import { caseWorkflowId } from '../contract/workflow-ids.js';
import { stateQuery } from '../contract/messages.js';
import { currentFactsVersion, initialState, type CaseState } from '../domain/case-state.js';
import { changedPaths, factsToday } from '../domain/facts.js';
import { caseStatus, type CaseStatus } from '../domain/status.js';
import { CliFailure } from './cli-support.js';
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
}

// An existing case that does not answer within this is reported as not compared, rather than waited on.
const COMPARE_DEADLINE_MS = 15_000;

/**
 * Opens a case once. A second open of the same case finds the first and starts nothing; it compares the file
 * with the case's facts, so a changed file is not taken for the case it no longer describes.
 */
export async function openCase(client: Client, taskQueue: string, file: CaseFile): Promise<OpenedCase> {
  const caseId = caseIdOf(file);
  const workflowId = caseWorkflowId(caseId);
  const openedAt = new Date().toISOString();
  try {
    await client.workflow.start<typeof breachCase>('breachCase', {
      taskQueue,
      workflowId,
      args: [{ caseId, caseFile: file, openedAt }],
      // A case ID is used once, ever: a closed case is not reopened by a stray re-run of the same file.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    let state: CaseState;
    try {
      state = await client.withDeadline(Date.now() + COMPARE_DEADLINE_MS, () =>
        client.workflow.getHandle(workflowId).query(stateQuery),
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
  const state = initialState(caseId, file, openedAt);
  return {
    caseId,
    workflowId,
    existed: false,
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
    changedPaths(factsToday(facts), file).filter((path) => !(corrected && path.startsWith('awareness')));
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
