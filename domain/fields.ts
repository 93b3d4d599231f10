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

/**
 * One schema per length, however many fields use it: schemas are immutable, and a workflow holds its own copy
 * of every schema its modules build (a string with its checks is some 6 KB of heap).
 */
function perLength<S>(make: (max: number) => S): (max: number) => S {
  const made = new Map<number, S>();
  return (max) => {
    let schema = made.get(max);
    if (schema === undefined) made.set(max, (schema = make(max)));
    return schema;
  };
}

/** Free text: paragraphs allowed. */
export const text = perLength((max) => z.string().trim().min(1).max(max));

/**
 * A name, reference or channel: one line. A line break in such a field has no honest use and is how forged
 * table rows, headers and log lines are smuggled into documents, mail and registers.
 */
export const line = perLength((max) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\r\n\u2028\u2029]*$/, 'one line: no line breaks'),
);
