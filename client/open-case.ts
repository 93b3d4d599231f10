import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { CaseFile } from '../common/case-file.js';
import { caseIdOf, caseWorkflowId } from '../common/case-id.js';
import { statusQuery } from '../common/messages.js';
import { initialState } from '../common/case-state.js';
import { caseStatus, type CaseStatus } from '../common/status.js';
import type { breachCase } from '../workflows/breach-case.js';

export interface OpenedCase {
  caseId: string;
  workflowId: string;
  /** True when the case was already open (or closed): nothing new was started. */
  existed: boolean;
  /** For a new case, computed here from the same rules the workflow runs; for an existing one, asked of it. */
  status?: CaseStatus;
}

/** Opens a case once. A second open of the same case finds the first and starts nothing. */
export async function openCase(client: Client, taskQueue: string, file: CaseFile): Promise<OpenedCase> {
  const caseId = caseIdOf(file);
  const workflowId = caseWorkflowId(caseId);
  const openedAt = new Date().toISOString();
  try {
    await client.workflow.start<typeof breachCase>('breachCase', {
      taskQueue,
      workflowId,
      args: [{ caseId, caseFile: file, openedAt }],
      // A case ID is used once, ever: a closed case is not reopened by a stray re-run of the same file.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const status = await client.workflow
      .getHandle(workflowId)
      .query(statusQuery, new Date().toISOString())
      .catch(() => undefined);
    return { caseId, workflowId, existed: true, ...(status ? { status } : {}) };
  }
  const status = caseStatus(initialState(caseId, file, openedAt), Date.now());
  return { caseId, workflowId, existed: false, status };
}
