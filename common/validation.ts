import type { z } from 'zod';

export interface FieldProblem {
  path: string;
  message: string;
}

/** zod issues as data: a dotted path to the field and a plain message, never the offending value itself. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

export function describeProblems(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}
