/**
 * The processors of a case (GDPR Art. 33(2)): their contractual windows, who is still silent, and how long.
 */
import type { CaseFile } from './case-file.js';
import { SYSTEM_ACTOR } from './case-state.js';
import { nextNoticeDueAt } from './obligations.js';
import { ladderInstants } from './processor-ladder.js';
import type { CaseState, LadderStep, ProcessorAnswer, ProcessorState } from './records.js';
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
  /** The request or reminder the mail server refused, while the processor is still to be reached. */
  refused?: LadderStep;
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
    const lastStep = chase?.steps.filter((s) => !s.skipped && !s.undelivered).at(-1)?.step;
    const answer = chase?.answers.at(-1);
    const refused = chase ? standingRefusal(chase) : undefined;
    return {
      processorId: processor.id,
      name: processor.name,
      ...(requestedAt ? { requestedAt } : {}),
      ...(answeredAt ? { answeredAt } : {}),
      silentForHours,
      ...(lastStep ? { lastStep } : {}),
      ...(refused ? { refused } : {}),
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

/** The rungs that go to the processor itself; the internal escalation goes to the DPO and legal. */
const TO_THE_PROCESSOR: ReadonlySet<LadderStep> = new Set(['request', 'reminder', 'vendor-escalation']);

/**
 * The rungs next due of each processor the case chases itself (`chasedFrom` set), stopped neither by an answer
 * nor by closing, each at its instant. The rungs to the processor go one at a time, in the ladder's order: the
 * next waits until the one before is delivered (a reminder never overtakes a request held back by a mail
 * outage), and after a request or reminder the mail server refused, the rest are recorded as skipped (they
 * would go to the same address, or say the processor was asked), until an amendment corrects the contact and the
 * case asks again (`askAgain`). The internal escalation keeps its own instant. A rung whose message is on its way
 * (`onItsWay`, asked with the chase's round) is not among them.
 */
export function pendingRungs(
  state: CaseState,
  onItsWay: (processorId: string, step: LadderStep, round: number) => boolean,
): Rung[] {
  if (state.closed) return [];
  const chased = state.caseFile.processors.filter((p) => {
    const chase = state.processors[p.id];
    return chase?.chasedFrom !== undefined && !chase.ladderStoppedAt;
  });
  if (!chased.length) return [];
  const ladder = state.caseFile.reminderPlan.processorLadder;
  const authorityDueAt = nextNoticeDueAt(state);
  return chased.flatMap((processor) => {
    const chase = state.processors[processor.id]!;
    const window = {
      requestedAt: Date.parse(chase.chasedFrom!),
      windowEndsAt: Date.parse(processorWindowEndsAt(state, processor.id)!),
    };
    // A round asked again at a corrected contact climbs the rungs to the processor anew; the internal
    // escalation, to the DPO, is climbed once in the chase's life.
    const round = ladderRound(chase);
    const climbed = new Set(
      chase.steps.filter((s) => !TO_THE_PROCESSOR.has(s.step) || (s.round ?? 0) === round).map((s) => s.step),
    );
    const refused = refusedStep(chase);
    const waiting = [...TO_THE_PROCESSOR].some((step) => onItsWay(processor.id, step, round));
    const open = ladderInstants(ladder, window, authorityDueAt).filter(
      ([step]) => !climbed.has(step) && !onItsWay(processor.id, step, round),
    );
    const next = open.find(([step]) => TO_THE_PROCESSOR.has(step));
    return open
      .filter(([step]) => !TO_THE_PROCESSOR.has(step) || (step === next?.[0] && !waiting))
      .map(([step, dueAt]) => {
        const skip = skipReason(step, processor.escalation.length > 0, refused?.step);
        return { processorId: processor.id, step, dueAt, ...(skip ? { skip } : {}) };
      });
  });
}

/** Why a rung is recorded without a message, if it is. */
function skipReason(
  step: LadderStep,
  escalates: boolean,
  refused: LadderStep | undefined,
): string | undefined {
  if (refused) {
    return TO_THE_PROCESSOR.has(step)
      ? `the ${refused} could not be delivered to the processor's contact`
      : undefined;
  }
  if (step === 'vendor-escalation' && !escalates) return 'no escalation contacts in the case file';
  return undefined;
}

/** The round of a processor's ladder: 0, and one more each time the case asked again at a corrected contact. */
export function ladderRound(chase: ProcessorState): number {
  return chase.askedAgainAt?.length ?? 0;
}

/** The request or reminder of the ladder's current round that the mail server refused, if one was. */
function refusedStep(chase: ProcessorState): ProcessorState['steps'][number] | undefined {
  const round = ladderRound(chase);
  return chase.steps.find((s) => s.undelivered && TO_THE_PROCESSOR.has(s.step) && (s.round ?? 0) === round);
}

/**
 * The step of the current round the mail server refused, while that still keeps the processor unreached: it
 * has neither answered nor had its ladder stopped.
 */
export function standingRefusal(chase: ProcessorState): LadderStep | undefined {
  if (chase.ladderStoppedAt || chase.answers.length) return undefined;
  return refusedStep(chase)?.step;
}

/** The rungs that go to the processor's contact: a corrected contact mends their refusal. */
const TO_THE_CONTACT: ReadonlySet<LadderStep> = new Set(['request', 'reminder']);

/**
 * Whether the case may ask this processor again: its ladder is the case's own, neither answered nor stopped, and
 * the mail server refused the current round's request or reminder, which went to its contact.
 */
function askable(state: CaseState, processorId: string): boolean {
  const chase = state.processors[processorId];
  if (state.closed || !chase?.chasedFrom) return false;
  const refused = standingRefusal(chase);
  return refused !== undefined && TO_THE_CONTACT.has(refused);
}

/**
 * The processors an amendment (from the facts `before` it to the case's facts now) gave another contact while
 * the mail server's refusal of their request or reminder stopped their ladder: the case can ask them again, at
 * the corrected address.
 */
export function processorsToAskAgain(state: CaseState, before: CaseFile): string[] {
  return state.caseFile.processors.flatMap((processor) => {
    const previous = before.processors.find((p) => p.id === processor.id);
    if (!previous || previous.contact === processor.contact) return [];
    return askable(state, processor.id) ? [processor.id] : [];
  });
}

/**
 * True when the mail server refused a message to the processor's contact that an amendment had corrected while
 * the message was on its way (a mail outage held it back): the case can ask again at once, at the contact the
 * case now has.
 */
export function refusedAtFormerContact(
  state: CaseState,
  processorId: string,
  sentTo: readonly string[],
): boolean {
  const processor = state.caseFile.processors.find((p) => p.id === processorId);
  return processor !== undefined && !sentTo.includes(processor.contact) && askable(state, processorId);
}

/**
 * Asks these processors again from now (`at`): a new round of the ladder at their corrected contact, its
 * window from this request, as a request the processor never received gave it none.
 */
export function askAgain(state: CaseState, processorIds: readonly string[], at: string): void {
  for (const processorId of processorIds) {
    const chase = state.processors[processorId]!;
    const refused = refusedStep(chase);
    chase.askedAgainAt = [...(chase.askedAgainAt ?? []), at];
    chase.chasedFrom = at;
    state.timeline.push({
      at,
      actor: SYSTEM_ACTOR,
      event: 'processor asked again',
      detail:
        `processor ${processorId}: the ${refused?.step ?? 'request'} could not be delivered to a contact since ` +
        'corrected; the request goes to the new address, and the ladder starts again from it',
    });
  }
}
