/**
 * One processor's ladder: a request for the facts on case open, then, while it stays silent past its
 * contractual window, a reminder, an escalation to its escalation contacts, and an internal escalation to the
 * DPO and legal, each at its configured offset. The internal escalation comes no later than a margin before the
 * authority deadline, and moves with it when awareness is corrected. The chase stops as soon as the case says
 * the vendor answered or the case closed, and after the last rung it has nothing more to do.
 */
import { condition, getExternalWorkflowHandle, patched, setHandler } from '@temporalio/workflow';
import type { ProcessorLadder } from '../domain/case-file.js';
import type { LadderStep } from '../domain/case-state.js';
import { processorMail, type ProcessorMailContext } from '../domain/mail/processor-mail.js';
import { authorityDueChangedSignal, ladderStepSignal, stopChaseSignal } from '../contract/chase-messages.js';
import { HOUR_MS } from '../domain/time.js';
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

const LADDER: readonly LadderStep[] = ['request', 'reminder', 'vendor-escalation', 'internal-escalation'];

/**
 * The instant of each rung. With an authority deadline, the internal escalation is pulled forward to at most
 * `internalEscalationMarginHours` before it (never before the request): the DPO must hear of a silent
 * processor while a notice can still be filed on time.
 */
export function ladderInstants(
  input: ProcessorChaseInput,
  authorityDueAt = input.authorityDueAt,
): [LadderStep, number][] {
  const windowEnd = Date.parse(input.mail.windowEndsAt);
  const requestedAt = Date.parse(input.mail.requestedAt);
  let internal = windowEnd + input.ladder.internalEscalationAfterHours * HOUR_MS;
  const margin = input.ladder.internalEscalationMarginHours as number | undefined;
  if (authorityDueAt !== undefined && margin !== undefined) {
    internal = Math.max(requestedAt, Math.min(internal, Date.parse(authorityDueAt) - margin * HOUR_MS));
  }
  return [
    ['request', requestedAt],
    ['reminder', windowEnd + input.ladder.reminderAfterHours * HOUR_MS],
    ['vendor-escalation', windowEnd + input.ladder.processorEscalationAfterHours * HOUR_MS],
    ['internal-escalation', internal],
  ];
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
    const instants = ladderInstants(input, bound ? authorityDueAt : undefined).filter(([step]) =>
      pending.has(step),
    );
    // The earliest rung next; ties keep the ladder's order. Unbound chases keep the ladder's order alone.
    const [step, at] = bound
      ? instants.reduce((next, candidate) => (candidate[1] < next[1] ? candidate : next))
      : instants[0]!;
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
