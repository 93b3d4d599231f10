/** The kinds of value case files and actions are made of, shared so every room checks them alike. */
import { z } from 'zod';

export const instant = z.iso.datetime({
  offset: true,
  error: (issue) =>
    issue.input === undefined
      ? 'required: an ISO 8601 time with offset'
      : 'expected an ISO 8601 time with offset',
});

export const email = z.email({ message: 'expected an e-mail address' });

/** Free text: paragraphs allowed. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A name, reference or channel: one line. A line break in such a field has no honest use and is how forged
 * table rows, headers and log lines are smuggled into documents, mail and registers.
 */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\r\n\u2028\u2029]*$/, 'one line: no line breaks');
