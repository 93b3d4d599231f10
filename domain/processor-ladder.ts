/**
 * A processor's ladder (GDPR Art. 33(2): the processor tells the controller without undue delay): a request for
 * the facts, then, while it stays silent past its contractual window, a reminder, an escalation to its
 * escalation contacts, and an internal escalation to the DPO and legal, each at its configured offset. The
 * internal escalation comes no later than a margin before the authority deadline, and moves with it.
 *
 * Pure, for the case that climbs its processors' ladders itself and for the chase workflows of cases that
 * started before (workflows/processor-chase.ts).
 */
import type { ProcessorLadder } from './case-file.js';
import type { LadderStep } from './records.js';
import { HOUR_MS } from './time.js';

export const LADDER: readonly LadderStep[] = [
  'request',
  'reminder',
  'vendor-escalation',
  'internal-escalation',
];

export interface LadderWindow {
  /** When the processor was asked: the window runs from here. */
  requestedAt: number;
  /** When its contractual window ends. */
  windowEndsAt: number;
}

/**
 * The instant of each rung. With an authority deadline, the internal escalation is pulled forward to at most
 * `internalEscalationMarginHours` before it (never before the request): the DPO must hear of a silent
 * processor while a notice can still be filed on time.
 */
export function ladderInstants(
  ladder: ProcessorLadder,
  window: LadderWindow,
  authorityDueAt: string | undefined,
): [LadderStep, number][] {
  let internal = window.windowEndsAt + ladder.internalEscalationAfterHours * HOUR_MS;
  const margin = ladder.internalEscalationMarginHours as number | undefined;
  if (authorityDueAt !== undefined && margin !== undefined) {
    internal = Math.max(
      window.requestedAt,
      Math.min(internal, Date.parse(authorityDueAt) - margin * HOUR_MS),
    );
  }
  return [
    ['request', window.requestedAt],
    ['reminder', window.windowEndsAt + ladder.reminderAfterHours * HOUR_MS],
    ['vendor-escalation', window.windowEndsAt + ladder.processorEscalationAfterHours * HOUR_MS],
    ['internal-escalation', internal],
  ];
}

/** The earliest of the rungs; ties keep the ladder's order. */
export function earliestRung(instants: [LadderStep, number][]): [LadderStep, number] | undefined {
  return instants.reduce<[LadderStep, number] | undefined>(
    (next, candidate) => (next === undefined || candidate[1] < next[1] ? candidate : next),
    undefined,
  );
}
