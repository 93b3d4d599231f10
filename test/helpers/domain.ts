/** Drives the pure case rules the way the workflow does: check, then apply, failing loudly on a refusal. */
import { applyAction, checkAction, type ActionName } from '../../domain/actions/index.js';
import type { CaseState } from '../../domain/case-state.js';

export function act<N extends ActionName>(state: CaseState, name: N, input: unknown, now: number): void {
  const checked = checkAction(name, input, state, now);
  if (!checked.ok) throw new Error(`${name} refused: ${JSON.stringify(checked.problems)}`);
  applyAction(name, checked.action, state, now);
}
