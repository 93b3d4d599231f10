/**
 * The processors of a case (GDPR Art. 33(2)): their contractual windows, who is still silent, and how long.
 */
import { nextNoticeDueAt } from './obligations.js';
import { ladderInstants } from './processor-ladder.js';
import type { CaseState, LadderStep, ProcessorAnswer } from './records.js';
import { HOUR_MS } from './time.js';

export function silentProcessors(state: CaseState): string[] {
  return Object.values(state.processors)
    .filter((v) => v.answers.length === 0)
    .map((v) => v.processorId);
}

export function processorWindowEndsAt(state: CaseState, processorId: string): string | undefined {
  const processor = state.caseFile.processors.find((p) => p.id === processorId);
  if (!processor) return undefined;
  const chase = state.processors[processorId];
  // A ladder the case climbs itself runs from `chasedFrom`, whenever the request was delivered: the window
  // shown is the one its reminder keeps to.
  const from = chase?.chasedFrom ?? chase?.requestedAt ?? state.openedAt;
  return new Date(Date.parse(from) + processor.noticeWindowHours * HOUR_MS).toISOString();
}

export interface ProcessorSilence {
  processorId: string;
  name: string;
  requestedAt?: string;
  answeredAt?: string;
  silentForHours: number;
  lastStep?: LadderStep;
  /** The latest answer, as recorded: what the processor said. */
  answer?: ProcessorAnswer;
}

export function processorSilence(state: CaseState, now: number): ProcessorSilence[] {
  return state.caseFile.processors.map((processor) => {
    const chase = state.processors[processor.id];
    const requestedAt = chase?.requestedAt;
    const answeredAt = chase?.answers[0]?.receivedAt;
    const end = answeredAt ? Date.parse(answeredAt) : now;
    const silentForHours = requestedAt
      ? Math.max(0, Math.floor(((end - Date.parse(requestedAt)) / HOUR_MS) * 10) / 10)
      : 0;
    const lastStep = chase?.steps.filter((s) => !s.skipped).at(-1)?.step;
    const answer = chase?.answers.at(-1);
    return {
      processorId: processor.id,
      name: processor.name,
      ...(requestedAt ? { requestedAt } : {}),
      ...(answeredAt ? { answeredAt } : {}),
      silentForHours,
      ...(lastStep ? { lastStep } : {}),
      ...(answer ? { answer } : {}),
    };
  });
}

/** A rung the case climbs itself: the processor, the rung, and the instant it is due at. */
export interface Rung {
  processorId: string;
  step: LadderStep;
  dueAt: number;
  /** Set when the rung is recorded without a message. */
  skip?: string;
}

/**
 * The rungs not yet climbed of each processor the case chases itself (`chasedFrom` set), stopped neither by an
 * answer nor by closing, each at its instant. A rung whose message is on its way (`onItsWay`) is not among them.
 */
export function pendingRungs(
  state: CaseState,
  onItsWay: (processorId: string, step: LadderStep) => boolean,
): Rung[] {
  if (state.closed) return [];
  const ladder = state.caseFile.reminderPlan.processorLadder;
  const authorityDueAt = nextNoticeDueAt(state);
  return state.caseFile.processors.flatMap((processor) => {
    const chase = state.processors[processor.id];
    if (!chase?.chasedFrom || chase.ladderStoppedAt) return [];
    const requestedAt = Date.parse(chase.chasedFrom);
    const window = { requestedAt, windowEndsAt: requestedAt + processor.noticeWindowHours * HOUR_MS };
    const climbed = new Set(chase.steps.map((s) => s.step));
    return ladderInstants(ladder, window, authorityDueAt)
      .filter(([step]) => !climbed.has(step) && !onItsWay(processor.id, step))
      .map(([step, dueAt]) => ({
        processorId: processor.id,
        step,
        dueAt,
        ...(step === 'vendor-escalation' && processor.escalation.length === 0
          ? { skip: 'no escalation contacts in the case file' }
          : {}),
      }));
  });
}
