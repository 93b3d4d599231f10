/**
 * The reminder plan of a case: for each notice obligation of each regime, reminders before its alarm and the
 * overdue escalation after it; reminders for missing notice items and owed reasons for a delay; and, once for
 * the case, reminders for the communication to the data subjects. Each effect has a stable key, so it fires
 * once, survives continue-as-new, and names its e-mail's Message-ID.
 *
 * Instants come from the trigger events and from recorded facts, never from when the workflow started: a
 * back-dated case finds its past instants already due and acts at once.
 */
import { currentAssessment, type CaseState } from './case-state.js';
import {
  activeHold,
  latestAuthorityDecision,
  subjectsCommunicationBasis,
  subjectsCommunicationOwed,
} from './subjects.js';
import {
  alarmOf,
  authorityNoticeOwed,
  caseObligations,
  initialNotice,
  missingNoticeItems,
  periodName,
  reasonsForDelayOwed,
  triggerAt,
  type CaseObligation,
} from './obligations.js';
import { reportObligations, reportOwed } from './reports.js';
import { HOUR_MS, addMs } from './time.js';

export type EffectKind =
  | 'authority-reminder'
  | 'authority-overdue'
  | 'supplement-reminder'
  | 'subjects-reminder'
  | 'hold-review'
  | 'report-reminder'
  | 'report-overdue';

export interface PlannedEffect {
  key: string;
  kind: EffectKind;
  dueAt: string;
  /** Hours after the trigger for reminders; the repeat number for repeating effects. */
  step: number;
  /** The obligation the effect serves (`gdpr.notice`, ...); absent for the case-wide communication reminders. */
  obligation?: string;
}

/**
 * Keys of the GDPR's effects carry no prefix: they predate regimes, and running cases know the effects they
 * already fired by those keys. Other regimes' keys start with their ID.
 */
function keyPrefix(obligation: CaseObligation): string {
  return obligation.regime.id === 'gdpr' ? '' : `${obligation.regime.id}.`;
}

function firedWithPrefix(state: CaseState, prefix: string): { key: string; firedAt: string }[] {
  return Object.entries(state.effects)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, record]) => ({ key, firedAt: record.firedAt }))
    .sort((a, b) => Date.parse(a.firedAt) - Date.parse(b.firedAt));
}

/** The next instance of a repeating effect: first at `start`, then one interval after the last firing. */
function repeating(
  state: CaseState,
  kind: EffectKind,
  start: string,
  intervalHours: number,
  obligation?: CaseObligation,
): PlannedEffect {
  const prefix = `${obligation ? keyPrefix(obligation) : ''}${kind}-`;
  const fired = firedWithPrefix(state, prefix);
  const last = fired.at(-1);
  const dueAt = last ? addMs(last.firedAt, intervalHours * HOUR_MS) : start;
  return {
    key: `${prefix}${fired.length + 1}`,
    kind,
    dueAt,
    step: fired.length + 1,
    ...(obligation ? { obligation: obligation.id } : {}),
  };
}

function latest(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}

function noticeEffects(state: CaseState, obligation: CaseObligation): PlannedEffect[] {
  const plan = state.caseFile.reminderPlan;
  const regime = obligation.regime.id;
  const planned: PlannedEffect[] = [];
  const clock = obligation.spec.clock;
  if (authorityNoticeOwed(state, regime)) {
    // The case's reminder plan, in hours after the trigger, as far as this obligation's period reaches.
    // The reminder plan is in hours after the trigger; it reaches as far as the alarm of this obligation.
    const alarm = Date.parse(alarmOf(state, obligation));
    const trigger = Date.parse(triggerAt(state, obligation));
    // The case's plan is in hours after the trigger, made for periods like the GDPR's 72 h; a period in days
    // or months, or shorter than the plan's first reminder (NIS2's 24 h, DORA's 4 h), is reminded at half
    // and at nine tenths of its length instead.
    const planHours =
      !clock || clock.unit === 'hours'
        ? plan.authorityReminderHours.filter((h) => !clock || trigger + h * HOUR_MS < alarm)
        : [];
    if (!planHours.length && clock) {
      planned.push(...fractionReminders(state, obligation, 'authority-reminder', trigger, alarm));
    }
    for (const hours of planHours) {
      const key = `${keyPrefix(obligation)}authority-reminder-${hours}h`;
      if (!state.effects[key]) {
        planned.push({
          key,
          kind: 'authority-reminder',
          dueAt: addMs(triggerAt(state, obligation), hours * HOUR_MS),
          step: hours,
          obligation: obligation.id,
        });
      }
    }
    planned.push(
      repeating(state, 'authority-overdue', alarmOf(state, obligation), plan.overdueRepeatHours, obligation),
    );
  }
  const notice = initialNotice(state, regime);
  if (notice && (missingNoticeItems(state, regime).length || reasonsForDelayOwed(state, regime))) {
    // A corrected awareness can make a filed notice late long after filing: remind from the correction on.
    const since = latest(notice.filedAt, state.awareness.at(-1)?.recordedAt);
    const start = addMs(since, plan.supplementReminderHours * HOUR_MS);
    planned.push(repeating(state, 'supplement-reminder', start, plan.supplementReminderHours, obligation));
  }
  return planned;
}

/** Reminders at half and at nine tenths of a period, keyed by the share: `<regime>.<stage>.report-reminder-50pct`. */
function fractionReminders(
  state: CaseState,
  obligation: CaseObligation,
  kind: 'authority-reminder' | 'report-reminder',
  start: number,
  alarm: number,
): PlannedEffect[] {
  const prefix = kind === 'report-reminder' ? `${obligation.id}.` : keyPrefix(obligation);
  return [50, 90].flatMap((percent) => {
    const key = `${prefix}${kind}-${percent}pct`;
    if (state.effects[key]) return [];
    const dueAt = new Date(start + ((alarm - start) * percent) / 100).toISOString();
    return [{ key, kind, dueAt, step: percent, obligation: obligation.id }];
  });
}

/** A later stage: reminders within its period, then the overdue escalation repeating until it is filed. */
function reportEffects(state: CaseState, obligation: CaseObligation): PlannedEffect[] {
  if (!reportOwed(state, obligation)) return [];
  const alarm = alarmOf(state, obligation);
  const start = Date.parse(triggerAt(state, obligation));
  return [
    ...fractionReminders(state, obligation, 'report-reminder', start, Date.parse(alarm)),
    repeatingReport(state, obligation, alarm),
  ];
}

function repeatingReport(state: CaseState, obligation: CaseObligation, alarm: string): PlannedEffect {
  const prefix = `${obligation.id}.report-overdue-`;
  const fired = firedWithPrefix(state, prefix);
  const last = fired.at(-1);
  const interval = state.caseFile.reminderPlan.overdueRepeatHours * HOUR_MS;
  return {
    key: `${prefix}${fired.length + 1}`,
    kind: 'report-overdue',
    dueAt: last ? addMs(last.firedAt, interval) : alarm,
    step: fired.length + 1,
    obligation: obligation.id,
  };
}

/** The communication reminders: one series for the case, whichever of its regimes requires it. */
function subjectsEffects(state: CaseState): PlannedEffect[] {
  if (!subjectsCommunicationOwed(state)) return [];
  const plan = state.caseFile.reminderPlan;
  const planned: PlannedEffect[] = [];
  const since =
    subjectsCommunicationBasis(state) === 'authority-order'
      ? (latestAuthorityDecision(state)?.recordedAt ?? state.openedAt)
      : (currentAssessment(state)?.at ?? state.openedAt);
  const start = addMs(since, plan.subjectsReminderHours * HOUR_MS);
  const reminder = repeating(state, 'subjects-reminder', start, plan.subjectsReminderHours);
  const hold = activeHold(state);
  const holds = state.holds ?? [];
  if (hold) {
    // Recitals 86/88: while the hold stands the reminders pause; its review date asks whether it still
    // does, and without a decision the reminders resume one interval later.
    const key = `hold-review-${holds.indexOf(hold) + 1}`;
    if (!state.effects[key]) {
      planned.push({ key, kind: 'hold-review', dueAt: hold.reviewAt, step: holds.indexOf(hold) + 1 });
    }
    reminder.dueAt = latest(reminder.dueAt, addMs(hold.reviewAt, plan.subjectsReminderHours * HOUR_MS));
  }
  planned.push(reminder);
  return planned;
}

export function plannedEffects(state: CaseState): PlannedEffect[] {
  if (state.closed) return [];
  const notices = caseObligations(state).filter((o) => o.spec.kind === 'authority-notice');
  return [
    ...notices.flatMap((o) => noticeEffects(state, o)),
    ...reportObligations(state).flatMap((o) => reportEffects(state, o)),
    ...subjectsEffects(state),
  ];
}

export interface DueEffect extends PlannedEffect {
  /** Set when the effect is recorded without a message: a later one already says the same, or it is moot. */
  skip?: string;
}

/**
 * The effects due at `now`. When several reminders of one notice are due at once (a back-dated case), only the
 * latest is sent and the others are recorded as superseded; once its period is gone, its reminders are moot
 * and the overdue escalation speaks instead.
 */
export function dueEffects(state: CaseState, now: number): DueEffect[] {
  const due = plannedEffects(state).filter((e) => Date.parse(e.dueAt) <= now);
  const obligations = new Map(caseObligations(state).map((o) => [o.id, o]));
  return due.map((effect) => {
    if (effect.kind !== 'authority-reminder' && effect.kind !== 'report-reminder') return effect;
    const obligation = obligations.get(effect.obligation ?? '')!;
    const reminders = due.filter((e) => e.kind === effect.kind && e.obligation === effect.obligation);
    const latestReminder = reminders.at(-1);
    if (now >= Date.parse(alarmOf(state, obligation))) {
      return { ...effect, skip: `${periodName(obligation)} had already passed` };
    }
    if (effect !== latestReminder) return { ...effect, skip: `superseded by ${latestReminder?.key ?? ''}` };
    return effect;
  });
}

/** The next instant at which something becomes due, if any. */
export function nextDueAt(state: CaseState, now: number): number | undefined {
  const future = plannedEffects(state)
    .map((e) => Date.parse(e.dueAt))
    .filter((at) => at > now);
  return future.length ? Math.min(...future) : undefined;
}
