/**
 * One processor's ladder: a request for the facts on case open, then, while it stays silent past its
 * contractual window, a reminder, an escalation to its escalation contacts, and an internal escalation to the
 * DPO and legal, each at its configured offset. It stops as soon as the case says the vendor answered or the
 * case closed, and after the last rung it has nothing more to do.
 */
import { condition, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import type { VendorLadder } from '../common/case-file.js';
import type { LadderStep } from '../common/case-state.js';
import { vendorMail, type VendorMailContext } from '../common/mail-content.js';
import { ladderStepSignal, stopChaseSignal } from '../common/messages.js';
import { HOUR_MS } from '../common/time.js';
import { sendMail } from './send-mail.js';

export interface VendorChaseInput {
  caseWorkflowId: string;
  ladder: VendorLadder;
  mail: VendorMailContext;
}

export interface VendorChaseResult {
  processorId: string;
  stoppedBy: 'answered' | 'case-closed' | 'ladder-complete';
  climbed: LadderStep[];
}

export function ladderInstants(input: VendorChaseInput): [LadderStep, number][] {
  const windowEnd = Date.parse(input.mail.windowEndsAt);
  return [
    ['request', Date.parse(input.mail.requestedAt)],
    ['reminder', windowEnd + input.ladder.reminderAfterHours * HOUR_MS],
    ['vendor-escalation', windowEnd + input.ladder.vendorEscalationAfterHours * HOUR_MS],
    ['internal-escalation', windowEnd + input.ladder.internalEscalationAfterHours * HOUR_MS],
  ];
}

export async function vendorChase(input: VendorChaseInput): Promise<VendorChaseResult> {
  let stoppedBy: 'answered' | 'case-closed' | undefined;
  setHandler(stopChaseSignal, ({ reason }) => {
    stoppedBy ??= reason;
  });
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
  for (const [step, at] of ladderInstants(input)) {
    const wait = at - Date.now();
    if (wait > 0) await condition(() => stoppedBy !== undefined, wait);
    if (stoppedBy) return { processorId, stoppedBy, climbed };
    if (step === 'vendor-escalation' && input.mail.processor.escalation.length === 0) {
      await report(step, 'no escalation contacts in the case file');
      continue;
    }
    await sendMail(vendorMail(input.mail, step, Date.now(), new Date(at).toISOString()));
    climbed.push(step);
    await report(step);
  }
  return { processorId, stoppedBy: 'ladder-complete', climbed };
}
