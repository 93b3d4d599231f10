/**
 * The state a run of a case starts from: a new case's file checked again (anything can start a workflow, not
 * only the CLI, so unknown keys and instants in the future never reach a running case), or the state carried
 * from the previous run, reopened when `breach reopen` asked for it.
 */
import { ApplicationFailure, uuid4 } from '@temporalio/workflow';
import { caseFileProblems, caseFileSchemas, caseFileToday, type CaseFile } from '../domain/case-file.js';
import { initialState, SYSTEM_ACTOR, type CaseState } from '../domain/case-state.js';
import { processorWindowWarnings } from '../domain/deadline-list.js';
import { RULES_VERSION } from '../domain/regimes/index.js';
import type { CasePatches } from './patches.js';
import { describeTargets, policyTargetsSchema } from '../domain/policy-targets.js';
import { describeProblems, fieldProblems } from '../domain/validation.js';

export interface BreachCaseInput {
  caseId: string;
  caseFile: CaseFile;
  /** When the DPO opened the case. The workflow's start time when absent. */
  openedAt?: string;
  /** Set by continue-as-new and by reopening: the whole state of the previous run. */
  carried?: CaseState;
  /** Set by `breach reopen`: the carried state is of a closed case, which continues with this reason. */
  reopen?: { reason: string; actor: string };
  /**
   * Continue as new once a run's history reaches this many events, even before the server suggests it. A
   * long case (months of processor silence and weekly reminders) then never meets the history limits.
   */
  historyEventLimit?: number;
  /** The organisation's policy targets (BREACH_CLOCK_POLICY_TARGETS of the client that opened the case). */
  organisationPolicyTargets?: Record<string, number>;
}

function reopened(carried: CaseState, reopen: NonNullable<BreachCaseInput['reopen']>): CaseState {
  const state: CaseState = { ...carried };
  if (!state.closed) return state;
  const now = new Date().toISOString();
  (state.reopenings ??= []).push({
    at: now,
    by: reopen.actor,
    reason: reopen.reason,
    closedAt: state.closed.at,
  });
  state.timeline.push({ at: now, actor: reopen.actor, event: 'case reopened', detail: reopen.reason });
  delete state.closed;
  state.revision = (state.revision ?? 0) + 1;
  return state;
}

function withoutRulesVersion(state: CaseState): CaseState {
  delete state.rulesVersion;
  return state;
}

export function startingState(input: BreachCaseInput, patches: CasePatches): CaseState {
  if (input.carried) {
    // Carried from a version that called each processor's chase state `vendors`.
    const { vendors, ...rest } = input.carried as CaseState & { vendors?: CaseState['processors'] };
    const carried: CaseState = {
      ...rest,
      caseFile: caseFileToday(rest.caseFile),
      ...(rest.factsHistory
        ? {
            factsHistory: Object.fromEntries(
              Object.entries(rest.factsHistory).map(([v, facts]) => [v, caseFileToday(facts)]),
            ),
          }
        : {}),
      processors: rest.processors ?? vendors ?? {},
      run: input.carried.run + 1,
      // A new run has a history of its own: it takes today's rules, obligations added since included.
      ...(patches.has('rules-version') ? { rulesVersion: RULES_VERSION } : {}),
    };
    return input.reopen ? reopened(carried, input.reopen) : carried;
  }
  const openedAt = input.openedAt ?? new Date().toISOString();
  // Cases started before strict case files took their file as the client had parsed it then; replaying them
  // against today's stricter schema would fail a case that is already running.
  const caseFile = caseFileToday(input.caseFile);
  if (!patches.has('strict-case-file'))
    return withoutRulesVersion(initialState(input.caseId, caseFile, openedAt));
  // Built for this check and let go: the case does not need them again until it is amended (case-file.ts).
  const { caseFileSchema } = caseFileSchemas();
  const parsed = caseFileSchema.safeParse(caseFile);
  const problems = parsed.success
    ? caseFileProblems(parsed.data, Date.parse(openedAt))
    : fieldProblems(parsed.error, caseFileSchema);
  const targets = policyTargetsSchema().optional().safeParse(input.organisationPolicyTargets);
  if (!targets.success) {
    problems.push(
      ...fieldProblems(targets.error).map((p) => ({ ...p, path: `organisationPolicyTargets.${p.path}` })),
    );
  }
  if (!parsed.success || problems.length) {
    throw ApplicationFailure.create({
      type: 'InvalidCaseFile',
      message: `the case file is not valid: ${describeProblems(problems)}`,
      details: [problems],
      nonRetryable: true,
    });
  }
  const state = initialState(input.caseId, parsed.data, openedAt);
  // A case whose history began before rules versions runs on the rules it began with (version 0).
  if (!patches.has('rules-version')) withoutRulesVersion(state);
  const organisationTargets = targets.data;
  if (organisationTargets && Object.keys(organisationTargets).length) {
    state.organisationPolicyTargets = organisationTargets;
    state.timeline.push({
      at: openedAt,
      actor: SYSTEM_ACTOR,
      event: 'policy targets',
      detail: `the organisation's, as configured at opening: ${describeTargets(organisationTargets)}`,
    });
  }
  // The breach's identity, from the workflow's seeded randomness (the same on every replay). Cases opened
  // before had none and keep none: their register rows and Message-IDs stay as they were written.
  if (patches.has('breach-identity')) state.breachId = uuid4();
  for (const warning of processorWindowWarnings(state)) {
    state.timeline.push({ at: openedAt, actor: SYSTEM_ACTOR, event: 'warning', detail: warning });
  }
  return state;
}
