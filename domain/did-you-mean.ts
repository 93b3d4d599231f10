/**
 * "Did you mean": the known names closest to a mistyped one, so a misspelt key, option, command or variable is
 * refused together with its fix instead of being dropped or refused without a hint. Pure: it is bundled into
 * workflow code (through domain/validation.ts), so no Node imports.
 */
import { distance } from 'fastest-levenshtein';

/** Case, `_` and `-` are how people most often misspell a name (aware_at, AwareAt, aware-at): they cost nothing. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/**
 * The known names closest to `typed`, in the order given (at most three): a name equal but for case, `_` and
 * `-` if there is one, else those at the least edit distance, if that is small. A tie is offered whole, since
 * an ambiguous typo is better answered with both names than with a guess.
 */
export function similarNames(typed: string, known: readonly string[]): string[] {
  const target = normalized(typed);
  const scored = known.map((name) => ({ name, d: distance(target, normalized(name)) }));
  const best = Math.min(...scored.map((s) => s.d));
  // Beyond about 40% of the longer name, a "suggestion" misleads more than it helps.
  const close = (s: { name: string; d: number }) =>
    s.d === best && s.d <= Math.max(1, Math.floor(0.4 * Math.max(target.length, normalized(s.name).length)));
  return scored
    .filter(close)
    .slice(0, 3)
    .map((s) => s.name);
}

/** "a", "a or b", "a, b or c": for messages. */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
