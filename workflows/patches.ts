/**
 * The changes made to the case workflow while cases were running, each behind its patch ID so that a running
 * case's recorded history replays as it was written (README, "Development").
 *
 * A run that begins on this engine has every change below: it records one marker for them all, instead of one
 * history event per change and case. A run recorded before asks each change by its own ID, as it always did.
 * A change made from now on gets its own ID, asked with `patched()` directly, never added to this list.
 */
import { patched } from '@temporalio/workflow';

/** Every change the one marker stands for, in the order they were made. */
export const CASE_PATCHES = [
  'register-entries',
  'strict-case-file',
  'breach-identity',
  'mail-receipts',
  'case-opened-mail',
  'rules-version',
  'steady-timer',
] as const;

export type CasePatch = (typeof CASE_PATCHES)[number];

const ALL_OF_THEM = 'case-patches-2026-12';

export class CasePatches {
  /** Asked first thing in a run, before anything else it records. */
  private readonly all = patched(ALL_OF_THEM);

  has(id: CasePatch): boolean {
    return this.all || patched(id);
  }
}
