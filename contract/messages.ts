/** Every signal, query and update of a case, defined once so that workflows and clients cannot drift apart. */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { actions, type ActionInput, type ActionName } from '../domain/actions/index.js';
import type { CaseState } from '../domain/case-state.js';
import type { RegisterEntry } from '../domain/register-entry.js';
import type { DocumentModel, DocumentRequest } from '../domain/documents.js';
import type { CaseDocuments, CaseStatus } from '../domain/status.js';

/**
 * Update names that differ from their action's. A processor's answer keeps its first name, as its signal does
 * ("vendorAnswerReceived"): running cases hold it in their histories, and a renamed handler would not replay.
 */
const UPDATE_NAMES: Partial<Record<ActionName, string>> = { processorAnswer: 'vendorAnswer' };

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

/**
 * Each DPO action's update, by action name, made from the action table itself: the workflow registers them all,
 * the CLI picks one, and a new action has its update without a line here. Validated synchronously; a rejected
 * one changes nothing and says why.
 */
export const actionUpdates = Object.fromEntries(
  (Object.keys(actions) as ActionName[]).map((name) => [name, defineUpdate(UPDATE_NAMES[name] ?? name)]),
) as { [N in ActionName]: UpdateDefinition<CaseStatus, [ActionInput<N>]> };

// The updates tests and integrations name directly.
export const assessUpdate = actionUpdates.assess;
export const notifyAuthorityUpdate = actionUpdates.notifyAuthority;
export const supplementUpdate = actionUpdates.supplement;
export const notifySubjectsUpdate = actionUpdates.notifySubjects;
export const exemptUpdate = actionUpdates.exempt;
export const processorAnswerUpdate = actionUpdates.processorAnswer;
export const setAwarenessUpdate = actionUpdates.setAwareness;
export const noNotificationUpdate = actionUpdates.noNotification;
export const closeUpdate = actionUpdates.close;
export const amendUpdate = actionUpdates.amend;
export const authorityDecisionUpdate = actionUpdates.authorityDecision;
export const holdUpdate = actionUpdates.hold;
export const releaseHoldUpdate = actionUpdates.releaseHold;

/** A processor's answer sent straight to the case, e.g. by an inbound-mail or portal integration. */
export const processorAnswerSignal = defineSignal<[ActionInput<'processorAnswer'>]>('vendorAnswerReceived');
