/**
 * The generic engine over obligations: for every regime a case is under, what each of its obligations asks
 * (deadline, legal end, lateness, missing content) and the case's deadlines from all of them; progress.ts
 * turns them into pending actions, close blockers and the phase. Pure functions of (state, now) like the rest
 * of the domain; regimes are data (`regimes/`), so nothing here knows a number of hours or an article.
 */
import { REGIMES, type RegimeId } from './regimes/index.js';
import type {
  AuthorityContact,
  ClockRule,
  ObligationFacts,
  ObligationSpec,
  Regime,
  TriggerRef,
} from './regimes/types.js';
import { furtherAuthority } from './further-authority.js';
import { triggerInstant } from './triggers.js';
import { riskLevel, type AuthorityNotice, type CaseState, type NoticeItem } from './case-state.js';
import { periodAlarm, periodLegalEnd } from './deadlines.js';

export interface CaseObligation {
  /** `<regime>.<key>`, e.g. `gdpr.notice`. */
  id: string;
  regime: Regime;
  spec: ObligationSpec;
}

/** The regimes a case is under, in the order its file lists them; cases from before regimes are GDPR cases. */
export function caseRegimes(state: CaseState): Regime[] {
  const ids = (state.caseFile.regimes as RegimeId[] | undefined) ?? ['gdpr'];
  const further = (state.caseFile.otherAuthorities ?? []).filter((a) => ids.includes(a.regime));
  return [...ids.map((id) => REGIMES[id]), ...further.map((a) => furtherAuthority(REGIMES[a.regime], a))];
}

/** The first regime of the case: what an action means when it names none. */
export function primaryRegime(state: CaseState): Regime {
  return caseRegimes(state)[0] ?? REGIMES.gdpr;
}

/** The obligations of every regime of the case that apply to its facts. */
export function caseObligations(state: CaseState): CaseObligation[] {
  const file = state.caseFile;
  const regions = Object.values(file.dataSubjects.byRegion ?? {});
  const facts: ObligationFacts = {
    subjects: file.dataSubjects.approximate,
    ...(regions.length ? { mostInOneRegion: Math.max(...regions) } : {}),
    smallProcessingAgent: file.controller.smallProcessingAgent ?? false,
  };
  return caseRegimes(state).flatMap((regime) =>
    regime.obligations
      .filter((spec) => (spec.since ?? 0) <= (state.rulesVersion ?? 0))
      .filter((spec) => !spec.appliesWhen || spec.appliesWhen(facts))
      .map((spec) => ({ id: `${regime.id}.${spec.key}`, regime, spec })),
  );
}

/** The authority-notice obligation of a regime (the primary one by default), if the case is under it. */
export function noticeObligation(state: CaseState, regimeId?: string): CaseObligation | undefined {
  const regime = regimeId ?? primaryRegime(state).id;
  return caseObligations(state).find((o) => o.regime.id === regime && o.spec.kind === 'authority-notice');
}

export function noticeObligations(state: CaseState): CaseObligation[] {
  return caseObligations(state).filter((o) => o.spec.kind === 'authority-notice');
}

/** Who a notice obligation is owed to. */
export function authorityOf(state: CaseState, obligation: CaseObligation): AuthorityContact {
  const addressee = obligation.spec.addressee;
  if (addressee.kind === 'authority') return addressee.authority;
  if (addressee.kind === 'media') return addressee.audience;
  if (addressee.kind === 'case-authority') {
    const named = state.caseFile.authorities?.[obligation.regime.id as RegimeId];
    return (
      named ?? { name: `the ${addressee.role} (name it: authorities.${obligation.regime.id})`, country: '' }
    );
  }
  return state.caseFile.leadAuthority;
}

/**
 * When a clock of an obligation starts: its event, or the latest filing of the stage it follows; undefined
 * while that stage is not filed (the clock has not started).
 */
export function instantOf(state: CaseState, regime: Regime, trigger: TriggerRef): string | undefined {
  if (typeof trigger === 'string') return triggerInstant(state, trigger).at;
  const stage = regime.obligations.find((o) => o.key === trigger.filed);
  if (stage?.kind === 'authority-notice') {
    return noticesFor(state, regime.id).find((n) => n.kind === 'initial')?.filedAt;
  }
  return (state.reports ?? [])
    .filter((r) => r.regime === regime.id && r.stage === trigger.filed)
    .map((r) => r.filedAt)
    .sort()
    .at(-1);
}

export function triggerAt(state: CaseState, obligation: CaseObligation): string {
  return instantOf(state, obligation.regime, obligation.spec.trigger) ?? state.awareAt;
}

/** The hours of a policy-target clock and who set them; undefined for a clock the law fixes. */
export interface PolicyTargetInForce {
  hours: number;
  setBy: 'case file' | 'organisation' | 'regime default';
}

/**
 * A policy target's hours are the case file's, else the organisation's when the case opened, else the regime's
 * default.
 */
export function policyTargetOf(
  state: CaseState,
  obligation: CaseObligation,
): PolicyTargetInForce | undefined {
  if (!obligation.spec.policyTarget) return undefined;
  const own = state.caseFile.policyTargets?.[obligation.id];
  if (own !== undefined) return { hours: own, setBy: 'case file' };
  const organisation = state.organisationPolicyTargets?.[obligation.id];
  if (organisation !== undefined) return { hours: organisation, setBy: 'organisation' };
  const clock = obligation.spec.clock;
  return clock?.unit === 'hours' ? { hours: clock.amount, setBy: 'regime default' } : undefined;
}

/** The clock rule in force: the regime's, unless the case or the organisation set a policy target's hours. */
function clockOf(state: CaseState, obligation: CaseObligation): ClockRule | undefined {
  const target = policyTargetOf(state, obligation);
  if (target && target.setBy !== 'regime default') {
    return { unit: 'hours', amount: target.hours, period: 'from-instant' };
  }
  return obligation.spec.clock;
}

/** Every (start, clock) pair of an obligation whose start is known: the main clock and its further limits. */
function limitsOf(state: CaseState, obligation: CaseObligation): { from: string; clock: ClockRule }[] {
  const main = clockOf(state, obligation);
  const limits = [
    ...(main ? [{ trigger: obligation.spec.trigger, clock: main }] : []),
    ...(obligation.spec.alsoWithin ?? []),
  ];
  return limits.flatMap(({ trigger, clock }) => {
    const from = instantOf(state, obligation.regime, trigger);
    return from ? [{ from, clock }] : [];
  });
}

/** Whether every clock of the obligation has started (a stage after another waits for its filing). */
export function clockStarted(state: CaseState, obligation: CaseObligation): boolean {
  return instantOf(state, obligation.regime, obligation.spec.trigger) !== undefined;
}

function earliest(instants: string[]): string | undefined {
  return instants.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** The regime a filing belongs to: cases from before regimes filed with the GDPR authority only. */
export function regimeOfNotice(notice: AuthorityNotice): string {
  return notice.regime ?? 'gdpr';
}

export function noticesFor(state: CaseState, regimeId: string): AuthorityNotice[] {
  return state.notices.filter((n) => regimeOfNotice(n) === regimeId);
}

function mustHave(obligation: CaseObligation | undefined): CaseObligation {
  if (!obligation) throw new Error('the case is under no regime with an authority notice');
  return obligation;
}

/** The alarm of a notice obligation: its trigger + its period, counted from the instant. */
export function alarmOf(state: CaseState, obligation: CaseObligation): string {
  return (
    earliest(limitsOf(state, obligation).map(({ from, clock }) => periodAlarm(from, clock))) ??
    triggerAt(state, obligation)
  );
}

/** The legal end of the period, against which a filing is judged on time or late. */
export function legalEndOf(state: CaseState, obligation: CaseObligation): string {
  return (
    earliest(limitsOf(state, obligation).map(({ from, clock }) => periodLegalEnd(from, clock))) ??
    triggerAt(state, obligation)
  );
}

/** "the 72 hours", "the 3 working days": how the texts name an obligation's period. */
export function periodName(obligation: CaseObligation): string {
  const clock = obligation.spec.clock;
  if (!clock || obligation.spec.policyTarget) return 'the deadline';
  const unit = {
    hours: 'hours',
    'calendar-days': 'days',
    'working-days': 'working days',
    months: 'months',
    'days-after-year-end': 'days after the end of the year',
  }[clock.unit];
  return `the ${clock.amount} ${unit}`;
}

// The primary regime's notice, as the single-regime texts, search attributes and register ask for it.

export function initialNotice(state: CaseState, regimeId?: string): AuthorityNotice | undefined {
  const regime = regimeId ?? primaryRegime(state).id;
  return noticesFor(state, regime).find((n) => n.kind === 'initial');
}

/** The alarm of the primary regime's notice (awareness + 72 h under the GDPR). */
export function authorityDueAt(state: CaseState, regimeId?: string): string {
  return alarmOf(state, mustHave(noticeObligation(state, regimeId)));
}

/** The legal end of the primary regime's notice period (Reg. 1182/71 Art. 3 under the GDPR). */
export function authorityLegalEndAt(state: CaseState, regimeId?: string): string {
  return legalEndOf(state, mustHave(noticeObligation(state, regimeId)));
}

export interface Lateness {
  late: boolean;
  overdueByMs: number;
  /** The alarm (trigger + period). */
  dueAt: string;
  /** The legal end of the period, the measure of lateness. */
  legalEndAt: string;
  filedAt: string;
}

/**
 * An initial notice judged against the *current* trigger: correcting awareness re-judges a filing made
 * earlier, so a notice that was on time for a wrong awareness is late for the true one, and says so.
 */
export function noticeLateness(state: CaseState, regimeId?: string): Lateness | undefined {
  const obligation = noticeObligation(state, regimeId);
  const notice = obligation && initialNotice(state, obligation.regime.id);
  if (!obligation || !notice) return undefined;
  const legalEndAt = legalEndOf(state, obligation);
  const overdueByMs = Math.max(0, Date.parse(notice.filedAt) - Date.parse(legalEndAt));
  return {
    late: overdueByMs > 0,
    overdueByMs,
    dueAt: alarmOf(state, obligation),
    legalEndAt,
    filedAt: notice.filedAt,
  };
}

/** GDPR Art. 33(1): a late notice is accompanied by the reasons for the delay, in a supplement if not at filing. */
export function reasonsForDelayOwed(state: CaseState, regimeId?: string): boolean {
  if (riskLevel(state) === 'none') return false;
  const regime = regimeId ?? primaryRegime(state).id;
  return (
    Boolean(noticeLateness(state, regime)?.late) && !noticesFor(state, regime).some((n) => n.reasonsForDelay)
  );
}

/** Until the DPO documents "no risk", a notice is owed: silence is not a decision. */
export function authorityNoticeOwed(state: CaseState, regimeId?: string): boolean {
  return (
    riskLevel(state) !== 'none' &&
    noticeObligation(state, regimeId) !== undefined &&
    !initialNotice(state, regimeId)
  );
}

/** Overdue while any notice is owed past its alarm; a filing ends it (its lateness stays judged). */
export function isOverdue(state: CaseState, now: number, regimeId?: string): boolean {
  const obligations = regimeId ? [mustHave(noticeObligation(state, regimeId))] : noticeObligations(state);
  return obligations.some(
    (o) => authorityNoticeOwed(state, o.regime.id) && now >= Date.parse(alarmOf(state, o)),
  );
}

export function missingNoticeItems(state: CaseState, regimeId?: string): NoticeItem[] {
  const obligation = noticeObligation(state, regimeId);
  if (!obligation || !initialNotice(state, obligation.regime.id) || riskLevel(state) === 'none') return [];
  const supplied = new Set(noticesFor(state, obligation.regime.id).flatMap((n) => n.items));
  return (obligation.spec.items ?? []).filter((item) => !supplied.has(item));
}

/** The earliest alarm among the notices still owed, or the primary one: what a list sorts and filters by. */
export function nextNoticeDueAt(state: CaseState): string {
  const owed = noticeObligations(state)
    .filter((o) => authorityNoticeOwed(state, o.regime.id))
    .map((o) => alarmOf(state, o))
    .sort();
  return owed[0] ?? authorityDueAt(state);
}
