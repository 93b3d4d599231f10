/**
 * The visibility query for cases, built in one place for the CLI's list and the daily digest: the workflow
 * type, the execution status and the case search attributes, never free text.
 */
import { AUTHORITY_DUE_AT, CASE_PHASE, OVERDUE } from './search-attributes.js';

export interface CaseFilter {
  /** Open: running. Overdue: running with a notice past its alarm. Closed: the case's phase is closed. */
  status?: 'open' | 'overdue' | 'closed';
  /** Running, with the next notice due no later than this instant. */
  dueBefore?: Date;
}

export function casesQuery(filter: CaseFilter = {}): string {
  const clauses = ["WorkflowType = 'breachCase'"];
  const running = "ExecutionStatus = 'Running'";
  if (filter.status === 'open') clauses.push(running);
  if (filter.status === 'overdue') clauses.push(running, `${OVERDUE.name} = true`);
  if (filter.status === 'closed') clauses.push(`${CASE_PHASE.name} = 'closed'`);
  if (filter.dueBefore) {
    if (!clauses.includes(running)) clauses.push(running);
    clauses.push(`${AUTHORITY_DUE_AT.name} <= '${filter.dueBefore.toISOString()}'`);
  }
  return clauses.join(' AND ');
}

/** Every running case: what the digest reads each morning. */
export const OPEN_CASES_QUERY = casesQuery({ status: 'open' });
