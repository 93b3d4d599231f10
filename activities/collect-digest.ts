import type { Client } from '@temporalio/client';
import { digestCase, type Digest, type DigestCase } from '../domain/mail/digest.js';
import { statusQuery } from '../contract/messages.js';
import { OPEN_CASES_QUERY } from '../contract/open-cases.js';
import { caseIdOfWorkflowId } from '../contract/workflow-ids.js';

/** Reads every running case's status at one instant; a case that cannot answer is listed, not dropped. */
export function collectDigestActivity(deps: { client?: Client }) {
  return async function collectDigest(): Promise<Digest> {
    if (!deps.client) throw new Error('collectDigest needs a Temporal client in the worker');
    const asOf = new Date().toISOString();
    const open: DigestCase[] = [];
    for await (const wf of deps.client.workflow.list({
      query: OPEN_CASES_QUERY,
    })) {
      const handle = deps.client.workflow.getHandle(wf.workflowId);
      const status = await handle.query(statusQuery, asOf).catch(() => undefined);
      const caseId = caseIdOfWorkflowId(wf.workflowId) ?? wf.workflowId;
      if (!status) {
        open.push({
          caseId,
          phase: 'not answering',
          risk: '?',
          authorityDueAt: '',
          remainingMs: 0,
          overdue: false,
          silentProcessors: [],
        });
        continue;
      }
      open.push(digestCase(caseId, status));
    }
    open.sort((a, b) => a.remainingMs - b.remainingMs);
    return { asOf, open };
  };
}
