/**
 * The case's processors' chases (domain/processor-ladder.ts). A case climbs each silent processor's ladder
 * itself: each rung is an instant on the case's own timer and a message from its mailbox, and an answer or
 * closing stops the ladder by recording it. Cases that started before have a child workflow per processor
 * (`processor-chase.ts`): the case starts them, tells them when the authority deadline moves, stops them when
 * the processor answers or the case closes, and records the rungs they report. A processor's chase keeps the
 * way it was started for its whole life, also across continue-as-new.
 */
import { getExternalWorkflowHandle, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { SYSTEM_ACTOR, type CaseState } from '../domain/case-state.js';
import { authorityDueChangedSignal, stopChaseSignal } from '../contract/chase-messages.js';
import { processorChaseId } from '../contract/workflow-ids.js';
import { nextNoticeDueAt } from '../domain/obligations.js';
import { processorMail, processorMailContext, processorMailPurpose } from '../domain/mail/processor-mail.js';
import {
  askAgain,
  ladderRound,
  pendingRungs,
  refusedAtFormerContact,
  type Rung,
} from '../domain/processors.js';
import { deliveredDetail, type CaseMailbox } from './case-mailbox.js';
import type { processorChase } from './processor-chase.js';

/** The chase's workflow type, its first name (see index.ts). */
const PROCESSOR_CHASE_TYPE = 'vendorChase';

export class ProcessorChases {
  constructor(
    private readonly state: CaseState,
    private readonly workflowId: string,
    private readonly mailbox: CaseMailbox,
    /** New chases are climbed by the case itself; runs that started before start a child workflow each. */
    private readonly inCase: boolean,
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
      if (this.inCase) {
        // The answer can come before the chase does: a new case claims its case ID in the register first, and
        // the DPO's update or the integration's signal may land while that write is out.
        if (chase.ladderStoppedAt) continue;
        chase.chaseStartedAt = new Date().toISOString();
        chase.chasedFrom = requestedAt;
        continue;
      }
      // The same answer, before a chase of its own: it found no chase to stop, and the processor would be asked
      // (then reminded, escalated) for what it has already told us. The patch is asked only where runs differ,
      // so no other run records its marker; a run recorded before this change started that chase, and replays so.
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

  /** The processor answered, or the case closed: no rung after this one. */
  async stop(processorId: string, reason: 'answered' | 'case-closed'): Promise<void> {
    const chase = this.state.processors[processorId];
    if (!chase || chase.ladderStoppedAt) return;
    chase.ladderStoppedAt = new Date().toISOString();
    // Runs that started before signal the chase whether or not it has started, as they always did; a case that
    // climbs its ladders itself signals only chase workflows carried over from such a run.
    if (this.inCase && (chase.chasedFrom || !chase.chaseStartedAt)) return;
    try {
      await getExternalWorkflowHandle(processorChaseId(this.workflowId, processorId)).signal(
        stopChaseSignal,
        { reason },
      );
    } catch {
      // The chase already ended its ladder: nothing left to stop.
    }
  }

  /**
   * A corrected awareness moves the authority deadline, and with it each silent processor's escalation: the
   * case's own ladders read the deadline at every look; chase workflows are told.
   */
  async moveDeadlines(): Promise<void> {
    for (const chase of Object.values(this.state.processors)) {
      if (!chase.chaseStartedAt || chase.chasedFrom || chase.ladderStoppedAt) continue;
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

  /** The instant the next rung of the case's own ladders falls due, if any: the case's timer is aimed at it too. */
  nextAt(): number | undefined {
    const instants = this.pending().map((rung) => rung.dueAt);
    return instants.length ? Math.min(...instants) : undefined;
  }

  /**
   * Climbs every rung due now (domain/processors.ts, pendingRungs): the internal escalation due with the request
   * (a deadline so near) goes out with it, the rungs to the processor one after the other. A rung is recorded
   * when its message is delivered or refused, or at once when it has nothing to send. Returns whether any was
   * climbed.
   */
  climb(now: number): boolean {
    let climbed = false;
    // Again until none is due: a rung recorded as skipped lets the next one to the processor fall due at once.
    for (let due = this.due(now); due.length; due = this.due(now)) {
      for (const rung of due) this.climbRung(rung, now);
      climbed = true;
    }
    return climbed;
  }

  private due(now: number): Rung[] {
    return this.pending().filter((rung) => rung.dueAt <= now);
  }

  private pending(): Rung[] {
    return pendingRungs(this.state, (processorId, step, round) =>
      this.mailbox.holds(processorMailPurpose(processorId, step, round)),
    );
  }

  private climbRung(rung: Rung, now: number): void {
    const chase = this.state.processors[rung.processorId]!;
    const processor = this.state.caseFile.processors.find((p) => p.id === rung.processorId)!;
    const round = ladderRound(chase);
    const record = (
      step: { at: string; skipped?: string; undelivered?: string },
      event: string,
      detail: string,
    ) => {
      chase.steps.push({ step: rung.step, ...step, ...(round ? { round } : {}) });
      this.state.timeline.push({ at: step.at, actor: SYSTEM_ACTOR, event, detail });
    };
    const who = `processor ${rung.processorId}`;
    if (rung.skip) {
      record(
        { at: new Date(now).toISOString(), skipped: rung.skip },
        `processor ${rung.step} skipped`,
        `${who}: ${rung.skip}`,
      );
      return;
    }
    const context = processorMailContext(
      this.state.caseFile,
      this.state,
      processor,
      chase.chasedFrom!,
      round,
    );
    const mail = processorMail(context, rung.step, now, new Date(rung.dueAt).toISOString());
    this.mailbox.post(mail, (outcome) => {
      if ('failed' in outcome) {
        // Refused by the mail server: the rung is not tried again, and the case says why.
        record(
          { at: new Date().toISOString(), undelivered: outcome.failed },
          `processor ${rung.step} could not be delivered`,
          `${who}: ${outcome.failed}`,
        );
        // The DPO corrected the contact while this message was held back on its way to the old one: the case asks
        // again now, as it would for a correction made after the refusal. Patched as that is.
        if (refusedAtFormerContact(this.state, rung.processorId, mail.to) && patched('processor-ask-again')) {
          askAgain(this.state, [rung.processorId], new Date().toISOString());
        }
      } else {
        const at = outcome.result.deliveredAt;
        if (rung.step === 'request' && !chase.requestedAt) chase.requestedAt = at;
        record({ at }, `processor ${rung.step} sent`, `${who}: ${deliveredDetail(mail, outcome.result)}`);
      }
    });
  }
}
