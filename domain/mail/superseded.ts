/**
 * Which undelivered message a newer one makes pointless. A mail outage holds messages back while the case's
 * clock runs on; when the next message of the same series fires (the next reminder, or the overdue
 * escalation after the reminders), the older one would only arrive late with a countdown that is no longer
 * true, after the message that overtook it. The newer one says everything the older one did.
 */
import type { PlannedEffect } from '../reminder-plan.js';

type Series = Pick<PlannedEffect, 'key' | 'kind' | 'obligation'>;

/** The reminders before a notice's alarm and the escalations after it are one series: the notice's. */
function seriesOf(effect: Series): string {
  const kind =
    effect.kind === 'authority-reminder' || effect.kind === 'authority-overdue'
      ? 'authority-notice'
      : effect.kind === 'report-reminder' || effect.kind === 'report-overdue'
        ? 'authority-report'
        : effect.kind;
  return `${effect.obligation ?? '(case)'}:${kind}`;
}

export function supersedes(newer: Series, older: Series): boolean {
  return newer.key !== older.key && seriesOf(newer) === seriesOf(older);
}
