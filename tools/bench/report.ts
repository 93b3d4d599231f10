/**
 * The results as rows, project beside floor with their ratio and the target on a two-core machine, printed as
 * a table and kept as JSON for comparing commits.
 *
 * Longer than the house's ~250 lines: one function lays out every row in the order printed, which reads
 * better whole than spread over files.
 */
import type { CliFigures } from './cli-timing.js';
import type { PhaseResult } from './phases.js';
import { unitsOf, type LagStages, type Stages } from './histories.js';
import type { StartupFigures } from './startup.js';
import type { HoldResult } from './hold.js';

export type Unit = 'ms' | 'bytes' | 'events';

export interface Figure {
  id: string;
  label: string;
  unit: Unit;
  project?: number;
  floor?: number;
  /** project / floor */
  ratio?: number;
  /** The target, in words. */
  target?: string;
  meets?: boolean;
  note?: string;
}

export interface Results {
  startup?: StartupFigures;
  lag?: { project: PhaseResult; floor: PhaseResult };
  burst?: { project: PhaseResult; floor: PhaseResult };
  cli?: CliFigures;
  hold?: { project: HoldResult; floor: HoldResult };
}

const KiB = 1024;

function row(figure: Omit<Figure, 'ratio'>, target?: { ratioAtMost?: number; atMost?: number }): Figure {
  const ratio =
    figure.project !== undefined && figure.floor !== undefined && figure.floor !== 0
      ? figure.project / figure.floor
      : undefined;
  let meets: boolean | undefined;
  if (target?.ratioAtMost !== undefined && ratio !== undefined) meets = ratio <= target.ratioAtMost;
  if (target?.atMost !== undefined && figure.project !== undefined) meets = figure.project <= target.atMost;
  return { ...figure, ...(ratio !== undefined ? { ratio } : {}), ...(meets !== undefined ? { meets } : {}) };
}

function settledNote(phase: { project: PhaseResult; floor: PhaseResult }): string | undefined {
  const late = [phase.project, phase.floor].filter((p) => p.settledBeforeDueMs < 0);
  const missing = [phase.project, phase.floor].filter((p) => p.lagMs.missing > 0);
  const stopped = [phase.project, phase.floor].filter((p) => p.stopped);
  const notes = [
    ...stopped.map((p) => `${p.subject}: a worker or the server ended while effects came in (below)`),
    ...late.map(
      (p) =>
        `${p.subject} opening still busy ${Math.round(-p.settledBeforeDueMs / 1000)} s after the due instant (lead ${Math.round(p.leadMs / 1000)} s)`,
    ),
    ...missing.map((p) => `${p.subject}: ${p.lagMs.missing} never arrived`),
  ];
  return notes.length ? notes.join('; ') : undefined;
}

const STAGES = [
  ['timerFired', 'due instant to timer fired'],
  ['taskQueued', 'timer fired to task taken (queue)'],
  ['taskRun', 'task taken to task done'],
  ['activityQueued', 'task done to activity taken (queue)'],
  ['activityRun', 'activity taken to file written'],
] as const;

/**
 * Where a phase's lag goes, as medians over a sample of histories and over its slowest five: rows without
 * a target, to read beside it.
 */
function stageRows(id: string, phase: { project: PhaseResult; floor: PhaseResult }): Figure[] {
  const project = phase.project.lagStages;
  const floor = phase.floor.lagStages;
  if (!project?.slowest || !floor?.slowest) return [];
  const rows = (which: 'median' | 'slowest', of: (s: LagStages) => Stages, n: number) =>
    STAGES.map(([key, label]) =>
      row({
        id: `${id}.stage${which === 'slowest' ? '.slowest' : ''}.${key}`,
        label: `  ${which === 'median' ? 'median' : 'slowest five'}: ${label}`,
        unit: 'ms',
        project: of(project)[key],
        floor: of(floor)[key],
        ...(key === 'timerFired'
          ? {
              note:
                `sample of ${n}` +
                (which === 'median' && (project.stickyTimeouts || floor.stickyTimeouts)
                  ? `; timed out waiting for their worker: engine ${project.stickyTimeouts}, floor ${floor.stickyTimeouts}`
                  : ''),
            }
          : {}),
      }),
    );
  return [
    ...rows('median', (s) => s, Math.min(project.n, floor.n)),
    ...rows('slowest', (s) => s.slowest, Math.min(project.slowest.n, floor.slowest.n)),
  ];
}

export function figures(results: Results, only: ReadonlySet<string>): Figure[] {
  const rows: Figure[] = [];
  const { lag, burst, cli, startup } = results;
  if (lag && only.has('lag')) {
    const note = settledNote(lag);
    const n = lag.project.n;
    for (const [key, label] of [
      ['p50', 'p50'],
      ['p99', 'p99'],
      ['max', 'max'],
    ] as const) {
      rows.push(
        row(
          {
            id: `lag.${key}`,
            label: `deadline lag ${label}, ${n} due at once`,
            unit: 'ms',
            project: lag.project.lagMs[key],
            floor: lag.floor.lagMs[key],
            ...(key === 'p99' ? { target: '≤ 1.5x floor' } : {}),
            ...(note && key === 'p99' ? { note } : {}),
          },
          key === 'p99' ? { ratioAtMost: 1.5 } : undefined,
        ),
      );
    }
    rows.push(...stageRows('lag', lag));
  }
  if (burst && only.has('burst')) {
    const note = settledNote(burst);
    const n = burst.project.n;
    for (const key of ['p50', 'p99', 'max'] as const) {
      rows.push(
        row(
          {
            id: `burst.lag.${key}`,
            label: `deadline lag ${key}, ${n} due while ${n} open`,
            unit: 'ms',
            project: burst.project.lagMs[key],
            floor: burst.floor.lagMs[key],
            ...(key === 'p99' ? { target: '≤ 1.5x floor' } : {}),
            ...(note && key === 'p99' ? { note } : {}),
          },
          key === 'p99' ? { ratioAtMost: 1.5 } : undefined,
        ),
      );
    }
    rows.push(...stageRows('burst.lag', burst));
  }
  if (lag && only.has('open')) {
    for (const key of ['p50', 'p99'] as const) {
      rows.push(
        row({
          id: `open.startCall.${key}`,
          label: `open latency ${key}: start call returns`,
          unit: 'ms',
          project: lag.project.opening.startCallMs[key],
          floor: lag.floor.opening.startCallMs[key],
        }),
      );
    }
    for (const key of ['p50', 'p99'] as const) {
      rows.push(
        row({
          id: `open.firstTask.${key}`,
          label: `open latency ${key}: first workflow task done`,
          unit: 'ms',
          project: lag.project.firstTaskMs[key],
          floor: lag.floor.firstTaskMs[key],
          note: `sample of ${lag.project.firstTaskMs.n}`,
        }),
      );
    }
  }
  if (lag && only.has('rss')) {
    const project = lag.project.rss;
    const floor = lag.floor.rss;
    rows.push(
      row({
        id: 'rss.empty',
        label: 'worker RSS as started',
        unit: 'bytes',
        project: project.emptyBytes,
        floor: floor.emptyBytes,
      }),
    );
    rows.push(
      row({
        id: 'rss.open',
        label: `worker RSS with ${lag.project.n} open`,
        unit: 'bytes',
        project: project.openBytes,
        floor: floor.openBytes,
      }),
    );
    rows.push(
      row({
        id: 'rss.perCase',
        label: 'worker RSS per open case',
        unit: 'bytes',
        project: project.perItemBytes,
        floor: floor.perItemBytes,
        // The target is for 10,000 open cases, most of them beyond the cache: the hold figure.
        note: 'RSS with N open minus RSS just before they opened, / N; the target is at 10,000 (--only hold)',
      }),
    );
  }
  const { hold } = results;
  if (hold && only.has('hold')) {
    const n = hold.project.opened;
    const short =
      (hold.project.opened < hold.project.n ? `; memory ran short at ${n} of ${hold.project.n}` : '') +
      (hold.project.unsettled || hold.floor.unsettled ? '; a batch did not settle within the hour' : '');
    rows.push(
      row(
        {
          id: 'hold.workerAboveEmpty',
          label: `worker RSS above the empty worker, ${n} open`,
          unit: 'bytes',
          project: hold.project.worker.aboveEmptyBytes,
          floor: hold.floor.worker.aboveEmptyBytes,
          target: '≤ 1 GiB at 10,000',
          ...(short ? { note: short.slice(2) } : {}),
        },
        n >= 10_000 ? { atMost: 1024 ** 3 } : undefined,
      ),
      row(
        {
          id: 'hold.workerPerCase',
          label: `worker RSS per open case, ${n} open`,
          unit: 'bytes',
          project: hold.project.worker.perItemBytes,
          floor: hold.floor.worker.perItemBytes,
          target: '≤ 100 KiB at 10,000',
        },
        n >= 10_000 ? { atMost: 100 * KiB } : undefined,
      ),
      row({
        id: 'hold.serverPerCase',
        label: `server RSS per open case, ${n} open`,
        unit: 'bytes',
        project: hold.project.server.perItemBytes,
        floor: hold.floor.server.perItemBytes,
        note: `server RSS with both subjects' items open: ${Math.round(hold.project.server.openBytes / 1024 ** 2)} MiB`,
      }),
      row({
        id: 'hold.databasePerCase',
        label: `server database per open case, ${n} open`,
        unit: 'bytes',
        project: hold.project.database.perItemBytes,
        floor: hold.floor.database.perItemBytes,
        note: `SQLite file and log with both subjects' items open: ${Math.round(hold.project.database.openBytes / 1024 ** 2)} MiB`,
      }),
    );
  }
  const life = lag?.project.life && lag.floor.life ? { project: lag.project, floor: lag.floor } : undefined;
  const per = (p: PhaseResult, which: 'workerCpuMs' | 'serverCpuMs') => p.life![which] / p.n;
  if (life && only.has('cpu')) {
    rows.push(
      row(
        {
          id: 'cpu.worker',
          label: 'worker CPU per case life',
          unit: 'ms',
          project: per(life.project, 'workerCpuMs'),
          floor: per(life.floor, 'workerCpuMs'),
          target: '≤ 3x floor',
        },
        { ratioAtMost: 3 },
      ),
    );
    rows.push(
      row({
        id: 'cpu.server',
        label: 'server CPU per case life',
        unit: 'ms',
        project: per(life.project, 'serverCpuMs'),
        floor: per(life.floor, 'serverCpuMs'),
      }),
    );
  }
  if (life && only.has('history')) {
    const project = life.project.life!.history;
    const floor = life.floor.life!.history;
    const split = project.workflows.map((w) => w.events).join(' + ');
    rows.push(
      row(
        {
          id: 'history.events',
          label: 'history events per typical life',
          unit: 'events',
          project: project.events,
          floor: floor.events,
          target: '≤ 60',
          note: `workflows: ${split}`,
        },
        { atMost: 60 },
      ),
    );
    rows.push(
      row({
        id: 'history.bytes',
        label: 'history bytes per typical life',
        unit: 'bytes',
        project: project.bytes,
        floor: floor.bytes,
      }),
    );
  }
  if (life && only.has('cpu') && only.has('history')) {
    // The worker's CPU spread over what it was handed: where the two are close, the ratio of the lives' CPU is
    // the ratio of their units, set by what a life must do (each DPO action is an update and a register write).
    const units = (p: PhaseResult) => unitsOf(p.life!.history.units);
    const { workflowTasks, localActivities, activities } = life.project.life!.history.units;
    rows.push(
      row({
        id: 'units',
        label: 'workflow tasks and activities per typical life',
        unit: 'events',
        project: units(life.project),
        floor: units(life.floor),
        note: `${workflowTasks} tasks, ${localActivities} local and ${activities} scheduled activities`,
      }),
    );
    rows.push(
      row({
        id: 'cpu.worker.unit',
        label: 'worker CPU per task or activity',
        unit: 'ms',
        project: per(life.project, 'workerCpuMs') / units(life.project),
        floor: per(life.floor, 'workerCpuMs') / units(life.floor),
      }),
    );
  }
  if (cli && only.has('cli')) {
    const pair = (
      id: string,
      label: string,
      project: keyof CliFigures,
      floor: keyof CliFigures,
      target?: { text: string; atMost?: number; ratioAtMost?: number },
    ) => {
      for (const measure of ['wallMs', 'cpuMs'] as const) {
        const wall = measure === 'wallMs';
        rows.push(
          row(
            {
              id: `cli.${id}.${wall ? 'wall' : 'cpu'}`,
              label: `${label} ${wall ? 'wall' : 'CPU'}`,
              unit: 'ms',
              project: cli[project][measure],
              floor: cli[floor][measure],
              ...(wall && target ? { target: target.text } : {}),
              ...(wall ? { note: `floor: ${cli[floor].command}` } : {}),
            },
            wall ? target : undefined,
          ),
        );
      }
    };
    pair('help', 'breach --help', 'help', 'nodeBare', { text: '≤ 0.3 s', atMost: 300 });
    pair('deadlines', 'breach deadlines', 'deadlines', 'nodeBare', { text: '≤ 0.3 s', atMost: 300 });
    pair('open', 'breach open', 'open', 'temporalStart', { text: '≤ 2x floor', ratioAtMost: 2 });
    pair('open.sdk', 'breach open', 'open', 'sdkStart');
    pair('status', 'breach status', 'status', 'temporalDescribe');
  }
  if (startup && only.has('startup')) {
    rows.push(
      row({
        id: 'startup.timeSkipping',
        label: 'time-skipping server start (median)',
        unit: 'ms',
        floor: startup.timeSkippingMs.p50,
        note: 'SDK window about 5 s',
      }),
    );
    rows.push(
      row({
        id: 'startup.devServer',
        label: 'dev server start, in memory (median)',
        unit: 'ms',
        floor: startup.devServerMs.p50,
      }),
    );
  }
  return rows;
}
