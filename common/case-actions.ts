/**
 * Every DPO action on a case: its input schema, the rules it must satisfy against the current state, and how it
 * changes the state. The workflow's update validators call `checkAction` (synchronous, changes nothing) and its
 * handlers call `applyAction`; the CLI parses with the same schemas before it sends anything.
 */
import { z } from 'zod';
import { futureProblem, instant } from './case-file.js';
import {
  activeHold,
  currentFactsVersion,
  latestAuthorityDecision,
  NOTICE_ITEMS,
  riskLevel,
  subjectsAffected,
  subjectsCommunicationBasis,
  subjectsTold,
  suggestion,
  type CaseState,
  type NoticeItem,
} from './case-state.js';
import {
  authorityLegalEndAt,
  caseObligations,
  caseRegimes,
  closeBlockers,
  initialNotice,
  noticeLateness,
  noticesFor,
  primaryRegime,
} from './obligations.js';
import { REGIME_IDS } from './regimes/index.js';
import { renderAuthorityNotice } from './documents.js';
import { amendedFacts, factsChangedSince, recordAmendment } from './facts.js';
import { sha256Hex } from './sha256.js';
import { DAY_MS } from './time.js';
import type { FieldProblem } from './validation.js';
import { fieldProblems } from './validation.js';

const actor = z.string().trim().min(1, 'say who records this').max(200);
const text = (max: number) => z.string().trim().min(1).max(max);
const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'expected a lowercase hex SHA-256 (64 characters)');
const items = z.array(z.enum(NOTICE_ITEMS as [NoticeItem, ...NoticeItem[]]));

export const actionSchemas = {
  assess: z.strictObject({
    risk: z.enum(['none', 'risk', 'high']),
    rationale: text(4000).optional(),
    overrideReason: text(4000).optional(),
    actor,
  }),
  notifyAuthority: z.strictObject({
    /** Whose authority: one of the case's regimes; the first one when absent. */
    regime: z.enum(REGIME_IDS).optional(),
    reference: text(200),
    filedAt: instant.optional(),
    channel: text(200),
    contentSha256: sha256.optional(),
    items: items.min(1).optional(),
    reasonsForDelay: text(4000).optional(),
    actor,
  }),
  supplement: z.strictObject({
    regime: z.enum(REGIME_IDS).optional(),
    reference: text(200),
    filedAt: instant.optional(),
    channel: text(200),
    contentSha256: sha256.optional(),
    /** Art. 33(3) items this filing supplies; none when it only gives reasons or changed facts. */
    items: items.default([]),
    reasonsForDelay: text(4000).optional(),
    actor,
  }),
  notifySubjects: z.strictObject({
    count: z.number().int().min(1),
    channel: text(200),
    sentAt: instant.optional(),
    group: text(200).optional(),
    actor,
  }),
  exempt: z.strictObject({
    ground: z.enum(['a', 'b', 'c']),
    evidence: text(4000),
    publicCommunication: z
      .strictObject({ channel: text(200), at: instant, reference: text(500).optional() })
      .optional(),
    actor,
  }),
  vendorAnswer: z.strictObject({
    processorId: z.string().min(1),
    summary: text(4000),
    whatHappened: text(4000).optional(),
    dataAffected: text(4000).optional(),
    subjectsAffected: z.number().int().min(0).optional(),
    measures: text(4000).optional(),
    contact: text(500).optional(),
    receivedAt: instant.optional(),
    actor,
  }),
  setAwareness: z.strictObject({ awareAt: instant, reason: text(2000), actor }),
  /** A new version of the facts: the keys given replace the current ones (objects merge, lists replace). */
  amend: z.strictObject({
    facts: z
      .record(z.string(), z.unknown())
      .refine((facts) => Object.keys(facts).length > 0, 'name at least one fact to change'),
    reason: text(2000),
    actor,
  }),
  /** Art. 34(4): the authority required the communication, or decided that an Art. 34(3) condition is met. */
  authorityDecision: z.strictObject({
    decision: z.enum(['require-communication', 'exemption-applies']),
    ground: z.enum(['a', 'b', 'c']).optional(),
    reference: text(200),
    decidedAt: instant.optional(),
    note: text(4000).optional(),
    actor,
  }),
  /** Recitals 86/88: a law-enforcement authority asked to delay the communication to the data subjects. */
  hold: z.strictObject({
    authority: text(200),
    reference: text(200),
    reason: text(2000),
    reviewAt: instant,
    actor,
  }),
  releaseHold: z.strictObject({ note: text(2000).optional(), actor }),
  noNotification: z.strictObject({ rationale: text(4000), actor }),
  close: z.strictObject({ note: text(4000).optional(), actor }),
} as const;

export type ActionName = keyof typeof actionSchemas;
export type ActionInput<N extends ActionName> = z.input<(typeof actionSchemas)[N]>;
export type Action<N extends ActionName> = z.output<(typeof actionSchemas)[N]>;

export class ActionRejected extends Error {
  override name = 'ActionRejected';
  constructor(
    readonly action: ActionName,
    readonly problems: FieldProblem[],
  ) {
    super(`${action} rejected: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

function notInFuture(at: string | undefined, field: string, now: number, problems: FieldProblem[]): void {
  problems.push(...futureProblem(at, field, now));
}

// A hold is reviewed within a year: an open-ended delay of the communication is not what Recital 88 allows.
const LONGEST_HOLD_REVIEW_MS = 366 * DAY_MS;

function notBeforeAwareness(
  at: string | undefined,
  field: string,
  state: CaseState,
  problems: FieldProblem[],
) {
  if (at && Date.parse(at) < Date.parse(state.awareAt)) {
    problems.push({ path: field, message: `is earlier than the awareness time ${state.awareAt}` });
  }
}

/** Parses and checks an action against the state; returns the parsed action or the problems. Changes nothing. */
export function checkAction<N extends ActionName>(
  name: N,
  input: unknown,
  state: CaseState,
  now: number,
): { ok: true; action: Action<N> } | { ok: false; problems: FieldProblem[] } {
  const parsed = actionSchemas[name].safeParse(input);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error, actionSchemas[name]) };
  const action = parsed.data as Action<N>;
  const problems: FieldProblem[] = [];
  if (state.closed) {
    problems.push({ path: '(case)', message: `the case was closed at ${state.closed.at}` });
    return { ok: false, problems };
  }
  rules[name](action as never, state, now, problems);
  return problems.length ? { ok: false, problems } : { ok: true, action };
}

type Rule<N extends ActionName> = (
  action: Action<N>,
  state: CaseState,
  now: number,
  problems: FieldProblem[],
) => void;

const rules: { [N in ActionName]: Rule<N> } = {
  assess(action, state, _now, problems) {
    if (action.risk === 'none' && !action.rationale) {
      problems.push({
        path: 'rationale',
        message: 'a "none" assessment needs the rationale that will be kept',
      });
    }
    const suggested = suggestion(state).suggestedRisk;
    if (action.risk !== suggested && !action.overrideReason) {
      problems.push({
        path: 'overrideReason',
        message: `the ENISA suggestion is "${suggested}"; say why this case is "${action.risk}"`,
      });
    }
  },
  notifyAuthority(action, state, now, problems) {
    const regime = regimeOf(action.regime, state, problems);
    if (!regime) return;
    if (initialNotice(state, regime)) {
      problems.push({ path: '(case)', message: 'the initial notice is already filed; use supplement' });
    }
    if (riskLevel(state) === 'none') {
      problems.push({
        path: '(case)',
        message: 'the current assessment says no notice is needed; record a new assessment first',
      });
    }
    const filedAt = action.filedAt ?? new Date(now).toISOString();
    notInFuture(action.filedAt, 'filedAt', now, problems);
    notBeforeAwareness(filedAt, 'filedAt', state, problems);
    // Judged against the legal end of the 72 hours (Reg. 1182/71 Art. 3), not the alarm at awareness + 72 h.
    const legalEndAt = authorityLegalEndAt(state, regime);
    if (Date.parse(filedAt) > Date.parse(legalEndAt) && !action.reasonsForDelay) {
      problems.push({
        path: 'reasonsForDelay',
        message: `filed after the end of the 72 hours (${legalEndAt}): Art. 33(1) requires the reasons for the delay`,
      });
    }
  },
  supplement(action, state, now, problems) {
    const regime = regimeOf(action.regime, state, problems);
    if (!regime) return;
    const first = initialNotice(state, regime);
    if (!first)
      problems.push({ path: '(case)', message: 'no initial notice is filed yet; use notify-authority' });
    notInFuture(action.filedAt, 'filedAt', now, problems);
    if (first && action.filedAt && Date.parse(action.filedAt) < Date.parse(first.filedAt)) {
      problems.push({ path: 'filedAt', message: 'is earlier than the initial notice' });
    }
    if (
      first &&
      !action.items.length &&
      !action.reasonsForDelay &&
      !factsChangedSince(state, lastFiling(state, regime)).length
    ) {
      problems.push({
        path: 'items',
        message:
          'nothing to supplement: name the Art. 33(3) items supplied, give --reasons-for-delay, or amend the facts first',
      });
    }
  },
  notifySubjects(action, state, now, problems) {
    notInFuture(action.sentAt, 'sentAt', now, problems);
    notBeforeAwareness(action.sentAt, 'sentAt', state, problems);
    const affected = subjectsAffected(state);
    const told = subjectsTold(state);
    if (affected > 0 && told + action.count > affected) {
      problems.push({
        path: 'count',
        message: `${told} of the ${affected} people affected are already told: at most ${affected - told} more; if more people are affected, amend the facts (dataSubjects.approximate) first`,
      });
    }
  },
  exempt(action, state, now, problems) {
    if (subjectsCommunicationBasis(state) === 'authority-order') {
      problems.push({
        path: 'ground',
        message: `the authority required the communication (Art. 34(4), ref ${latestAuthorityDecision(state)?.reference ?? ''}); only it can decide that an exemption applies (authority-decision)`,
      });
    } else if (riskLevel(state) !== 'high') {
      problems.push({
        path: 'ground',
        message: 'Art. 34(3) exemptions apply only when the risk is assessed high',
      });
    }
    if (action.publicCommunication && action.ground !== 'c') {
      problems.push({ path: 'publicCommunication', message: 'a public communication belongs to ground (c)' });
    }
    notInFuture(action.publicCommunication?.at, 'publicCommunication.at', now, problems);
  },
  vendorAnswer(action, state, now, problems) {
    if (!state.vendors[action.processorId]) {
      const known = Object.keys(state.vendors);
      problems.push({
        path: 'processorId',
        message: known.length
          ? `not a processor of this case (known: ${known.join(', ')})`
          : 'this case has no processors',
      });
    }
    notInFuture(action.receivedAt, 'receivedAt', now, problems);
  },
  setAwareness(action, state, now, problems) {
    notInFuture(action.awareAt, 'awareAt', now, problems);
    for (const filed of state.notices.filter((n) => n.kind === 'initial')) {
      if (Date.parse(action.awareAt) > Date.parse(filed.filedAt)) {
        problems.push({ path: 'awareAt', message: `is later than the notice filed at ${filed.filedAt}` });
      }
    }
    if (Date.parse(action.awareAt) < Date.parse(state.caseFile.detectedAt)) {
      problems.push({ path: 'awareAt', message: `is earlier than detection (${state.caseFile.detectedAt})` });
    }
  },
  amend(action, state, now, problems) {
    const result = amendedFacts(state, action.facts, now);
    if (!result.ok) problems.push(...result.problems.map((p) => ({ ...p, path: `facts.${p.path}` })));
    else if (!result.changed.length)
      problems.push({ path: 'facts', message: 'nothing changes: every fact given equals the current one' });
  },
  authorityDecision(action, state, now, problems) {
    notInFuture(action.decidedAt, 'decidedAt', now, problems);
    notBeforeAwareness(action.decidedAt, 'decidedAt', state, problems);
    if (action.decision === 'exemption-applies' && !action.ground) {
      problems.push({
        path: 'ground',
        message: 'name the Art. 34(3) ground the authority found met: a, b or c',
      });
    }
    if (action.decision === 'require-communication' && action.ground) {
      problems.push({ path: 'ground', message: 'a ground belongs to a decision that an exemption applies' });
    }
  },
  hold(action, state, now, problems) {
    if (!subjectsCommunicationBasis(state)) {
      problems.push({
        path: '(case)',
        message: 'no communication to the data subjects is required, so there is nothing to delay',
      });
    }
    if (Date.parse(action.reviewAt) <= now) {
      problems.push({ path: 'reviewAt', message: 'the review date must lie ahead' });
    } else if (Date.parse(action.reviewAt) > now + LONGEST_HOLD_REVIEW_MS) {
      problems.push({ path: 'reviewAt', message: 'review a hold within a year' });
    }
  },
  releaseHold(_action, state, _now, problems) {
    if (!activeHold(state)) problems.push({ path: '(case)', message: 'no hold is in force' });
  },
  noNotification(_action, state, _now, problems) {
    if (state.notices.length) {
      problems.push({
        path: '(case)',
        message: 'a notice is already filed; it cannot be undone by this decision',
      });
    }
  },
  close(_action, state, _now, problems) {
    for (const blocker of closeBlockers(state)) problems.push({ path: '(case)', message: blocker });
  },
};

/** Applies a checked action. Returns the timeline entry it adds. */
export function applyAction<N extends ActionName>(
  name: N,
  action: Action<N>,
  state: CaseState,
  now: number,
): void {
  appliers[name](action as never, state, new Date(now).toISOString());
}

type Applier<N extends ActionName> = (action: Action<N>, state: CaseState, nowIso: string) => void;

type WithoutUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined fields: optional facts are absent, never undefined, in the recorded state. */
function defined<T extends object>(value: T): WithoutUndefined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as WithoutUndefined<T>;
}

const appliers: { [N in ActionName]: Applier<N> } = {
  assess(action, state, nowIso) {
    const s = suggestion(state);
    state.assessments.push(
      defined({
        risk: action.risk,
        rationale: action.rationale,
        overrideReason: action.overrideReason,
        decidedBy: action.actor,
        at: nowIso,
        suggestion: s,
      }),
    );
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `risk assessed: ${action.risk}`,
      detail: `ENISA ${s.score} (${s.band})${action.overrideReason ? `; override: ${action.overrideReason}` : ''}`,
    });
  },
  notifyAuthority(action, state, nowIso) {
    const regime = action.regime ?? primaryRegime(state).id;
    const filedAt = action.filedAt ?? nowIso;
    const covered = action.items ?? itemsFromFacts(state);
    state.notices.push(
      defined({
        kind: 'initial' as const,
        regime,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        contentSha256: action.contentSha256 ?? sha256Hex(renderAuthorityNotice(state, filedAt, regime)),
        items: covered,
        reasonsForDelay: action.reasonsForDelay,
        factsVersion: currentFactsVersion(state),
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const late = noticeLateness(state, regime)?.late ?? false;
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `${late ? 'authority notified late' : 'authority notified'}${multi(state, regime)}`,
      detail: `ref ${action.reference} via ${action.channel}, filed ${filedAt}, items ${covered.join(',')}, facts v${currentFactsVersion(state)}`,
    });
  },
  supplement(action, state, nowIso) {
    const regime = action.regime ?? primaryRegime(state).id;
    const filedAt = action.filedAt ?? nowIso;
    const changed = factsChangedSince(state, lastFiling(state, regime));
    state.notices.push(
      defined({
        kind: 'supplementary' as const,
        regime,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        contentSha256: action.contentSha256 ?? sha256Hex(renderAuthorityNotice(state, filedAt, regime)),
        items: action.items,
        reasonsForDelay: action.reasonsForDelay,
        factsVersion: currentFactsVersion(state),
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const parts = [
      `ref ${action.reference}`,
      ...(action.items.length ? [`items ${action.items.join(',')}`] : []),
      ...(action.reasonsForDelay ? ['reasons for the delay'] : []),
      ...(changed.length ? [`changed facts: ${changed.join(', ')}`] : []),
      `facts v${currentFactsVersion(state)}`,
    ];
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `supplementary information filed${multi(state, regime)}`,
      detail: parts.join('; '),
    });
  },
  notifySubjects(action, state, nowIso) {
    const sentAt = action.sentAt ?? nowIso;
    state.subjectsCommunications.push(
      defined({
        count: action.count,
        channel: action.channel,
        sentAt,
        group: action.group,
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    const affected = subjectsAffected(state);
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'data subjects told',
      detail: `${action.count}${action.group ? ` (${action.group})` : ''} via ${action.channel} at ${sentAt}; ${subjectsTold(state)} of ${affected || 'an unknown number'} told`,
    });
  },
  exempt(action, state, nowIso) {
    state.exemption = defined({
      ground: action.ground,
      evidence: action.evidence,
      decidedBy: action.actor,
      at: nowIso,
      publicCommunication: action.publicCommunication ? defined(action.publicCommunication) : undefined,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: `Art. 34(3)(${action.ground}) exemption recorded`,
      ...(action.publicCommunication
        ? { detail: `public communication via ${action.publicCommunication.channel}` }
        : {}),
    });
  },
  vendorAnswer(action, state, nowIso) {
    const vendor = state.vendors[action.processorId]!;
    const { actor: recordedBy, processorId: _id, receivedAt, ...answer } = action;
    vendor.answers.push(defined({ ...answer, receivedAt: receivedAt ?? nowIso, recordedBy }));
    state.timeline.push({
      at: nowIso,
      actor: recordedBy,
      event: 'vendor answered',
      detail: `processor ${action.processorId}`,
    });
  },
  setAwareness(action, state, nowIso) {
    const previous = state.awareAt;
    const regimes = caseRegimes(state).map((r) => r.id);
    const wasLate = regimes.map((regime) => noticeLateness(state, regime)?.late ?? false);
    state.awareAt = action.awareAt;
    state.awareness.push({
      awareAt: action.awareAt,
      decidedBy: action.actor,
      reason: action.reason,
      recordedAt: nowIso,
    });
    // Every filed notice is judged again against the corrected awareness.
    const verdict = regimes
      .map((regime, i) => {
        const lateness = noticeLateness(state, regime);
        if (!lateness) return '';
        if (lateness.late && !wasLate[i])
          return `; the notice filed at ${lateness.filedAt} is now late (legal end ${lateness.legalEndAt}): the reasons for the delay are owed`;
        if (!lateness.late && wasLate[i])
          return `; the notice filed at ${lateness.filedAt} is now on time (legal end ${lateness.legalEndAt})`;
        return '';
      })
      .join('');
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'awareness corrected',
      detail: `${previous} -> ${action.awareAt}${verdict}`,
    });
  },
  amend(action, state, nowIso) {
    const result = amendedFacts(state, action.facts, Date.parse(nowIso));
    if (!result.ok) return; // checked before; a rejected amendment never reaches here
    recordAmendment(state, result, { at: nowIso, by: action.actor, reason: action.reason });
  },
  authorityDecision(action, state, nowIso) {
    const decidedAt = action.decidedAt ?? nowIso;
    (state.authorityDecisions ??= []).push(
      defined({
        decision: action.decision,
        ground: action.ground,
        reference: action.reference,
        decidedAt,
        note: action.note,
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event:
        action.decision === 'require-communication'
          ? 'authority required the communication to the data subjects (Art. 34(4))'
          : `authority decided that Art. 34(3)(${action.ground ?? ''}) applies (Art. 34(4))`,
      detail: `ref ${action.reference}, decided ${decidedAt}`,
    });
  },
  hold(action, state, nowIso) {
    // A further request from the authority renews the hold: the earlier one ends where the new one starts.
    const earlier = activeHold(state);
    if (earlier)
      earlier.released = { at: nowIso, by: action.actor, note: `renewed by ref ${action.reference}` };
    (state.holds ??= []).push({
      authority: action.authority,
      reference: action.reference,
      reason: action.reason,
      reviewAt: action.reviewAt,
      placedAt: nowIso,
      placedBy: action.actor,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'communication to the data subjects on hold (Recitals 86/88)',
      detail: `at the request of ${action.authority}, ref ${action.reference}; review by ${action.reviewAt}`,
    });
  },
  releaseHold(action, state, nowIso) {
    const hold = activeHold(state)!;
    hold.released = defined({ at: nowIso, by: action.actor, note: action.note });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'hold on the communication released',
      detail: `ref ${hold.reference}`,
    });
  },
  noNotification(action, state, nowIso) {
    const s = suggestion(state);
    // Documenting "no notice" against the ENISA suggestion is an override; its rationale is the reason.
    state.assessments.push(
      defined({
        risk: 'none' as const,
        rationale: action.rationale,
        overrideReason: s.suggestedRisk === 'none' ? undefined : action.rationale,
        decidedBy: action.actor,
        at: nowIso,
        suggestion: s,
      }),
    );
    state.timeline.push({ at: nowIso, actor: action.actor, event: 'documented: no notification needed' });
  },
  close(action, state, nowIso) {
    state.closed = defined({ at: nowIso, by: action.actor, note: action.note });
    state.timeline.push({ at: nowIso, actor: action.actor, event: 'case closed' });
  },
};

/** The latest filing with a regime's authority, initial or supplementary. */
function lastFiling(state: CaseState, regime: string) {
  return noticesFor(state, regime).at(-1);
}

/** The regime an action names, or the case's first; a problem when the case is not under it. */
function regimeOf(named: string | undefined, state: CaseState, problems: FieldProblem[]): string | undefined {
  const regimes = caseRegimes(state).map((r) => r.id);
  const regime = named ?? primaryRegime(state).id;
  if (!regimes.includes(regime)) {
    problems.push({
      path: 'regime',
      message: `the case is not under ${regime} (it is under ${regimes.join(', ')})`,
    });
    return undefined;
  }
  if (!caseObligations(state).some((o) => o.regime.id === regime && o.spec.kind === 'authority-notice')) {
    problems.push({ path: 'regime', message: `${regime} has no notice to an authority` });
    return undefined;
  }
  return regime;
}

/** " (UK GDPR)" after a timeline event, once a case is under more than one regime. */
function multi(state: CaseState, regime: string): string {
  const regimes = caseRegimes(state);
  return regimes.length > 1 ? ` (${regimes.find((r) => r.id === regime)?.name ?? regime})` : '';
}

/** The Art. 33(3) items the case facts already cover, as a default for what a notice contained. */
export function itemsFromFacts(state: CaseState): NoticeItem[] {
  const file = state.caseFile;
  const covered: NoticeItem[] = ['a', 'b'];
  if (file.likelyConsequences.length) covered.push('c');
  if (file.measuresTaken.length || file.measuresProposed.length) covered.push('d');
  return covered;
}
