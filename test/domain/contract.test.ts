/** The contract both processes share: workflow IDs both ways and the visibility query of cases. */
import { describe, expect, it } from 'vitest';
import { casesQuery, OPEN_CASES_QUERY } from '../../contract/open-cases.js';
import { caseIdOfWorkflowId, caseWorkflowId, processorChaseId } from '../../contract/workflow-ids.js';

describe('workflow IDs', () => {
  it('go from case ID to workflow ID and back, and tell a chase from a case', () => {
    const id = caseWorkflowId('BR-2026-0042');
    expect(caseIdOfWorkflowId(id)).toBe('BR-2026-0042');
    expect(caseIdOfWorkflowId(processorChaseId(id, 'transcribe'))).toBeUndefined();
    expect(caseIdOfWorkflowId('breach-clock-daily-digest')).toBeUndefined();
  });
});

describe('the cases query', () => {
  it('filters by the case search attributes', () => {
    expect(OPEN_CASES_QUERY).toBe("WorkflowType = 'breachCase' AND ExecutionStatus = 'Running'");
    expect(casesQuery({ status: 'overdue' })).toBe(
      "WorkflowType = 'breachCase' AND ExecutionStatus = 'Running' AND BreachOverdue = true",
    );
    expect(casesQuery({ status: 'closed', dueBefore: new Date('2026-12-01T00:00:00Z') })).toBe(
      "WorkflowType = 'breachCase' AND BreachCaseStatus = 'closed' AND ExecutionStatus = 'Running' AND BreachAuthorityDueAt <= '2026-12-01T00:00:00.000Z'",
    );
  });
});
