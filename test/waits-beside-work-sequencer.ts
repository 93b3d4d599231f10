import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { recordedDurations } from './file-durations.js';

/** The tag in a test file's opening comment that marks it as one that mostly waits on real time. */
const WAITS_TAG = /^ \* @waits\b/m;

/** The opening comment of a test file: where its `@waits` tag, if any, is. */
function openingComment(path: string): string {
  const text = readFileSync(path, 'utf8');
  const end = text.indexOf('*/');
  return text.startsWith('/**') && end > 0 ? text.slice(0, end) : '';
}

/**
 * The order in which test files start.
 * - The longest first, so that none starts near the end: by this machine's last run (vitest's cache), else by
 *   test/durations.json (a fresh clone), and a file in neither before those, as it may be long. vitest's own
 *   order in a fresh clone is the largest file first, which started the chaos run, a small file with a large
 *   helper, at the suite's end: 120 s against 108 s.
 * - A file that failed last time before those, as vitest does.
 * - Files tagged `@waits` (engines restarting, mail servers stalling, tasks held for seconds) and files that
 *   compute, each in that order, take turns, a computing one first: in vitest's order the four largest files,
 *   all waiting, started together, and for about 15 s the cores stood nearly idle.
 */
export default class WaitsBesideWorkSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const recorded = recordedDurations();
    const weight = (file: TestSpecification): [failed: number, ms: number] => {
      const path = relative(this.ctx.config.root, file.moduleId);
      const last = this.ctx.cache.getFileTestResults(`${file.project.name}:${path}`);
      const ms = last?.duration ?? (recorded[path] !== undefined ? recorded[path] * 1000 : Infinity);
      return [last?.failed ? 1 : 0, ms];
    };
    const weights = new Map(files.map((file) => [file, weight(file)]));
    const sorted = [...files].sort((a, b) => {
      const [failedA, msA] = weights.get(a)!;
      const [failedB, msB] = weights.get(b)!;
      return failedB - failedA || msB - msA;
    });
    const waiting = sorted.filter((file) => WAITS_TAG.test(openingComment(file.moduleId)));
    const working = sorted.filter((file) => !waiting.includes(file));
    const order: TestSpecification[] = [];
    while (waiting.length > 0 || working.length > 0) {
      const work = working.shift();
      if (work) order.push(work);
      const wait = waiting.shift();
      if (wait) order.push(wait);
    }
    return Promise.resolve(order);
  }
}
