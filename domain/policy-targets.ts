/**
 * Policy targets: the clocks the law gives no number ("as soon as possible", "without undue delay") and an
 * organisation sets one for. A regime file marks such an obligation `policyTarget` and gives a default; the
 * organisation may set its own for every case it opens (BREACH_CLOCK_POLICY_TARGETS), and a case file may set
 * one for itself. A case records the organisation's targets when it opens, so a later change of the
 * configuration moves no clock of a case already running: the case keeps the rule it was opened under.
 */
import { z } from 'zod';
import { REGIMES } from './regimes/index.js';
import { orList, similarNames } from './did-you-mean.js';
import { once } from './fields.js';
import type { FieldProblem } from './validation.js';

/** The obligations whose clock is a policy target, by ID (`revfadp.notice`, `gdpr.subjects`). */
export const POLICY_TARGET_IDS: readonly string[] = Object.values(REGIMES).flatMap((regime) =>
  regime.obligations.filter((o) => o.policyTarget).map((o) => `${regime.id}.${o.key}`),
);

// A year: a target beyond it would no longer be "as soon as possible" under any reading.
const LONGEST_TARGET_HOURS = 8760;

const targetHours = z.number().positive().max(LONGEST_TARGET_HOURS);

function unknownTargetMessage(id: string): string {
  const similar = similarNames(id, POLICY_TARGET_IDS);
  return `"${id}" is no obligation with a policy target; ${
    similar.length ? `did you mean ${orList(similar)}?` : `known: ${POLICY_TARGET_IDS.join(', ')}`
  }`;
}

/** Hours by obligation ID; an ID that names no policy-target obligation is refused, never ignored. */
export const policyTargetsSchema = once(() =>
  z
    // The enum is for editors reading the JSON Schema; the check below gives the did-you-mean.
    .record(z.string().meta({ enum: [...POLICY_TARGET_IDS] }), targetHours)
    .superRefine((targets, ctx) => {
      for (const id of Object.keys(targets)) {
        if (!POLICY_TARGET_IDS.includes(id)) {
          ctx.addIssue({ code: 'custom', path: [id], message: unknownTargetMessage(id) });
        }
      }
    }),
);

export type PolicyTargets = Record<string, number>;

/**
 * The configuration's form, `revfadp.notice=48,gdpr.subjects=24` (hours, an `h` after the number allowed):
 * the targets, or the problems, each naming the entry at fault.
 */
export function parsePolicyTargets(
  text: string,
): { ok: true; targets: PolicyTargets } | { ok: false; problems: FieldProblem[] } {
  const targets: PolicyTargets = {};
  const problems: FieldProblem[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+\.[a-z0-9-]+)\s*=\s*(\d+(?:\.\d+)?)\s*h?$/.exec(entry);
    if (!match) {
      problems.push({ path: entry, message: 'expected OBLIGATION=HOURS, e.g. revfadp.notice=48' });
      continue;
    }
    const [, id = '', hours = ''] = match;
    if (!POLICY_TARGET_IDS.includes(id)) problems.push({ path: id, message: unknownTargetMessage(id) });
    else if (id in targets) problems.push({ path: id, message: 'set twice' });
    else if (!targetHours.safeParse(Number(hours)).success) {
      problems.push({ path: id, message: `expected more than 0 and at most ${LONGEST_TARGET_HOURS} hours` });
    } else targets[id] = Number(hours);
  }
  return problems.length ? { ok: false, problems } : { ok: true, targets };
}

/** `revfadp.notice 48 h, gdpr.subjects 24 h`: for the timeline and the status. */
export function describeTargets(targets: PolicyTargets): string {
  return Object.entries(targets)
    .map(([id, hours]) => `${id} ${hours} h`)
    .join(', ');
}
