import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { authorityDeadline } from '../common/deadlines.js';
import { authorityNoticeFiled, clockState, type ClockState } from '../common/messages.js';
import { AUTHORITY_DUE_AT, CASE_STATUS, OVERDUE } from '../common/search-attributes.js';

export interface BreachCaseInput {
  caseId: string;
  awareAt: string;
}

export async function breachCase(input: BreachCaseInput): Promise<ClockState> {
  const state: ClockState = {
    caseId: input.caseId,
    awareAt: input.awareAt,
    authorityDueAt: authorityDeadline(input.awareAt),
    overdue: false,
  };
  setHandler(clockState, () => state);
  setHandler(authorityNoticeFiled, ({ filedAt }) => {
    state.authorityNotifiedAt ??= filedAt;
  });
  upsertSearchAttributes([
    { key: CASE_STATUS, value: 'open' },
    { key: AUTHORITY_DUE_AT, value: new Date(state.authorityDueAt) },
    { key: OVERDUE, value: false },
  ]);

  const remaining = Date.parse(state.authorityDueAt) - Date.now();
  const notifiedInTime =
    remaining > 0 && (await condition(() => state.authorityNotifiedAt !== undefined, remaining));
  if (!notifiedInTime) {
    state.overdue = true;
    upsertSearchAttributes([{ key: OVERDUE, value: true }]);
    await condition(() => state.authorityNotifiedAt !== undefined);
  }
  return state;
}
