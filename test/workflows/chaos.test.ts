/**
 * A bounded chaos run (test/helpers/chaos.ts): a dozen cases over five simulated days on the time-skipping
 * server, the DPO acting at random times and the mail server down for a while. The full-size run is
 * `npm run chaos`; a seed that fails here runs again with `CHAOS_SEED=<seed>`.
 *
 * Worker kills are off by default (`CHAOS_KILLS=3` turns them on): the time-skipping server gives tasks to
 * the long polls of a worker that has shut down and never takes them back, so a run with kills can stand
 * still (README, Development). The engine's side of a replaced worker is not what stalls.
 */
import { expect, test } from 'vitest';
import { runChaos } from '../helpers/chaos.js';

const seed = Number(process.env.CHAOS_SEED ?? 20260101);

test(`a dozen cases keep every promise through a mail outage (seed ${seed})`, async () => {
  const report = await runChaos({
    cases: 12,
    days: 5,
    seed,
    kills: Number(process.env.CHAOS_KILLS ?? 0),
    outages: 1,
    log: console.log,
  });
  expect(report.violations, `re-run: ${report.rerun}`).toEqual([]);
  expect(report.effects.delivered).toBeGreaterThan(0);
  expect(report.extraCopies).toBe(0);
}, 90_000);
