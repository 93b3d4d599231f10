/**
 * Typed search attributes of a case. They are visible to anyone with access to the namespace, so they carry
 * only the case's state and clock, never personal data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The case's phase. Its name predates the word "phase" and stays: servers have it registered by that name. */
export const CASE_PHASE = defineSearchAttributeKey('BreachCaseStatus', SearchAttributeType.KEYWORD);
export const RISK_LEVEL = defineSearchAttributeKey('BreachRiskLevel', SearchAttributeType.KEYWORD);
export const AUTHORITY_DUE_AT = defineSearchAttributeKey(
  'BreachAuthorityDueAt',
  SearchAttributeType.DATETIME,
);
export const OVERDUE = defineSearchAttributeKey('BreachOverdue', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [CASE_PHASE, RISK_LEVEL, AUTHORITY_DUE_AT, OVERDUE] as const;
