/**
 * Both sides of a refused DPO action: the workflow raises it, the client reads its problems back as data. The
 * problems travel as the failure's details, so no client ever parses a message.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FieldProblem } from '../domain/validation.js';
import { describeProblems } from '../domain/validation.js';

export const ACTION_REJECTED = 'InvalidAction';

export function actionRejection(action: string, problems: FieldProblem[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: ACTION_REJECTED,
    message: `${action} rejected: ${describeProblems(problems)}`,
    details: [problems],
    nonRetryable: true,
  });
}

function isProblem(value: unknown): value is FieldProblem {
  const candidate = value as Partial<FieldProblem> | null;
  return typeof candidate?.path === 'string' && typeof candidate.message === 'string';
}

/** The problems of a refused action from a failure (an update's cause), or undefined for any other failure. */
export function rejectionProblems(failure: unknown): FieldProblem[] | undefined {
  if (!(failure instanceof ApplicationFailure) || failure.type !== ACTION_REJECTED) return undefined;
  const problems = failure.details?.[0];
  return Array.isArray(problems) && problems.every(isProblem) ? problems : undefined;
}
