/**
 * One personal-data breach, from awareness to closure. The workflow owns the case's legal clocks: it wakes at
 * every instant the schedule names (all derived from `awareAt`), sends what is due, takes the DPO's actions as
 * validated updates, chases each vendor in a child workflow, and ends with the Art. 33(5) register entry.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { applyAction, checkAction, type ActionName } from '../common/case-actions.js';
import { caseFileProblems, caseFileSchema, type CaseFile } from '../common/case-file.js';
import { initialState, riskLevel, SYSTEM_ACTOR, type CaseState } from '../common/case-state.js';
import { isOverdue, nextNoticeDueAt, phaseOf, processorWindowWarnings } from '../common/obligations.js';
import { effectMail } from '../common/mail-content.js';
import {
  actionUpdates,
  authorityDueChangedSignal,
  documentsQuery,
  ladderStepSignal,
  registerQuery,
  stateQuery,
  statusQuery,
  stopChaseSignal,
  vendorAnswerSignal,
} from '../common/messages.js';
import { registerEntry, type RegisterEntry } from '../common/register-entry.js';
import { dueEffects, nextDueAt, type DueEffect } from '../common/schedule.js';
import { AUTHORITY_DUE_AT, CASE_STATUS, OVERDUE, RISK_LEVEL } from '../common/search-attributes.js';
import { caseDocuments, caseStatus, type CaseStatus } from '../common/status.js';
import { HOUR_MS, addMs } from '../common/time.js';
import { describeProblems, fieldProblems, type FieldProblem } from '../common/validation.js';
import { vendorChase } from './vendor-chase.js';
import { sendMail } from './send-mail.js';

export interface BreachCaseInput {
  caseId: string;
  caseFile: CaseFile;
  /** When the DPO opened the case; awareness defaults to it. The workflow's start time when absent. */
  openedAt?: string;
  /** Set by continue-as-new and by reopening: the whole state of the previous run. */
  carried?: CaseState;
  /** Set by `breach reopen`: the carried state is of a closed case, which continues with this reason. */
  reopen?: { reason: string; actor: string };
  /**
   * Continue as new once a run's history reaches this many events, even before the server suggests it. A
   * long case (months of vendor silence and weekly reminders) then never meets the history limits.
   */
  historyEventLimit?: number;
}

const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

const { recordRegisterEntry } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export function vendorChaseId(caseWorkflowId: string, processorId: string): string {
  return `${caseWorkflowId}/vendor/${processorId}`;
}

/**
 * The case as the workflow starts it: a new case's file is checked again here (anything can start a workflow,
 * not only the CLI), so unknown keys and instants in the future never reach a running case.
 */
function startingState(input: BreachCaseInput): CaseState {
  if (input.carried) {
    const state: CaseState = { ...input.carried, run: input.carried.run + 1 };
    if (input.reopen && state.closed) {
      const now = new Date().toISOString();
      (state.reopenings ??= []).push({
        at: now,
        by: input.reopen.actor,
        reason: input.reopen.reason,
        closedAt: state.closed.at,
      });
      state.timeline.push({
        at: now,
        actor: input.reopen.actor,
        event: 'case reopened',
        detail: input.reopen.reason,
      });
      delete state.closed;
      state.revision = (state.revision ?? 0) + 1;
    }
    return state;
  }
  const openedAt = input.openedAt ?? new Date().toISOString();
  // Cases started before strict case files took their file as the client had parsed it then; replaying them
  // against today's stricter schema would fail a case that is already running.
  if (!patched('strict-case-file')) return initialState(input.caseId, input.caseFile, openedAt);
  const parsed = caseFileSchema.safeParse(input.caseFile);
  const problems = parsed.success
    ? caseFileProblems(parsed.data, Date.parse(openedAt))
    : fieldProblems(parsed.error, caseFileSchema);
  if (!parsed.success || problems.length) {
    throw ApplicationFailure.create({
      type: 'InvalidCaseFile',
      message: `the case file is not valid: ${describeProblems(problems)}`,
      details: [problems],
      nonRetryable: true,
    });
  }
  const state = initialState(input.caseId, parsed.data, openedAt);
  for (const warning of processorWindowWarnings(state)) {
    state.timeline.push({ at: openedAt, actor: SYSTEM_ACTOR, event: 'warning', detail: warning });
  }
  return state;
}

function rejection(action: ActionName, problems: FieldProblem[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'InvalidAction',
    message: `${action} rejected: ${describeProblems(problems)}`,
    details: [problems],
    nonRetryable: true,
  });
}

export async function breachCase(input: BreachCaseInput): Promise<RegisterEntry> {
  const state = startingState(input);
  const caseWorkflowId = workflowInfo().workflowId;
  const sending = new Set<string>();
  // Cases opened before the register existed replay without it; new ones write it at every change.
  const keepsRegister = patched('register-entries');
  // `wake` re-runs the main loop; `state.revision` counts changes of the case itself.
  let wake = 0;
  const changed = () => {
    state.revision = (state.revision ?? 0) + 1;
    wake += 1;
  };
  let registered = 0;
  let registering = false;
  const recordRegister = () => {
    const revision = state.revision ?? 0;
    if (!keepsRegister || registering || registered >= revision) return;
    registering = true;
    void recordRegisterEntry(registerEntry(state, Date.now()), revision)
      .then(() => {
        registered = revision;
      })
      .finally(() => {
        registering = false;
        wake += 1;
      });
  };

  const askedAt = (asOf?: string) => {
    const at = asOf === undefined ? Number.NaN : Date.parse(asOf);
    return Number.isNaN(at) ? Date.now() : Math.max(at, Date.now());
  };
  setHandler(statusQuery, (asOf) => caseStatus(state, askedAt(asOf)));
  setHandler(documentsQuery, (asOf) => caseDocuments(state, askedAt(asOf)));
  setHandler(registerQuery, (asOf) => registerEntry(state, askedAt(asOf)));
  setHandler(stateQuery, () => state);

  const stopChase = async (processorId: string, reason: 'answered' | 'case-closed') => {
    const vendor = state.vendors[processorId];
    if (!vendor || vendor.ladderStoppedAt) return;
    vendor.ladderStoppedAt = new Date().toISOString();
    try {
      await getExternalWorkflowHandle(vendorChaseId(caseWorkflowId, processorId)).signal(stopChaseSignal, {
        reason,
      });
    } catch {
      // The chase already ended its ladder: nothing left to stop.
    }
  };

  // A corrected awareness moves the authority deadline, and with it each silent processor's escalation.
  const moveChaseDeadlines = async () => {
    for (const vendor of Object.values(state.vendors)) {
      if (!vendor.chaseStartedAt || vendor.ladderStoppedAt) continue;
      try {
        await getExternalWorkflowHandle(vendorChaseId(caseWorkflowId, vendor.processorId)).signal(
          authorityDueChangedSignal,
          { authorityDueAt: nextNoticeDueAt(state) },
        );
      } catch {
        // The chase already climbed its last rung: nothing left to move.
      }
    }
  };

  function onAction<N extends ActionName>(name: N, definition: UpdateDefinition<CaseStatus, [unknown]>) {
    setHandler(
      definition,
      async (raw: unknown) => {
        const checked = checkAction(name, raw, state, Date.now());
        if (!checked.ok) throw rejection(name, checked.problems);
        const dueBefore = nextNoticeDueAt(state);
        applyAction(name, checked.action, state, Date.now());
        changed();
        if (name === 'vendorAnswer') {
          await stopChase((checked.action as { processorId: string }).processorId, 'answered');
        }
        if (name === 'amend') await startVendorChases(state, caseWorkflowId, new Date().toISOString());
        if (nextNoticeDueAt(state) !== dueBefore) await moveChaseDeadlines();
        return caseStatus(state, Date.now());
      },
      {
        validator: (raw: unknown) => {
          const checked = checkAction(name, raw, state, Date.now());
          if (!checked.ok) throw rejection(name, checked.problems);
        },
      },
    );
  }
  for (const name of Object.keys(actionUpdates) as ActionName[]) {
    onAction(name, actionUpdates[name] as UpdateDefinition<CaseStatus, [unknown]>);
  }

  // An integration may deliver a vendor's answer as a signal; signals cannot be refused, so a bad one is
  // recorded as refused (by field, without its contents) and changes nothing else.
  setHandler(vendorAnswerSignal, async (raw) => {
    const checked = checkAction('vendorAnswer', raw, state, Date.now());
    if (!checked.ok) {
      state.timeline.push({
        at: new Date().toISOString(),
        actor: SYSTEM_ACTOR,
        event: 'vendor answer refused',
        detail: checked.problems.map((p) => p.path).join(', '),
      });
      log.warn('vendor answer signal refused', { fields: checked.problems.map((p) => p.path) });
      changed();
      return;
    }
    applyAction('vendorAnswer', checked.action, state, Date.now());
    changed();
    await stopChase(checked.action.processorId, 'answered');
  });

  setHandler(ladderStepSignal, (report) => {
    const vendor = state.vendors[report.processorId];
    if (!vendor) return;
    if (report.step === 'request' && !vendor.requestedAt) vendor.requestedAt = report.at;
    vendor.steps.push({
      step: report.step,
      at: report.at,
      ...(report.skipped ? { skipped: report.skipped } : {}),
    });
    state.timeline.push({
      at: report.at,
      actor: SYSTEM_ACTOR,
      event: `vendor ${report.step}${report.skipped ? ' skipped' : ' sent'}`,
      detail: `processor ${report.processorId}${report.skipped ? `: ${report.skipped}` : ''}`,
    });
    changed();
  });

  let published: string | undefined;
  const publishSearchAttributes = () => {
    const now = Date.now();
    const values = {
      status: phaseOf(state, now),
      risk: riskLevel(state),
      dueAt: nextNoticeDueAt(state),
      overdue: isOverdue(state, now),
    };
    const fingerprint = JSON.stringify(values);
    if (fingerprint === published) return;
    published = fingerprint;
    upsertSearchAttributes([
      { key: CASE_STATUS, value: values.status },
      { key: RISK_LEVEL, value: values.risk },
      { key: AUTHORITY_DUE_AT, value: new Date(values.dueAt) },
      { key: OVERDUE, value: values.overdue },
    ]);
  };

  const fire = (effect: DueEffect, now: number) => {
    const nowIso = new Date(now).toISOString();
    state.effects[effect.key] = {
      dueAt: effect.dueAt,
      firedAt: nowIso,
      ...(effect.skip ? { skipped: effect.skip } : {}),
    };
    if (effect.skip) {
      state.timeline.push({
        at: nowIso,
        actor: SYSTEM_ACTOR,
        event: `${effect.key} skipped`,
        detail: effect.skip,
      });
      return;
    }
    const mail = effectMail(state, effect, now);
    state.effects[effect.key]!.messageId = mail.messageId;
    state.timeline.push({
      at: nowIso,
      actor: SYSTEM_ACTOR,
      event: `${effect.key} sent`,
      detail: mail.subject,
    });
    sending.add(effect.key);
    void sendMail(mail)
      .then((result) => {
        state.effects[effect.key]!.deliveredAt = result.deliveredAt;
      })
      .catch((error: unknown) => {
        state.timeline.push({
          at: new Date().toISOString(),
          actor: SYSTEM_ACTOR,
          event: `${effect.key} could not be delivered`,
          detail: (error as Error).message,
        });
      })
      .finally(() => {
        sending.delete(effect.key);
        changed();
      });
  };

  if (!input.carried) {
    await startVendorChases(state, caseWorkflowId, state.openedAt);
  }

  while (!state.closed) {
    const now = Date.now();
    const due = dueEffects(state, now);
    for (const effect of due) fire(effect, now);
    if (due.length) changed();
    publishSearchAttributes();
    recordRegister();

    const info = workflowInfo();
    const historyFull =
      info.continueAsNewSuggested ||
      info.historyLength >= (input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT);
    if (historyFull && sending.size === 0 && !registering) {
      await condition(allHandlersFinished);
      if (!state.closed) {
        await continueAsNew<typeof breachCase>({
          caseId: state.caseId,
          caseFile: state.caseFile,
          carried: state,
          ...(input.historyEventLimit ? { historyEventLimit: input.historyEventLimit } : {}),
        });
      }
      continue;
    }

    const seen = wake;
    const next = nextDueAt(state, Date.now());
    if (next === undefined) {
      await condition(() => wake !== seen);
    } else {
      await condition(() => wake !== seen, Math.max(1, next - Date.now()));
    }
  }

  publishSearchAttributes();
  await Promise.all(Object.keys(state.vendors).map((id) => stopChase(id, 'case-closed')));
  await condition(() => sending.size === 0 && !registering && allHandlersFinished());
  const entry = registerEntry(state, Date.now());
  if (keepsRegister) await recordRegisterEntry(entry, (state.revision ?? 0) + 1);
  return entry;
}

/**
 * Starts the chase of every processor not yet asked: at opening with the opening time as the request (a
 * back-dated case owes its processors the same window), after an amendment that adds one with the present.
 */
async function startVendorChases(
  state: CaseState,
  caseWorkflowId: string,
  requestedAt: string,
): Promise<void> {
  const file = state.caseFile;
  for (const processor of file.processors) {
    const vendor = state.vendors[processor.id]!;
    if (vendor.chaseStartedAt) continue;
    try {
      await startChild(vendorChase, {
        workflowId: vendorChaseId(caseWorkflowId, processor.id),
        // The chase outlives continue-as-new of the case; the case stops it explicitly when it closes.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            caseWorkflowId,
            ladder: file.schedule.vendorLadder,
            authorityDueAt: nextNoticeDueAt(state),
            mail: {
              caseId: state.caseId,
              processor,
              controllerName: file.controller.name,
              dpo: { name: file.controller.dpo.name, email: file.controller.dpo.email },
              description: file.description,
              internal: { dpo: file.recipients.dpo, legal: file.recipients.legal },
              requestedAt,
              windowEndsAt: addMs(requestedAt, processor.noticeWindowHours * HOUR_MS),
            },
          },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    vendor.chaseStartedAt = new Date().toISOString();
  }
}
