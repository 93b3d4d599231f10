/**
 * The workflow types the worker registers. The worker evaluates the workflows' own modules once for each
 * workflow it holds (the domain and contract modules they use once for all of them: shared-modules.ts), so
 * each type loads its own module only when a workflow of that type starts: a processor's chase does not carry
 * the case's workflow code, nor a case the digest's. The import is eager (`webpackMode`): the module is in the
 * bundle, only its evaluation waits.
 *
 * The workflow's own code runs a few microtasks after its start, within the same activation: messages that
 * came with the start wait for their handlers as they always did, and the commands come in the same order.
 */
import type { Digest } from '../domain/mail/digest.js';
import type { RegisterEntry } from '../domain/register-entry.js';
import type { BreachCaseInput } from './breach-case.js';
import type { ProcessorChaseInput, ProcessorChaseResult } from './processor-chase.js';

export type { BreachCaseInput } from './breach-case.js';

export async function breachCase(input: BreachCaseInput): Promise<RegisterEntry> {
  const workflow = await import(/* webpackMode: "eager" */ './breach-case.js');
  return workflow.breachCase(input);
}

/** A processor's chase, registered under its first name: the chases of running cases are of type "vendorChase". */
export async function vendorChase(input: ProcessorChaseInput): Promise<ProcessorChaseResult> {
  const workflow = await import(/* webpackMode: "eager" */ './processor-chase.js');
  return workflow.processorChase(input);
}

export async function dailyDigest(input: { to: string[] }): Promise<Digest> {
  const workflow = await import(/* webpackMode: "eager" */ './daily-digest.js');
  return workflow.dailyDigest(input);
}
