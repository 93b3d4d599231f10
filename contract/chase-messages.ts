/**
 * The signals between a case and its processors' chases. A chase's workflow loads these alone: the case's
 * queries and updates (messages.ts) bring the whole action table with them.
 */
import { defineSignal } from '@temporalio/workflow';
import type { LadderStep } from '../domain/case-state.js';

/** From a processor's chase to its case: a rung of the ladder was climbed. */
export interface LadderStepReport {
  processorId: string;
  step: LadderStep;
  at: string;
  skipped?: string;
}
export const ladderStepSignal = defineSignal<[LadderStepReport]>('ladderStep');

/**
 * From the case to a processor's chase: the authority deadline moved (awareness was corrected), so the
 * internal escalation, which must come before it, moves too.
 */
export const authorityDueChangedSignal = defineSignal<[{ authorityDueAt: string }]>('authorityDueChanged');

/** From the case to a processor's chase: stop climbing. */
export const stopChaseSignal = defineSignal<[{ reason: 'answered' | 'case-closed' }]>('stopChase');
