/** Every signal, query and update of a case, defined once so that workflows and clients cannot drift apart. */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionInput, ActionName } from '../domain/actions/index.js';
import type { CaseState, LadderStep } from '../domain/case-state.js';
import type { RegisterEntry } from '../domain/register-entry.js';
import type { DocumentModel, DocumentRequest } from '../domain/documents.js';
import type { CaseDocuments, CaseStatus } from '../domain/status.js';

/**
 * Queries take the asker's clock: a workflow's own clock stands still between its activations (hours, for a
 * case waiting on its next reminder), so "time left" must be computed at the instant the question is asked.
 */
export const statusQuery = defineQuery<CaseStatus, [asOf?: string]>('status');
/** Both documents as Markdown, undated (the argument is kept for older clients and not used). */
export const documentsQuery = defineQuery<CaseDocuments, [asOf?: string]>('documents');
/** One document as structure, for the client to write as Markdown, HTML or PDF. */
export const documentQuery = defineQuery<DocumentModel, [DocumentRequest]>('document');
export const registerQuery = defineQuery<RegisterEntry, [asOf?: string]>('register');
/** The whole state, as `breach reopen` carries it into the next run and `breach open` compares facts with. */
export const stateQuery = defineQuery<CaseState>('state');

/** DPO actions. Each is validated synchronously; a rejected one changes nothing and says why. */
export const assessUpdate = defineUpdate<CaseStatus, [ActionInput<'assess'>]>('assess');
export const notifyAuthorityUpdate = defineUpdate<CaseStatus, [ActionInput<'notifyAuthority'>]>(
  'notifyAuthority',
);
export const supplementUpdate = defineUpdate<CaseStatus, [ActionInput<'supplement'>]>('supplement');
export const notifySubjectsUpdate = defineUpdate<CaseStatus, [ActionInput<'notifySubjects'>]>(
  'notifySubjects',
);
export const exemptUpdate = defineUpdate<CaseStatus, [ActionInput<'exempt'>]>('exempt');
/**
 * A processor's answer. The update and signal keep their first names ("vendorAnswer", "vendorAnswerReceived"):
 * running cases hold them in their histories, and a renamed handler would not replay them.
 */
export const processorAnswerUpdate = defineUpdate<CaseStatus, [ActionInput<'processorAnswer'>]>(
  'vendorAnswer',
);
export const setAwarenessUpdate = defineUpdate<CaseStatus, [ActionInput<'setAwareness'>]>('setAwareness');
export const noNotificationUpdate = defineUpdate<CaseStatus, [ActionInput<'noNotification'>]>(
  'noNotification',
);
export const closeUpdate = defineUpdate<CaseStatus, [ActionInput<'close'>]>('close');
export const amendUpdate = defineUpdate<CaseStatus, [ActionInput<'amend'>]>('amend');
export const authorityDecisionUpdate = defineUpdate<CaseStatus, [ActionInput<'authorityDecision'>]>(
  'authorityDecision',
);
export const holdUpdate = defineUpdate<CaseStatus, [ActionInput<'hold'>]>('hold');
export const releaseHoldUpdate = defineUpdate<CaseStatus, [ActionInput<'releaseHold'>]>('releaseHold');
export const reportUpdate = defineUpdate<CaseStatus, [ActionInput<'report'>]>('report');
export const setTriggerUpdate = defineUpdate<CaseStatus, [ActionInput<'setTrigger'>]>('setTrigger');
export const addRegimeUpdate = defineUpdate<CaseStatus, [ActionInput<'addRegime'>]>('addRegime');

/** A processor's answer sent straight to the case, e.g. by an inbound-mail or portal integration. */
export const processorAnswerSignal = defineSignal<[ActionInput<'processorAnswer'>]>('vendorAnswerReceived');

/** From a processor's chase to its case: a rung of the ladder was climbed. */
export interface LadderStepReport {
  processorId: string;
  step: LadderStep;
  at: string;
  skipped?: string;
}
export const ladderStepSignal = defineSignal<[LadderStepReport]>('ladderStep');

/**
 * From the case to a processor's chase: the authority deadline moved (awareness was corrected), so the
 * internal escalation, which must come before it, moves too.
 */
export const authorityDueChangedSignal = defineSignal<[{ authorityDueAt: string }]>('authorityDueChanged');

/** From the case to a processor's chase: stop climbing. */
export const stopChaseSignal = defineSignal<[{ reason: 'answered' | 'case-closed' }]>('stopChase');

/** Each DPO action's update, by action name: the workflow registers them all, the CLI picks one. */
export const actionUpdates: { [N in ActionName]: UpdateDefinition<CaseStatus, [ActionInput<N>]> } = {
  assess: assessUpdate,
  notifyAuthority: notifyAuthorityUpdate,
  supplement: supplementUpdate,
  notifySubjects: notifySubjectsUpdate,
  exempt: exemptUpdate,
  processorAnswer: processorAnswerUpdate,
  setAwareness: setAwarenessUpdate,
  noNotification: noNotificationUpdate,
  close: closeUpdate,
  amend: amendUpdate,
  authorityDecision: authorityDecisionUpdate,
  hold: holdUpdate,
  releaseHold: releaseHoldUpdate,
  report: reportUpdate,
  setTrigger: setTriggerUpdate,
  addRegime: addRegimeUpdate,
};
