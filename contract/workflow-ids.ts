/**
 * Workflow IDs both ways. They are visible to anyone who can list workflows, so they hold case IDs and
 * processor IDs only, never personal data.
 */
const CASE_PREFIX = 'breach-case/';

export function caseWorkflowId(caseId: string): string {
  return `${CASE_PREFIX}${caseId}`;
}

/** The case ID of a case workflow's ID; undefined for any other workflow. */
export function caseIdOfWorkflowId(workflowId: string): string | undefined {
  if (!workflowId.startsWith(CASE_PREFIX)) return undefined;
  const rest = workflowId.slice(CASE_PREFIX.length);
  return rest.includes('/') ? undefined : rest;
}

/** A processor's chase, named under its case so that a case's workflows list together. */
export function processorChaseId(caseWorkflowId: string, processorId: string): string {
  return `${caseWorkflowId}/vendor/${processorId}`;
}
