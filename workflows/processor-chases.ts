/**
 * The case's side of its processors' chases: each silent processor is chased by a child workflow of its own
 * (`processor-chase.ts`); the case starts them, tells them when the authority deadline moves, and stops them when
 * the processor answers or the case closes.
 */
import { getExternalWorkflowHandle, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CaseState } from '../domain/case-state.js';
import { authorityDueChangedSignal, stopChaseSignal } from '../contract/chase-messages.js';
import { processorChaseId } from '../contract/workflow-ids.js';
import { nextNoticeDueAt } from '../domain/obligations.js';
import { processorMailContext } from '../domain/mail/processor-mail.js';
import type { processorChase } from './processor-chase.js';

/** The chase's workflow type, its first name (see index.ts). */
const PROCESSOR_CHASE_TYPE = 'vendorChase';

export class ProcessorChases {
  constructor(
    private readonly state: CaseState,
    private readonly workflowId: string,
  ) {}

  /**
   * Starts the chase of every processor not yet asked: at opening with the opening time as the request (a
   * back-dated case owes its processors the same window), after an amendment that adds one with the present.
   * A processor that has answered already is not asked at all.
   */
  async start(requestedAt: string): Promise<void> {
    const file = this.state.caseFile;
    for (const processor of file.processors) {
      const chase = this.state.processors[processor.id]!;
      if (chase.chaseStartedAt) continue;
      // The answer can come before the chase does: a new case claims its case ID in the register first, and the
      // DPO's update or the integration's signal may land while that write is out. Its stop found no chase to
      // stop, and the processor would be asked (then reminded, escalated) for what it has already told us. The
      // patch is asked only where runs differ, so no other run records its marker; a run recorded before this
      // change started that chase, and replays so.
      if (chase.ladderStoppedAt && patched('chase-after-answer')) continue;
      try {
        await startChild<typeof processorChase>(PROCESSOR_CHASE_TYPE, {
          workflowId: processorChaseId(this.workflowId, processor.id),
          // The chase outlives continue-as-new of the case; the case stops it explicitly when it closes.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              caseWorkflowId: this.workflowId,
              ladder: file.reminderPlan.processorLadder,
              authorityDueAt: nextNoticeDueAt(this.state),
              mail: processorMailContext(file, this.state, processor, requestedAt),
            },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      chase.chaseStartedAt = new Date().toISOString();
    }
  }

  async stop(processorId: string, reason: 'answered' | 'case-closed'): Promise<void> {
    const chase = this.state.processors[processorId];
    if (!chase || chase.ladderStoppedAt) return;
    chase.ladderStoppedAt = new Date().toISOString();
    try {
      await getExternalWorkflowHandle(processorChaseId(this.workflowId, processorId)).signal(
        stopChaseSignal,
        {
          reason,
        },
      );
    } catch {
      // The chase already ended its ladder: nothing left to stop.
    }
  }

  /** A corrected awareness moves the authority deadline, and with it each silent processor's escalation. */
  async moveDeadlines(): Promise<void> {
    for (const chase of Object.values(this.state.processors)) {
      if (!chase.chaseStartedAt || chase.ladderStoppedAt) continue;
      try {
        await getExternalWorkflowHandle(processorChaseId(this.workflowId, chase.processorId)).signal(
          authorityDueChangedSignal,
          { authorityDueAt: nextNoticeDueAt(this.state) },
        );
      } catch {
        // The chase already climbed its last rung: nothing left to move.
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(Object.keys(this.state.processors).map((id) => this.stop(id, 'case-closed')));
  }
}
