/**
 * Every DPO action on a case: its input schema, the rules it must satisfy against the current state, and how it
 * changes the state. The workflow's update validators call `checkAction` (synchronous, changes nothing) and its
 * handlers call `applyAction`; the CLI parses with the same schemas before it sends anything.
 */
import { z } from 'zod';
import { instant } from './case-file.js';
import {
  authorityDueAt,
  closeBlockers,
  initialNotice,
  NOTICE_ITEMS,
  riskLevel,
  suggestion,
  type CaseState,
  type NoticeItem,
} from './case-state.js';
import { renderAuthorityNotice } from './documents.js';
import { sha256Hex } from './sha256.js';
import type { FieldProblem } from './validation.js';
import { fieldProblems } from './validation.js';

const actor = z.string().trim().min(1, 'say who records this').max(200);
const text = (max: number) => z.string().trim().min(1).max(max);
const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'expected a lowercase hex SHA-256 (64 characters)');
const items = z.array(z.enum(NOTICE_ITEMS as [NoticeItem, ...NoticeItem[]]));

export const actionSchemas = {
  assess: z.object({
    risk: z.enum(['none', 'risk', 'high']),
    rationale: text(4000).optional(),
    overrideReason: text(4000).optional(),
    actor,
  }),
  notifyAuthority: z.object({
    reference: text(200),
    filedAt: instant.optional(),
    channel: text(200),
    contentSha256: sha256.optional(),
    items: items.min(1).optional(),
    reasonsForDelay: text(4000).optional(),
    actor,
  }),
  supplement: z.object({
    reference: text(200),
    filedAt: instant.optional(),
    channel: text(200),
    contentSha256: sha256.optional(),
    items: items.min(1),
    actor,
  }),
  notifySubjects: z.object({
    count: z.number().int().min(1),
    channel: text(200),
    sentAt: instant.optional(),
    actor,
  }),
  exempt: z.object({
    ground: z.enum(['a', 'b', 'c']),
    evidence: text(4000),
    publicCommunication: z
      .object({ channel: text(200), at: instant, reference: text(500).optional() })
      .optional(),
    actor,
  }),
  vendorAnswer: z.object({
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
  setAwareness: z.object({ awareAt: instant, reason: text(2000), actor }),
  noNotification: z.object({ rationale: text(4000), actor }),
  close: z.object({ note: text(4000).optional(), actor }),
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

// A small grace for clocks that disagree by a few minutes between the DPO's laptop and the server.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function notInFuture(at: string | undefined, field: string, now: number, problems: FieldProblem[]): void {
  if (at && Date.parse(at) > now + FUTURE_TOLERANCE_MS)
    problems.push({ path: field, message: 'lies in the future' });
}

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
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
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
    if (initialNotice(state)) {
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
    if (Date.parse(filedAt) > Date.parse(authorityDueAt(state)) && !action.reasonsForDelay) {
      problems.push({
        path: 'reasonsForDelay',
        message: `filed after the deadline ${authorityDueAt(state)}: Art. 33(1) requires the reasons for the delay`,
      });
    }
  },
  supplement(action, state, now, problems) {
    const first = initialNotice(state);
    if (!first)
      problems.push({ path: '(case)', message: 'no initial notice is filed yet; use notify-authority' });
    notInFuture(action.filedAt, 'filedAt', now, problems);
    if (first && action.filedAt && Date.parse(action.filedAt) < Date.parse(first.filedAt)) {
      problems.push({ path: 'filedAt', message: 'is earlier than the initial notice' });
    }
  },
  notifySubjects(action, state, now, problems) {
    notInFuture(action.sentAt, 'sentAt', now, problems);
    notBeforeAwareness(action.sentAt, 'sentAt', state, problems);
  },
  exempt(action, state, now, problems) {
    if (riskLevel(state) !== 'high') {
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
    if (Date.parse(action.awareAt) < Date.parse(state.caseFile.detectedAt)) {
      problems.push({ path: 'awareAt', message: `is earlier than detection (${state.caseFile.detectedAt})` });
    }
  },
  noNotification(_action, state, _now, problems) {
    if (initialNotice(state)) {
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
    const filedAt = action.filedAt ?? nowIso;
    const dueAt = authorityDueAt(state);
    const overdueByMs = Math.max(0, Date.parse(filedAt) - Date.parse(dueAt));
    state.lateness = { late: overdueByMs > 0, overdueByMs, dueAt };
    const covered = action.items ?? itemsFromFacts(state);
    state.notices.push(
      defined({
        kind: 'initial' as const,
        reference: action.reference,
        filedAt,
        channel: action.channel,
        contentSha256: action.contentSha256 ?? sha256Hex(renderAuthorityNotice(state, filedAt)),
        items: covered,
        reasonsForDelay: action.reasonsForDelay,
        recordedBy: action.actor,
        recordedAt: nowIso,
      }),
    );
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: overdueByMs > 0 ? 'authority notified late' : 'authority notified',
      detail: `ref ${action.reference} via ${action.channel}, filed ${filedAt}, items ${covered.join(',')}`,
    });
  },
  supplement(action, state, nowIso) {
    const filedAt = action.filedAt ?? nowIso;
    state.notices.push({
      kind: 'supplementary',
      reference: action.reference,
      filedAt,
      channel: action.channel,
      contentSha256: action.contentSha256 ?? sha256Hex(renderAuthorityNotice(state, filedAt)),
      items: action.items,
      recordedBy: action.actor,
      recordedAt: nowIso,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'supplementary information filed',
      detail: `ref ${action.reference}, items ${action.items.join(',')}`,
    });
  },
  notifySubjects(action, state, nowIso) {
    const sentAt = action.sentAt ?? nowIso;
    state.subjectsCommunications.push({
      count: action.count,
      channel: action.channel,
      sentAt,
      recordedBy: action.actor,
      recordedAt: nowIso,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'data subjects told',
      detail: `${action.count} via ${action.channel} at ${sentAt}`,
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
    state.awareAt = action.awareAt;
    state.awareness.push({
      awareAt: action.awareAt,
      decidedBy: action.actor,
      reason: action.reason,
      recordedAt: nowIso,
    });
    state.timeline.push({
      at: nowIso,
      actor: action.actor,
      event: 'awareness corrected',
      detail: `${previous} -> ${action.awareAt}${state.lateness ? ' (lateness stays as frozen at the first filing)' : ''}`,
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

/** The Art. 33(3) items the case facts already cover, as a default for what a notice contained. */
export function itemsFromFacts(state: CaseState): NoticeItem[] {
  const file = state.caseFile;
  const covered: NoticeItem[] = ['a', 'b'];
  if (file.likelyConsequences.length) covered.push('c');
  if (file.measuresTaken.length || file.measuresProposed.length) covered.push('d');
  return covered;
}
