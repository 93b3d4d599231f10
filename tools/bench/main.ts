/**
 * `npm run bench`: the engine against the floor, in one run, on a server and workers of its own. Prints a table
 * and, with --json, writes the same figures with the machine and the commit, for comparing commits.
 *
 *   npm run bench -- --cases 1000 --workers 2 --only lag,burst --json bench.json
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { measureCli } from './cli-timing.js';
import { holdPhase } from './hold.js';
import { OPEN_CONCURRENCY, runPhase, type PhaseResult } from './phases.js';
import { figures, type Results } from './report.js';
import { table } from './table.js';
import { ProcessDiedError, PROJECT_ROOT, removeDir, startStack, type EngineMemory } from './stack.js';
import { measureStartup } from './startup.js';
import { floorSubject, projectSubject } from './subjects.js';

const FIGURES = ['lag', 'burst', 'open', 'rss', 'cpu', 'history', 'cli', 'startup', 'hold'] as const;
/** Holding 10,000 cases opens them batch by batch: most of an hour here, so only when asked. */
const DEFAULT_FIGURES = FIGURES.filter((f) => f !== 'hold');

const usage = `usage: npm run bench -- [--cases N] [--workers K] [--only ${FIGURES.join(',')}] [--json FILE]
       [--cached-workflows C] [--hold N] [--lead SECONDS] [--rounds R] [--keep]
  --cases N     cases due at one instant (default 200; 1000 and 10000 for the issue's larger runs)
  --workers K   worker processes of the engine, and of the floor, against the one server (default 1)
  --cached-workflows C
                workflows each engine worker keeps in memory (BREACH_CLOCK_CACHED_WORKFLOWS; default: the
                engine's). A case is one workflow (its processors chased in it); others replay when they wake
  --only LIST   figures to measure (default all but hold)
  --hold N      with --only hold: open N cases (default 10000), due long after the run, and read the workers'
                and the server's memory and the server's database with all of them open
  --json FILE   also write the results as JSON
  --lead S      seconds from the first case opened to the due instant (default: 2.5 times the opening time
                a pilot of 20 cases predicts, plus 10 s; the floor always gets its own pilot)
  --rounds R    runs of each CLI command and server start (default 3)
  --keep        keep the run's folder (server, worker logs, outbox) and say where`;

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '200' },
      workers: { type: 'string', default: '1' },
      'cached-workflows': { type: 'string' },
      only: { type: 'string', default: DEFAULT_FIGURES.join(',') },
      hold: { type: 'string', default: '10000' },
      json: { type: 'string' },
      lead: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name}: expected a whole number above 0, got "${value}"`);
    return n;
  };
  const only = new Set(values.only.split(',').map((f) => f.trim()));
  const unknown = [...only].filter((f) => !(FIGURES as readonly string[]).includes(f));
  if (unknown.length)
    throw new Error(`--only: unknown figure ${unknown.join(', ')} (known: ${FIGURES.join(', ')})`);
  const cases = count('cases', values.cases);
  const workers = count('workers', values.workers);
  return {
    cases,
    workers,
    cachedWorkflows: values['cached-workflows']
      ? count('cached-workflows', values['cached-workflows'])
      : undefined,
    only,
    json: values.json,
    leadMs: values.lead ? count('lead', values.lead) * 1000 : undefined,
    rounds: count('rounds', values.rounds),
    hold: count('hold', values.hold),
    keep: values.keep,
  };
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const startedAt = Date.now();
const progress = (message: string) =>
  process.stderr.write(`[bench +${Math.round((Date.now() - startedAt) / 1000)} s] ${message}\n`);

/** The machine's 1-minute load average every 5 s: other work on it shows in every wall-clock figure. */
function sampleLoad(): () => { mean: number; max: number } {
  const samples = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 5_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
      max: round(Math.max(...samples)),
    };
  };
}

async function main(): Promise<void> {
  const opts = options();
  const loadDuringRun = sampleLoad();
  const want = (...names: string[]) => names.some((name) => opts.only.has(name));
  const began = new Date();
  const results: Results = {};

  if (want('startup')) {
    progress(`server starts, ${opts.rounds} of each`);
    results.startup = await measureStartup(opts.rounds);
  }
  let serverStartMs: number | undefined;
  let engineMemory: EngineMemory | undefined;
  let failure: string | undefined;
  if (want('lag', 'burst', 'open', 'rss', 'cpu', 'history', 'cli', 'hold')) {
    progress(`starting a dev server, ${opts.workers} engine worker(s) and ${opts.workers} floor worker(s)`);
    const stack = await startStack({
      workers: opts.workers,
      ...(opts.cachedWorkflows !== undefined ? { cachedWorkflows: opts.cachedWorkflows } : {}),
    });
    serverStartMs = stack.serverStartMs;
    engineMemory = stack.engineMemory;
    try {
      const stoppedIn = (...phases: PhaseResult[]) => phases.find((p) => p.stopped)?.stopped;
      const project = projectSubject(stack);
      const floor = floorSubject(stack);
      const phase = { n: opts.cases, serverPid: stack.server.pid, progress };
      if (want('lag', 'open', 'rss', 'cpu', 'history')) {
        const life = want('cpu', 'history');
        const floorLag = await runPhase(floor, { ...phase, prefix: 'floor-lag', life });
        const projectLag = await runPhase(project, {
          ...phase,
          leadMs: opts.leadMs,
          prefix: 'BENCH-LAG',
          life,
        });
        results.lag = { floor: floorLag, project: projectLag };
        failure = stoppedIn(floorLag, projectLag);
      }
      if (want('burst') && !failure) {
        // The lag run timed each subject's opening of N already: its lead instead of a pilot, with room for a
        // second opening beside the first run's cases, and for a machine that got busier.
        const lead = (measured?: PhaseResult) =>
          measured ? Math.round(10_000 + 2 * measured.settleMs) : undefined;
        const floorBurst = await runPhase(floor, {
          ...phase,
          leadMs: lead(results.lag?.floor),
          prefix: 'floor-burst',
          burst: true,
        });
        const projectBurst = await runPhase(project, {
          ...phase,
          leadMs: opts.leadMs ?? lead(results.lag?.project),
          prefix: 'BENCH-BURST',
          burst: true,
        });
        results.burst = { floor: floorBurst, project: projectBurst };
        failure = stoppedIn(floorBurst, projectBurst);
      }
      if (want('cli') && !failure) {
        progress(`CLI commands, ${opts.rounds} runs of each`);
        results.cli = await measureCli(stack, opts.rounds);
      }
      if (want('hold') && !failure) {
        // Last: the items it opens stay open on the server for the rest of the run.
        const hold = {
          n: opts.hold,
          serverPid: stack.server.pid,
          databasePath: stack.databasePath,
          progress,
        };
        const floorHold = await holdPhase(floor, { ...hold, prefix: 'floor-hold' });
        const projectHold = await holdPhase(project, { ...hold, prefix: 'BENCH-HOLD' });
        results.hold = { floor: floorHold, project: projectHold };
      }
    } catch (error) {
      // A process that ended on its own stops the run; the figures measured until then are still printed.
      if (!(error instanceof ProcessDiedError)) throw error;
      failure = error.message;
    } finally {
      await stack.stop();
      // A run that stopped early keeps its folder: the message names the log to read.
      if (opts.keep || failure) progress(`kept the run's folder: ${stack.dir}`);
      else await removeDir(stack.dir);
    }
  }

  const commit = git(['rev-parse', 'HEAD']);
  const dirty = Boolean(git(['status', '--porcelain']));
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const run = {
    date: began.toISOString(),
    durationS: Math.round((Date.now() - began.getTime()) / 1000),
    loadAverage: loadDuringRun(),
    commit: commit ? `${commit}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
    cases: opts.cases,
    workers: opts.workers,
    cachedWorkflows: engineMemory?.cachedWorkflows ?? opts.cachedWorkflows ?? 'default',
    ...(engineMemory ? { workflowHeap: engineMemory.workflowHeap } : {}),
    openConcurrency: OPEN_CONCURRENCY,
    ...(opts.leadMs !== undefined ? { projectLeadS: opts.leadMs / 1000 } : {}),
    ...(serverStartMs !== undefined ? { serverStartMs: Math.round(serverStartMs) } : {}),
  };
  const rows = figures(results, opts.only);
  const cache = engineMemory
    ? `engine workers cache ${engineMemory.cachedWorkflows} workflows in a ${engineMemory.workflowHeap} workflow heap`
    : `engine workers cache ${opts.cachedWorkflows ?? 'the default number of'} workflows`;
  const cases = results.lag ?? results.burst;
  console.log(
    [
      `breach-clock benchmark, ${run.date}, commit ${run.commit}`,
      `${machine.cores} cores (${machine.cpu}), ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, ` +
        `node ${machine.node}; ${run.durationS} s in all, load average ${run.loadAverage.mean} ` +
        `(max ${run.loadAverage.max})`,
      ...(cases
        ? [
            `${cases.project.n} cases due at one instant (floor: ${cases.floor.n}), ${run.workers} worker ` +
              `process(es) each for the engine and the floor, ${run.openConcurrency} start calls in flight, ` +
              `dev server on a SQLite file; ${cache}`,
          ]
        : []),
      ...(results.hold
        ? [
            `hold: ${results.hold.project.opened} cases open at once (floor: ${results.hold.floor.opened} items), ` +
              `due long after the run; ${cache}`,
          ]
        : []),
      '',
      table(rows),
      '',
      ...(cases
        ? [
            'Lag: the due-effect file written (engine: the overdue escalation message file in the outbox; floor: its one ' +
              'file) minus the due instant. Open latency: from the client start call. CPU per case life: from the ' +
              'first opened to the last closed (floor: to its activity), divided by the cases.',
          ]
        : []),
      ...(failure ? ['', `Stopped early: ${failure}`] : []),
    ].join('\n'),
  );
  if (failure) process.exitCode = 1;
  if (opts.json) {
    const json = { machine, run, figures: rows, raw: results, ...(failure ? { stoppedEarly: failure } : {}) };
    writeFileSync(opts.json, `${JSON.stringify(json, null, 2)}\n`);
    progress(`wrote ${opts.json}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
