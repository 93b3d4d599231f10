/**
 * The rungs of the processors' ladders that a case climbs itself (domain/processors.ts, pendingRungs): each at
 * its offset from the processor's window, the internal escalation pulled before the authority deadline, and
 * nothing for a processor chased by a workflow of its own, stopped, or with the rung already climbed or on
 * its way.
 */
import { describe, expect, it } from 'vitest';
import { initialState, type CaseState } from '../../domain/case-state.js';
import { deadlines } from '../../domain/deadline-list.js';
import {
  askAgain,
  ladderRound,
  pendingRungs,
  processorSilence,
  processorsToAskAgain,
} from '../../domain/processors.js';
import { caseStatus } from '../../domain/status.js';
import { formatStatus } from '../../client/format.js';
import { pendingActions } from '../../domain/progress.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';

const AWARE = '2026-11-21T10:00:00.000Z';
const at = (hours: number) => Date.parse(AWARE) + hours * HOUR_MS;
const iso = (hours: number) => new Date(at(hours)).toISOString();

const SILENT = { id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' };

/** A case aware at AWARE whose processor the case chases from `chasedFrom` hours after it. */
function chased(chasedFrom: number, processor: object = SILENT): CaseState {
  const state = initialState(
    'BR-LADDER-1',
    sampleCaseFile({
      awareness: { awareAt: AWARE, decidedBy: 'Dana', reason: 'Confirmed' },
      processors: [processor as typeof SILENT],
    }),
    AWARE,
  );
  const chase = state.processors[SILENT.id]!;
  chase.chaseStartedAt = iso(chasedFrom);
  chase.chasedFrom = iso(chasedFrom);
  return state;
}

const nothingOnItsWay = () => false;
const instants = (state: CaseState, onItsWay = nothingOnItsWay) =>
  Object.fromEntries(pendingRungs(state, onItsWay).map((r) => [r.step, r.dueAt]));

/** Every rung's instant, climbing the ladder on a copy of the case: the rungs to the processor come one by one. */
function ladder(state: CaseState): Record<string, number> {
  const copy = structuredClone(state);
  const found: Record<string, number> = {};
  for (
    let rungs = pendingRungs(copy, nothingOnItsWay);
    rungs.length;
    rungs = pendingRungs(copy, nothingOnItsWay)
  ) {
    for (const rung of rungs) {
      found[rung.step] = rung.dueAt;
      const chase = copy.processors[rung.processorId]!;
      const round = ladderRound(chase);
      chase.steps.push({
        step: rung.step,
        at: new Date(rung.dueAt).toISOString(),
        ...(round ? { round } : {}),
      });
    }
  }
  return found;
}

describe('the rungs a case climbs itself', () => {
  it('falls due at the request, the window end, +24 h, and no later than 12 h before the 72 h', () => {
    // Window 24 h: reminder at its end, vendor escalation 24 h after, internal escalation 48 h after (72 h),
    // pulled to 60 h, 12 h before the authority deadline.
    expect(ladder(chased(0))).toEqual({
      request: at(0),
      reminder: at(24),
      'vendor-escalation': at(48),
      'internal-escalation': at(60),
    });
  });

  it('escalates internally at the request when the deadline is nearly gone, and moves with the deadline', () => {
    expect(ladder(chased(66))['internal-escalation']).toBe(at(66));
    const state = chased(0);
    // Awareness corrected to 5 h later: the deadline, and with it the internal escalation, moves 5 h on.
    state.awareAt = iso(5);
    expect(ladder(state)['internal-escalation']).toBe(at(65));
  });

  it('sends the rungs to the processor one at a time, and skips a vendor escalation with no one to escalate to', () => {
    const state = chased(0);
    // The request on its way: nothing more to the processor until it is delivered; the internal escalation
    // keeps its own instant.
    const requestOnItsWay = (processorId: string, step: string) =>
      processorId === SILENT.id && step === 'request';
    expect(pendingRungs(state, requestOnItsWay).map((r) => r.step)).toEqual(['internal-escalation']);
    state.processors[SILENT.id]!.steps.push({ step: 'request', at: iso(0) });
    expect(pendingRungs(state, nothingOnItsWay).map((r) => r.step)).toEqual([
      'reminder',
      'internal-escalation',
    ]);
    state.processors[SILENT.id]!.steps.push({ step: 'reminder', at: iso(24) });
    const rungs = pendingRungs(state, nothingOnItsWay);
    expect(rungs.map((r) => r.step)).toEqual(['vendor-escalation', 'internal-escalation']);
    expect(rungs[0]?.skip).toBe('no escalation contacts in the case file');
    const escalated = chased(0, { ...SILENT, escalation: ['cso@transcribe.test'] });
    expect(
      pendingRungs(escalated, nothingOnItsWay).find((r) => r.step === 'vendor-escalation')?.skip,
    ).toBeUndefined();
  });

  it('has none for a processor that answered, a closed case, or a chase workflow of its own', () => {
    const answered = chased(0);
    act(answered, 'processorAnswer', { processorId: SILENT.id, summary: 'Fixed', actor: 'Dana' }, at(1));
    answered.processors[SILENT.id]!.ladderStoppedAt = iso(1);
    expect(pendingRungs(answered, nothingOnItsWay)).toEqual([]);

    const closed = chased(0);
    closed.closed = { at: iso(2), by: 'Dana' };
    expect(pendingRungs(closed, nothingOnItsWay)).toEqual([]);

    const ownWorkflow = chased(0);
    delete ownWorkflow.processors[SILENT.id]!.chasedFrom;
    expect(pendingRungs(ownWorkflow, nothingOnItsWay)).toEqual([]);
  });

  it("shows the processor's window the ladder keeps to, also when the request was delivered late", () => {
    // Asked at opening; a mail outage held the request back three hours. The reminder is due at the window's
    // end from the opening, so that is the deadline the DPO sees.
    const state = chased(0);
    const chase = state.processors[SILENT.id]!;
    chase.requestedAt = iso(3);
    chase.steps.push({ step: 'request', at: iso(3) });
    const window = deadlines(state, at(4)).find((d) => d.name === `processor answer: ${SILENT.id}`);
    expect(window?.dueAt).toBe(iso(24));
    expect(instants(state).reminder).toBe(at(24));
  });

  it('asks nothing more of a processor whose request the mail server refused, and still escalates internally', () => {
    const state = chased(0, { ...SILENT, escalation: ['cso@transcribe.test'] });
    state.processors[SILENT.id]!.steps.push({
      step: 'request',
      at: iso(0),
      undelivered: '550 no such mailbox',
    });
    const rungs = pendingRungs(state, nothingOnItsWay);
    expect(rungs.map((r) => [r.step, r.skip])).toEqual([
      ['reminder', "the request could not be delivered to the processor's contact"],
      ['internal-escalation', undefined],
    ]);
  });

  it('asks a refused processor again from the request when an amendment corrects its contact, and no one else', () => {
    const refused = () => {
      const state = chased(0);
      state.processors[SILENT.id]!.steps.push({
        step: 'request',
        at: iso(0),
        undelivered: '550 no such mailbox',
      });
      return state;
    };
    const before = refused().caseFile;
    const corrected = (state: CaseState, contact: string) => {
      state.caseFile = { ...state.caseFile, processors: [{ ...state.caseFile.processors[0]!, contact }] };
      return state;
    };

    // The DPO's to-do says how: correct the contact, or reach the processor another way.
    const why = (state: CaseState) =>
      pendingActions(state, at(5)).find((p) => p.action === 'processor-answer')?.why;
    expect(why(refused())).toBe(
      'processor "transcribe" never got the request for facts: the mail server refused its request; correct its ' +
        'contact with breach amend to ask it again, or reach it another way and record its answer',
    );

    // The status says the processor was never reached, rather than silent.
    const line = (state: CaseState) =>
      formatStatus(caseStatus(state, at(5)), 'UTC')
        .split('\n')
        .find((l) => l.startsWith(`  ${SILENT.id} (`));
    expect(processorSilence(refused(), at(5))[0]?.refused).toBe('request');
    expect(line(refused())).toBe(
      '  transcribe (Transcribe Ltd): not reached: the mail server refused the request',
    );

    // Another contact for the refused processor: asked again, at the request, its window from then.
    const state = corrected(refused(), 'incidents@transcribe.test');
    expect(processorsToAskAgain(state, before)).toEqual([SILENT.id]);
    askAgain(state, [SILENT.id], iso(5));
    expect(state.processors[SILENT.id]!.askedAgainAt).toEqual([iso(5)]);
    expect(instants(state)).toEqual({ request: at(5), 'internal-escalation': at(60) });
    expect(ladder(state)).toMatchObject({ request: at(5), reminder: at(29) });
    expect(state.timeline.at(-1)?.event).toBe('processor asked again');
    expect(why(state)).toBe('processor "transcribe" has not answered the request for facts');
    expect(processorSilence(state, at(5))[0]?.refused).toBeUndefined();
    // A request of the new round on its way is not due again.
    expect(pendingRungs(state, (_, step) => step === 'request').map((r) => r.step)).toEqual([
      'internal-escalation',
    ]);
    // Recorded, the new round's request is its own; once delivered, it is asked no more.
    state.processors[SILENT.id]!.steps.push({ step: 'request', at: iso(5), round: 1 });
    expect(processorsToAskAgain(corrected(state, 'other@transcribe.test'), before)).toEqual([]);
    expect(instants(state).request).toBeUndefined();

    // The same contact, an answered processor, a closed case, or a chase workflow of its own: no one.
    expect(processorsToAskAgain(refused(), before)).toEqual([]);
    const answered = corrected(refused(), 'incidents@transcribe.test');
    act(answered, 'processorAnswer', { processorId: SILENT.id, summary: 'Fixed', actor: 'Dana' }, at(1));
    expect(processorsToAskAgain(answered, before)).toEqual([]);
    const closed = corrected(refused(), 'incidents@transcribe.test');
    closed.closed = { at: iso(2), by: 'Dana' };
    expect(processorsToAskAgain(closed, before)).toEqual([]);
    const ownWorkflow = corrected(refused(), 'incidents@transcribe.test');
    delete ownWorkflow.processors[SILENT.id]!.chasedFrom;
    expect(processorsToAskAgain(ownWorkflow, before)).toEqual([]);
  });
});
