/**
 * What the case's clock owes and when: reminders before the 72 hours, the overdue escalation after them,
 * reminders for missing Art. 33(3) items and for the Art. 34 communication. Each effect has a stable key, so it
 * fires once, survives continue-as-new, and names its e-mail's Message-ID.
 *
 * Instants come from `awareAt` and from recorded facts, never from when the workflow started: a back-dated case
 * finds its past instants already due and acts at once.
 */
import {
  activeHold,
  authorityDueAt,
  authorityNoticeOwed,
  currentAssessment,
  initialNotice,
  latestAuthorityDecision,
  missingNoticeItems,
  reasonsForDelayOwed,
  subjectsCommunicationBasis,
  subjectsCommunicationOwed,
  type CaseState,
} from './case-state.js';
import { HOUR_MS, addMs } from './time.js';

export type EffectKind =
  'authority-reminder' | 'authority-overdue' | 'supplement-reminder' | 'subjects-reminder' | 'hold-review';

export interface PlannedEffect {
  key: string;
  kind: EffectKind;
  dueAt: string;
  /** Hours after awareness for reminders; the repeat number for repeating effects. */
  step: number;
}

function firedWithPrefix(state: CaseState, prefix: string): { key: string; firedAt: string }[] {
  return Object.entries(state.effects)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, record]) => ({ key, firedAt: record.firedAt }))
    .sort((a, b) => Date.parse(a.firedAt) - Date.parse(b.firedAt));
}

/** The next instance of a repeating effect: first at `start`, then one interval after the last firing. */
function repeating(state: CaseState, kind: EffectKind, start: string, intervalHours: number): PlannedEffect {
  const fired = firedWithPrefix(state, `${kind}-`);
  const last = fired.at(-1);
  const dueAt = last ? addMs(last.firedAt, intervalHours * HOUR_MS) : start;
  return { key: `${kind}-${fired.length + 1}`, kind, dueAt, step: fired.length + 1 };
}

function latest(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}

export function plannedEffects(state: CaseState): PlannedEffect[] {
  if (state.closed) return [];
  const schedule = state.caseFile.schedule;
  const planned: PlannedEffect[] = [];

  if (authorityNoticeOwed(state)) {
    for (const hours of schedule.authorityReminderHours) {
      const key = `authority-reminder-${hours}h`;
      if (!state.effects[key]) {
        planned.push({
          key,
          kind: 'authority-reminder',
          dueAt: addMs(state.awareAt, hours * HOUR_MS),
          step: hours,
        });
      }
    }
    planned.push(repeating(state, 'authority-overdue', authorityDueAt(state), schedule.overdueRepeatHours));
  }

  const notice = initialNotice(state);
  if (notice && (missingNoticeItems(state).length || reasonsForDelayOwed(state))) {
    // A corrected awareness can make a filed notice late long after filing: remind from the correction on.
    const since = latest(notice.filedAt, state.awareness.at(-1)?.recordedAt);
    const start = addMs(since, schedule.supplementReminderHours * HOUR_MS);
    planned.push(repeating(state, 'supplement-reminder', start, schedule.supplementReminderHours));
  }

  if (subjectsCommunicationOwed(state)) {
    const since =
      subjectsCommunicationBasis(state) === 'authority-order'
        ? (latestAuthorityDecision(state)?.recordedAt ?? state.openedAt)
        : (currentAssessment(state)?.at ?? state.openedAt);
    const start = addMs(since, schedule.subjectsReminderHours * HOUR_MS);
    const reminder = repeating(state, 'subjects-reminder', start, schedule.subjectsReminderHours);
    const hold = activeHold(state);
    const holds = state.holds ?? [];
    if (hold) {
      // Recitals 86/88: while the hold stands the reminders pause; its review date asks whether it still
      // does, and without a decision the reminders resume one interval later.
      const key = `hold-review-${holds.indexOf(hold) + 1}`;
      if (!state.effects[key]) {
        planned.push({ key, kind: 'hold-review', dueAt: hold.reviewAt, step: holds.indexOf(hold) + 1 });
      }
      reminder.dueAt = latest(reminder.dueAt, addMs(hold.reviewAt, schedule.subjectsReminderHours * HOUR_MS));
    }
    planned.push(reminder);
  }
  return planned;
}

export interface DueEffect extends PlannedEffect {
  /** Set when the effect is recorded without a message: a later one already says the same, or it is moot. */
  skip?: string;
}

/**
 * The effects due at `now`. When several pre-deadline reminders are due at once (a back-dated case), only the
 * latest is sent and the others are recorded as superseded; once the 72 hours are gone, the reminders are moot
 * and the overdue escalation speaks instead.
 */
export function dueEffects(state: CaseState, now: number): DueEffect[] {
  const due = plannedEffects(state).filter((e) => Date.parse(e.dueAt) <= now);
  const reminders = due.filter((e) => e.kind === 'authority-reminder');
  const deadlinePassed = now >= Date.parse(authorityDueAt(state));
  const latestReminder = reminders.at(-1);
  return due.map((effect) => {
    if (effect.kind !== 'authority-reminder') return effect;
    if (deadlinePassed) return { ...effect, skip: 'the 72 hours had already passed' };
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
