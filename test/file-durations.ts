/**
 * How long each test file took in a recorded run (test/durations.json, seconds), for the order in which a fresh
 * clone starts them (test/waits-beside-work-sequencer.ts): vitest learns durations only from runs on the same
 * machine, and without them starts the largest files first, which put the chaos run, a small file with a large
 * helper, at the suite's end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DURATIONS_FILE = fileURLToPath(new URL('./durations.json', import.meta.url));

/** Seconds by file path from the project's root; none when the file is missing or unreadable. */
export function recordedDurations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export function recordDurations(seconds: Record<string, number>): void {
  const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}
