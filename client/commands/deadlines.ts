/**
 * `breach deadlines`: what-if, the clocks of one or more regimes for given trigger events without opening a
 * case, computed here by the rules the case workflow runs. Needs no server, and loads nothing of Temporal.
 */
import { REGIME_IDS } from '../../domain/regimes/index.js';
import { TRIGGER_KINDS } from '../../domain/regimes/types.js';
import { describeProblems } from '../../domain/validation.js';
import { emit, UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

/** The case file's key of each event `--trigger` may set (awareness has --aware-at, detection --detected-at). */
const TRIGGER_KEYS: Record<string, string> = {
  'incident-awareness': 'incidentAwareness',
  'major-classification': 'majorClassification',
  knowledge: 'knowledge',
  discovery: 'discovery',
};

export const command = defineCommand({
  summary: 'what-if: the clocks for a given awareness time, without opening a case',
  group: 'engine',
  options: {
    'aware-at': { type: 'instant', required: true, description: 'when the controller became aware' },
    regime: {
      type: 'list',
      choices: REGIME_IDS,
      description: 'the regimes to compute (default: gdpr)',
    },
    trigger: {
      type: 'string',
      repeatable: true,
      value: 'EVENT=T',
      description: `another event a clock runs from: ${Object.keys(TRIGGER_KEYS).join(', ')} (default: awareness)`,
    },
    'detected-at': { type: 'instant', description: 'when the breach was detected (default: --aware-at)' },
    subjects: { type: 'integer', description: 'people affected, where a regime depends on it (HIPAA)' },
    reminders: {
      type: 'list',
      value: '24,48,60,70',
      description: 'hours after awareness to remind the DPO (default: the engine default)',
    },
  },
  notes: [
    'shows for each obligation the alarm, when the engine escalates, and the legal end of its period',
    '(under the GDPR, Reg. 1182/71: it starts with the next full hour), against which a filing is judged',
    'a stage that follows another (a final report) shows its rule; its clock starts with that filing',
    'policy targets ("as soon as possible") follow BREACH_CLOCK_POLICY_TARGETS, as a case opened now would',
  ],
  async run(ctx, options) {
    const triggers: Record<string, string> = {};
    for (const given of options.trigger) {
      const [event = '', at = ''] = given.split('=', 2);
      const key = TRIGGER_KEYS[event];
      if (!key) {
        const known = TRIGGER_KINDS.filter((k) => TRIGGER_KEYS[k]);
        throw new UsageError(`--trigger: unknown event "${event}"; expected one of ${known.join(', ')}`);
      }
      triggers[key] = at;
    }
    const [
      { sampleDeadlineFile },
      { initialState },
      { caseStatus },
      { plannedEffects },
      obligations,
      format,
      policyTargets,
    ] = await Promise.all([
      import('../deadline-file.js'),
      import('../../domain/case-state.js'),
      import('../../domain/status.js'),
      import('../../domain/reminder-plan.js'),
      import('../../domain/obligations.js'),
      import('../format.js'),
      import('../../domain/policy-targets.js'),
    ]);
    const file = sampleDeadlineFile({
      awareAt: options['aware-at'],
      reminderHours: options.reminders?.map(Number),
      regimes: options.regime,
      triggers,
      detectedAt: options['detected-at'],
      subjects: options.subjects,
    });
    if (!file.success) throw new UsageError(file.problems);
    const now = Date.now();
    const state = initialState('what-if', file.file, new Date(now).toISOString());
    // The organisation's policy targets, as `open` would record them for a case opened now.
    const configured = ctx.env.BREACH_CLOCK_POLICY_TARGETS;
    if (configured !== undefined) {
      const targets = policyTargets.parsePolicyTargets(configured);
      if (!targets.ok) {
        throw new UsageError(
          `Invalid environment: BREACH_CLOCK_POLICY_TARGETS: ${describeProblems(targets.problems)}`,
        );
      }
      state.organisationPolicyTargets = targets.targets;
    }
    const status = caseStatus(state, now);
    const steps = plannedEffects(state)
      .map((e) => ({ what: e.key, at: e.dueAt }))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const later = obligations
      .caseObligations(state)
      .filter((o) => !obligations.clockStarted(state, o))
      .map((o) => {
        const after =
          typeof o.spec.trigger === 'string' ? o.spec.trigger : `the filing of "${o.spec.trigger.filed}"`;
        return { obligation: o.id, rule: `${o.spec.title}: its clock starts with ${after}` };
      });
    const at = (iso: string) => format.formatInstant(iso, ctx.tz);
    const human = [
      `Aware at ${at(status.awareAt)}`,
      ...status.deadlines.map((d) =>
        [
          `${d.name.charAt(0).toUpperCase()}${d.name.slice(1)} due ${at(d.dueAt)}: ${format.countdown(d)}${format.policyTargetNote(d, '  ')}`,
          ...(d.legalEndAt && d.legalEndAt !== d.dueAt
            ? [`  legal end of the period ${at(d.legalEndAt)}; a filing is judged on time or late against it`]
            : []),
        ].join('\n'),
      ),
      ...later.map((l) => `${l.rule}`),
      'Reminders and escalation:',
      ...steps.map((s) => `  ${at(s.at)}  ${s.what}`),
    ].join('\n');
    const { awareAt, authorityDueAt, authorityLegalEndAt } = status;
    emit(
      ctx,
      {
        awareAt,
        authorityDueAt,
        authorityLegalEndAt,
        deadline: status.deadlines[0],
        deadlines: status.deadlines,
        later,
        steps,
      },
      human,
    );
  },
});
