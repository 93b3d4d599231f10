/**
 * The changes made to the case workflow while cases were running, each behind its patch ID so that a running
 * case's recorded history replays as it was written (README, "Development").
 *
 * A run that begins on this engine has every change below: it records one marker for them all, instead of a
 * marker (and a search-attribute update) per change and case. A run recorded before asks the marker of its own
 * time, or each change by its own ID, as it always did. A change made from now on gets its own ID, asked with
 * `patched()` directly, never added to these lists: a marker already recorded stands for the changes it stood
 * for then, and no more. A new marker for them all may follow, as `SECOND` followed `FIRST` and `LATEST`
 * followed `SECOND`.
 */
import { patched } from '@temporalio/workflow';

/** Every change the first marker stands for, in the order they were made. */
export const CASE_PATCHES = [
  'register-entries',
  'strict-case-file',
  'breach-identity',
  'mail-receipts',
  'case-opened-mail',
  'rules-version',
  'steady-timer',
] as const;

/** The changes made after the first marker: the second stands for these and every change of the first. */
export const LATER_PATCHES = ['register-local-activity', 'register-after-mail', 'chase-in-case'] as const;

/** The changes made after the second marker: the third stands for these and every change before them. */
export const NEWER_PATCHES = ['claim-local-activity', 'mail-batches'] as const;

export type CasePatch = (typeof CASE_PATCHES)[number];
export type LaterPatch = (typeof LATER_PATCHES)[number];
export type NewerPatch = (typeof NEWER_PATCHES)[number];

const FIRST = 'case-patches-2026-12';
const SECOND = 'case-patches-2026-12-02';
const LATEST = 'case-patches-2026-12-02b';

export class CasePatches {
  /** Asked first thing in a run, before anything else it records. */
  private readonly latest = patched(LATEST);
  private readonly second = this.latest || patched(SECOND);
  private readonly first = this.second || patched(FIRST);

  has(id: CasePatch | LaterPatch | NewerPatch): boolean {
    if ((CASE_PATCHES as readonly string[]).includes(id)) return this.first || patched(id);
    if ((LATER_PATCHES as readonly string[]).includes(id)) return this.second || patched(id);
    return this.latest || patched(id);
  }
}
