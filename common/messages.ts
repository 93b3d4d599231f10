/** Every signal, query and update of a case, defined once so workflow and client cannot drift apart. */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface AuthorityNoticeSignal {
  filedAt: string;
}

export interface ClockState {
  caseId: string;
  awareAt: string;
  authorityDueAt: string;
  authorityNotifiedAt?: string;
  overdue: boolean;
}

export const authorityNoticeFiled = defineSignal<[AuthorityNoticeSignal]>('authorityNoticeFiled');
export const clockState = defineQuery<ClockState>('clockState');
