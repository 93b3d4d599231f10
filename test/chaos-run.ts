/**
 * The full-size chaos run, the same driver as test/workflows/chaos.test.ts at a size of your choosing:
 *   npm run chaos -- --cases 200 --days 10 --seed 42 [--kills N] [--kill-window F] [--outages N]
 * Prints the seed and the command that repeats it; exits 1 when an invariant failed, listing each.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runChaos } from './helpers/chaos.js';

// Worker state changes and each retried mail attempt at INFO would bury the run's own lines.
Runtime.install({ logger: new DefaultLogger('ERROR') });

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name}: expected a whole number, got "${process.argv[at + 1] ?? ''}"`);
    process.exit(2);
  }
  return value;
}

/** A share of the run, in (0, 1]; undefined when not given. */
function share(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!(value > 0 && value <= 1)) {
    console.error(`--${name}: expected a number above 0 and at most 1, got "${process.argv[at + 1] ?? ''}"`);
    process.exit(2);
  }
  return value;
}

const seed = option('seed', Math.floor(Date.now() % 1_000_000));
const killWindow = share('kill-window');
const report = await runChaos({
  cases: option('cases', 200),
  days: option('days', 10),
  seed,
  ...(process.argv.includes('--kills') ? { kills: option('kills', 0) } : {}),
  ...(killWindow === undefined ? {} : { killWindow }),
  ...(process.argv.includes('--outages') ? { outages: option('outages', 0) } : {}),
  log: (line) => console.log(line),
});
for (const violation of report.violations) console.log(`VIOLATION ${violation}`);
console.log(JSON.stringify({ ...report, violations: report.violations.length }));
process.exit(report.violations.length ? 1 : 0);
