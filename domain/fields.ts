/** The kinds of value case files and actions are made of, shared so every room checks them alike. */
import { z } from 'zod';
import { regexes } from 'zod/v4/core';

/**
 * A schema made on first use and then shared by every field that uses it. A module's schemas stay inside it,
 * behind a function: the worker shares these modules among all the workflows it holds and freezes what they
 * export (workflows/shared-modules.ts), and zod completes a schema's members on first use, which a frozen
 * schema cannot take.
 */
export function once<S>(make: () => S): () => S {
  let made: S | undefined;
  return () => (made ??= make());
}

export const instant = once(() =>
  z.iso.datetime({
    offset: true,
    error: (issue) =>
      issue.input === undefined
        ? 'required: an ISO 8601 time with offset'
        : 'expected an ISO 8601 time with offset',
  }),
);

export const email = once(() =>
  z.email({
    message: 'expected an e-mail address',
    // zod's own pattern, copied: zod resets a pattern's lastIndex before each test, which the frozen original
    // of a shared zod cannot take.
    pattern: new RegExp(regexes.email),
  }),
);

/** One schema per length, however many fields use it: schemas are immutable, and each is some 6 KB of heap. */
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
