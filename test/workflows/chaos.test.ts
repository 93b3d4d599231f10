/**
 * A bounded chaos run (test/helpers/chaos.ts): a dozen cases over five simulated days on the time-skipping
 * server, the DPO acting at random times, the mail server down for a while, and the worker replaced twice in
 * the first quarter of the run (between steps, or in the middle of one while mail goes out). The full-size
 * run is `npm run chaos`; a seed that fails here runs again with `CHAOS_SEED=<seed>`, and `CHAOS_KILLS=<n>`
 * changes the number of replacements.
 */
import { expect, test } from 'vitest';
import { runChaos } from '../helpers/chaos.js';

const seed = Number(process.env.CHAOS_SEED ?? 20260101);
const kills = Number(process.env.CHAOS_KILLS ?? 2);

test(`a dozen cases keep every promise through a mail outage and ${kills} worker replacements (seed ${seed})`, async () => {
  const report = await runChaos({
    cases: 12,
    days: 5,
    seed,
    kills,
    killWindow: 0.25,
    outages: 1,
    log: console.log,
  });
  expect(report.violations, `re-run: ${report.rerun}`).toEqual([]);
  expect(report.kills).toBe(kills);
  // Every worker caches, so a stopped worker's workflows wait on its sticky queue until the next takes them.
  if (kills > 0) expect(report.handedOverPolls).toBeGreaterThan(0);
  expect(report.effects.delivered).toBeGreaterThan(0);
  // A worker stopped while a message's data is out may leave a copy the server took unacknowledged; the run's
  // invariants hold each such copy to the ledger's count. Without kills there is none.
  if (kills === 0) expect(report.extraCopies).toBe(0);
}, 90_000);
