/**
 * One processor's ladder (domain/processor-ladder.ts) climbed by a workflow of its own, as cases that started
 * before the case climbed its processors' ladders itself still have it: a request for the facts on case open,
 * then, while the processor stays silent, a reminder, an escalation and an internal escalation, each reported
 * to the case. The internal escalation moves when the case says the authority deadline moved. The chase stops
 * as soon as the case says the vendor answered or the case closed, and after the last rung it has nothing more
 * to do.
 */
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import type { ProcessorLadder } from '../domain/case-file.js';
import type { LadderStep } from '../domain/case-state.js';
import { processorMail, type ProcessorMailContext } from '../domain/mail/processor-mail.js';
import { authorityDueChangedSignal, ladderStepSignal, stopChaseSignal } from '../contract/chase-messages.js';
import { earliestRung, LADDER, ladderInstants } from '../domain/processor-ladder.js';
import { sendMail } from './send-mail.js';

export interface ProcessorChaseInput {
  caseWorkflowId: string;
  ladder: ProcessorLadder;
  mail: ProcessorMailContext;
  /** The case's authority deadline when the chase started (absent for chases started by earlier versions). */
  authorityDueAt?: string;
}

export interface ProcessorChaseResult {
  processorId: string;
  stoppedBy: 'answered' | 'case-closed' | 'ladder-complete';
  climbed: LadderStep[];
}

/** The instant of each rung of this chase (domain/processor-ladder.ts). */
export function chaseInstants(
  input: ProcessorChaseInput,
  authorityDueAt = input.authorityDueAt,
): [LadderStep, number][] {
  const window = {
    requestedAt: Date.parse(input.mail.requestedAt),
    windowEndsAt: Date.parse(input.mail.windowEndsAt),
  };
  return ladderInstants(input.ladder, window, authorityDueAt);
}

export async function processorChase(input: ProcessorChaseInput): Promise<ProcessorChaseResult> {
  let stoppedBy: 'answered' | 'case-closed' | undefined;
  let authorityDueAt = input.authorityDueAt;
  let moved = 0;
  setHandler(stopChaseSignal, ({ reason }) => {
    stoppedBy ??= reason;
  });
  setHandler(authorityDueChangedSignal, (change) => {
    authorityDueAt = change.authorityDueAt;
    moved += 1;
  });
  // Chases started before the deadline bound climb their rungs in the fixed order, as they always did.
  const bound = patched('internal-escalation-before-deadline');
  const caseHandle = getExternalWorkflowHandle(input.caseWorkflowId);
  const processorId = input.mail.processor.id;
  const report = async (step: LadderStep, skipped?: string) => {
    try {
      await caseHandle.signal(ladderStepSignal, {
        processorId,
        step,
        at: new Date().toISOString(),
        ...(skipped ? { skipped } : {}),
      });
    } catch {
      // The case has closed; the register already has what it needs.
    }
  };

  const climbed: LadderStep[] = [];
  const pending = new Set<LadderStep>(LADDER);
  while (pending.size) {
    const instants = chaseInstants(input, bound ? authorityDueAt : undefined).filter(([step]) =>
      pending.has(step),
    );
    // The earliest rung next; ties keep the ladder's order. Unbound chases keep the ladder's order alone.
    const [step, at] = bound ? earliestRung(instants)! : instants[0]!;
    const seen = moved;
    const wait = at - Date.now();
    if (wait > 0) await condition(() => stoppedBy !== undefined || moved !== seen, wait);
    if (stoppedBy) return { processorId, stoppedBy, climbed };
    if (moved !== seen) continue;
    pending.delete(step);
    if (step === 'vendor-escalation' && input.mail.processor.escalation.length === 0) {
      await report(step, 'no escalation contacts in the case file');
      continue;
    }
    await sendMail(processorMail(input.mail, step, Date.now(), new Date(at).toISOString()));
    climbed.push(step);
    await report(step);
  }
  return { processorId, stoppedBy: 'ladder-complete', climbed };
}
