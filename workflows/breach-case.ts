/**
 * One personal-data breach, from awareness to closure. The workflow wires the case's messages to its runtime
 * and waits: it wakes at every instant the reminder plan names (all derived from the trigger events), sends
 * what is due (its processors' ladders included), takes the DPO's actions as validated updates, and ends with
 * the Art. 33(5) register entry.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ActionName } from '../domain/actions/index.js';
import {
  actionUpdates,
  documentQuery,
  documentsQuery,
  registerQuery,
  stateQuery,
  statusQuery,
  processorAnswerSignal,
} from '../contract/messages.js';
import { ladderStepSignal } from '../contract/chase-messages.js';
import { documentModel } from '../domain/documents.js';
import { openedMail } from '../domain/mail/opened-mail.js';
import { registerEntry, type RegisterEntry } from '../domain/register-entry.js';
import { caseDocuments, caseStatus, type CaseStatus } from '../domain/status.js';
import { CaseRuntime } from './case-runtime.js';
import { startingState, type BreachCaseInput } from './case-start.js';
import { CasePatches } from './patches.js';

export type { BreachCaseInput } from './case-start.js';

const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

/**
 * Queries take the asker's clock: a workflow's own clock stands still between its activations (hours, for a
 * case waiting on its next reminder), so "time left" is computed at the instant the question is asked.
 */
function askedAt(asOf?: string): number {
  const at = asOf === undefined ? Number.NaN : Date.parse(asOf);
  return Number.isNaN(at) ? Date.now() : Math.max(at, Date.now());
}

export async function breachCase(input: BreachCaseInput): Promise<RegisterEntry> {
  const patches = new CasePatches();
  const state = startingState(input, patches);
  const runtime = new CaseRuntime(state, patches);

  setHandler(statusQuery, (asOf) => caseStatus(state, askedAt(asOf)));
  setHandler(documentsQuery, () => caseDocuments(state));
  setHandler(documentQuery, (request) => documentModel(state, request));
  setHandler(registerQuery, (asOf) => registerEntry(state, askedAt(asOf)));
  setHandler(stateQuery, () => state);
  for (const name of Object.keys(actionUpdates) as ActionName[]) {
    const update = actionUpdates[name] as UpdateDefinition<CaseStatus, [unknown]>;
    setHandler(update, (raw) => runtime.act(name, raw), { validator: (raw) => runtime.validate(name, raw) });
  }
  setHandler(processorAnswerSignal, (raw) => runtime.answerBySignal(raw));
  setHandler(ladderStepSignal, (report) => runtime.recordLadderStep(report));

  if (!input.carried) {
    // The register must take this breach under its case ID before anything is sent: a case ID it holds for
    // another breach fails the case here, with nothing mailed and no processor asked.
    if (state.breachId !== undefined) await runtime.claimCaseId();
    await runtime.chases.start(state.openedAt);
    // The DPO and the CISO hear of a new case at once. Cases opened before this message replay without it.
    if (patches.has('case-opened-mail')) runtime.send(openedMail(state, Date.now()));
  }

  const historyLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;
  while (!state.closed) {
    runtime.tick();
    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength >= historyLimit) && runtime.idle) {
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
    await runtime.waitForNext();
  }
  return runtime.finish();
}
