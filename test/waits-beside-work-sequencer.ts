import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The tag in a test file's opening comment that marks it as one that mostly waits on real time. */
const WAITS_TAG = /^ \* @waits\b/m;

/** The opening comment of a test file: where its `@waits` tag, if any, is. */
function openingComment(path: string): string {
  const text = readFileSync(path, 'utf8');
  const end = text.indexOf('*/');
  return text.startsWith('/**') && end > 0 ? text.slice(0, end) : '';
}

/**
 * The order in which test files start: vitest's own (the longest first by its cache, the largest first in a fresh
 * clone), except that a file tagged `@waits` (engines restarting, mail servers stalling, reminders due in real
 * seconds) starts between two files that compute. In vitest's order the four such files, also the largest,
 * started together, and for about 15 s of a two-minute suite the cores stood nearly idle.
 */
export default class WaitsBesideWorkSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waiting = sorted.filter((file) => WAITS_TAG.test(openingComment(file.moduleId)));
    const working = sorted.filter((file) => !waiting.includes(file));
    const order: TestSpecification[] = [];
    while (waiting.length > 0 || working.length > 0) {
      const work = working.shift();
      if (work) order.push(work);
      const wait = waiting.shift();
      if (wait) order.push(wait);
    }
    return order;
  }
}
