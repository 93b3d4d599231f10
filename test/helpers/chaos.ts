/**
 * A bounded chaos run: many cases on the time-skipping server, simulated days going by in random steps while
 * the worker is stopped and replaced, the mail server goes down and comes back, and the DPO acts at random
 * times (on time, late with reasons, or never). At the end the run checks, by Message-ID and against each
 * case's own record, what the README promises: every message that became due and was not overtaken or moot
 * arrived, none twice, every deadline escalated, the register agrees with the case, and nothing failed.
 *
 * Every choice comes from one seeded generator, so a seed names a run: the same seed makes the same cases,
 * the same actions and the same faults at the same simulated instants (what Temporal then does in between is
 * real concurrency and may differ in its details). Used by test/workflows/chaos.test.ts (small) and by
 * `npm run chaos` (test/chaos-run.ts, full size); it stays free of vitest so that the script can run it.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { rejectionProblems } from '../../contract/action-rejection.js';
import { actionUpdates, stateQuery, statusQuery } from '../../contract/messages.js';
import { caseWorkflowId } from '../../contract/workflow-ids.js';
import type { ActionInput, ActionName } from '../../domain/actions/index.js';
import type { CaseFileInput } from '../../domain/case-file.js';
import { currentAssessment, riskLevel, type CaseState } from '../../domain/case-state.js';
import { messageIdFor } from '../../domain/mail/case-mail.js';
import { alarmOf, caseObligations, initialNotice } from '../../domain/obligations.js';
import { plannedEffects } from '../../domain/reminder-plan.js';
import type { CaseStatus } from '../../domain/status.js';
import { HOUR_MS, MINUTE_MS } from '../../domain/time.js';
import { createSmtpMailer } from '../../infra/mail/mailer.js';
import { createDatabaseLedger } from '../../infra/register/register-store.js';
import { breachCase } from '../../workflows/index.js';
import { createTestActivities, type TestActivities } from './activities.js';
import { sampleCaseFile } from './case-files.js';
import { startTimeSkippingServer } from './servers.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';
import { StickyQueueHandover } from './sticky-queues.js';
import { FIRED_TIMER_GUARD, workflowBundle } from './worker.js';
import { testDataConverter } from './payload-keys.js';

export interface ChaosOptions {
  cases: number;
  /** Simulated days the run covers after the first cases open. */
  days: number;
  seed: number;
  /** Times the worker is stopped and replaced; one per three simulated days when not given. */
  kills?: number;
  /**
   * The share of the run's steps, from its start, in which the kills fall; the first quarter when not given,
   * so that most of the run is spent after them; 1 spreads them over the whole run.
   */
  killWindow?: number;
  /** Times the mail server goes down (each for one to three steps); one per three days when not given. */
  outages?: number;
  /** Progress lines; nothing when not given. */
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  cases: number;
  days: number;
  steps: number;
  kills: number;
  /** Activity attempts a stopped worker had taken and never begun, failed in its name (failDroppedAttempts). */
  droppedAttempts: number;
  /** Polls of the running worker sent to a stopped worker's sticky queue (StickyQueueHandover). */
  handedOverPolls: number;
  outages: number;
  actions: { done: number; refused: number };
  mails: number;
  effects: { delivered: number; dropped: number; skipped: number };
  /** Copies beyond the first of one Message-ID; each must be one the ledger counted as a lost acknowledgement. */
  extraCopies: number;
  /** The longest a due effect waited for its firing, in simulated minutes (worker downtime included). */
  maxLagMinutes: number;
  elapsedMs: number;
  violations: string[];
  /** The command that runs this seed again. */
  rerun: string;
}

/** Mulberry32: small, fast, and the same sequence for a seed on every platform. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
type Random = ReturnType<typeof seededRandom>;

/** Short transport timeouts: a connection the outage cuts costs a second, not a minute. */
const QUICK = { connectionTimeout: 1_000, greetingTimeout: 1_000, socketTimeout: 2_000, sendTimeout: 5_000 };
/** A timer fires when the workflow task that set it completes: a few real seconds at most on a busy machine. */
const SLACK_MS = 5 * MINUTE_MS;
const ACTOR = 'Dana Example';

type Profile = 'gdpr' | 'gdpr+uk-gdpr' | 'gdpr+nis2';

interface PlannedAction {
  /** Simulated instant at or after which the DPO acts. */
  at: number;
  name: ActionName;
  /** The input, given the case as it stands then; undefined when the action no longer makes sense. */
  input: (status: CaseStatus, now: number) => Record<string, unknown> | undefined;
}

interface ChaosCase {
  index: number;
  caseId: string;
  profile: Profile;
  /** The step before which it opens. */
  opensAtStep: number;
  awareHoursAgo: number;
  facts: Partial<CaseFileInput>;
  plan: PlannedAction[];
  handle?: WorkflowHandle<typeof breachCase>;
}

/**
 * The worker of the run: stopped and replaced as the chaos decides, always on the same task queue.
 *
 * Every worker caches workflows, as the engine's do, and so has the server send each of its workflows' next
 * tasks to a sticky queue of its own. Workers talk to the server through a `StickyQueueHandover`: once a
 * worker is stopped, the next one also polls its sticky queue, as a real server would move those tasks to the
 * task queue, and replays each workflow it finds there from its history. Polls cut by a shutdown are
 * withdrawn: the next worker gets the next task.
 */
class WorkerSlot {
  private worker: Worker | undefined;
  private running: Promise<void> | undefined;
  private started = 0;
  /** The activity attempts the current worker began, as `attemptKey` names them. */
  private begun = new Set<string>();
  private readonly activities: Record<string, (...args: never[]) => Promise<unknown>>;
  readonly failures: string[] = [];

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
    activities: Record<string, (...args: never[]) => Promise<unknown>>,
    private readonly handover: StickyQueueHandover,
    private readonly connection: NativeConnection,
  ) {
    // One worker runs at a time, so each attempt an activity begins is the current worker's.
    this.activities = Object.fromEntries(
      Object.entries(activities).map(([name, run]) => [
        name,
        (...args: never[]) => {
          const { workflowExecution, activityId, attempt } = Context.current().info;
          this.begun.add(attemptKey(workflowExecution?.workflowId ?? '', activityId, attempt));
          return run(...args);
        },
      ]),
    );
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.started += 1;
    this.begun = new Set();
    const worker = await Worker.create({
      connection: this.connection,
      namespace: this.env.namespace ?? 'default',
      taskQueue: this.taskQueue,
      // Its own name, so that the server's record of who took a task tells the workers apart.
      identity: `chaos-worker-${this.started}@${process.pid}`,
      workflowBundle: await workflowBundle({ interceptorModules: [FIRED_TIMER_GUARD] }),
      dataConverter: testDataConverter,
      activities: this.activities,
      // Fewer than a full-size run's workflows, so that such a run also evicts and replays cases.
      maxCachedWorkflows: 100,
    });
    this.worker = worker;
    this.running = worker.run().catch((error: unknown) => {
      this.failures.push(`worker failed: ${String(error)}`);
    });
  }

  /**
   * Shutdown without drain time: running mail attempts are cancelled, cached workflows dropped. Returns the
   * stopped worker's identity and the activity attempts it began.
   */
  async stop(): Promise<{ identity: string; begun: ReadonlySet<string> } | undefined> {
    const worker = this.worker;
    if (!worker) return undefined;
    this.worker = undefined;
    worker.shutdown();
    await this.running;
    const identity = worker.options.identity;
    this.handover.workerGone(identity);
    return { identity, begun: this.begun };
  }
}

function attemptKey(workflowId: string, activityId: string, attempt: number): string {
  return `${workflowId} ${activityId} ${attempt}`;
}

/** The run's workflows: each opened case (a case climbs its processors' ladders itself). */
function workflowIds(cases: ChaosCase[]): string[] {
  return cases.flatMap((c) => (c.handle ? [c.handle.workflowId] : []));
}

/**
 * Fails, in a stopped worker's name, each activity attempt the server counts as started by it and that it
 * never began. An attempt the server hands to a worker's poll just before the worker stops (a register write
 * scheduled by the DPO's last action, say) is lost with it: the worker is stopped like a crash, and this
 * server has no graceful end for polls. The server then waits for the attempt's timeout: 10 s for a mail
 * attempt, 30 s for a register write. A real server lets that time pass; the
 * time-skipping server holds its clock while an attempt is out, so each would cost the run that long in real
 * time. The failure is what the timeout would record, a retryable one: the engine sees the same retry, sooner.
 * This server shows an attempt in its retry backoff as the next attempt, still started by the worker that
 * failed the last one; an attempt whose predecessor the worker began is such a one, and is left alone.
 * Returns the attempts failed, by workflow, activity type and attempt.
 */
async function failDroppedAttempts(
  env: TestWorkflowEnvironment,
  cases: ChaosCase[],
  stopped: { identity: string; begun: ReadonlySet<string> },
): Promise<string[]> {
  const { PendingActivityState } = proto.temporal.api.enums.v1;
  const failed: string[] = [];
  for (const workflowId of workflowIds(cases)) {
    const description = await env.client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => undefined);
    for (const attempt of description?.raw.pendingActivities ?? []) {
      if (attempt.state !== PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) continue;
      if (attempt.lastWorkerIdentity !== stopped.identity) continue;
      const began = (n: number) => stopped.begun.has(attemptKey(workflowId, attempt.activityId ?? '', n));
      if (began(attempt.attempt ?? 1) || began((attempt.attempt ?? 1) - 1)) continue;
      const done = await env.client.workflowService
        .respondActivityTaskFailedById({
          namespace: env.namespace ?? 'default',
          workflowId,
          runId: description!.runId,
          activityId: attempt.activityId ?? null,
          identity: stopped.identity,
          failure: {
            message: 'the worker stopped before it began this attempt',
            applicationFailureInfo: { type: 'WorkerStopped' },
          },
        })
        .then(
          () => true,
          () => false, // it ended meanwhile
        );
      if (done)
        failed.push(`${workflowId} ${attempt.activityType?.name ?? '?'} attempt ${attempt.attempt ?? 1}`);
    }
  }
  return failed;
}

const PROCESSORS = [
  {
    id: 'transcribe',
    name: 'Transcribe Ltd',
    contact: 'security@transcribe.test',
    escalation: ['ciso@transcribe.test'],
  },
  { id: 'hosting', name: 'Hosting AG', contact: 'abuse@hosting.test', escalation: [] },
] as const;

/** One case's facts and the DPO's plan for it, all drawn from `rng`. */
function planCase(rng: Random, index: number, seed: number, steps: number): ChaosCase {
  const profile = rng.pick<Profile>(['gdpr', 'gdpr', 'gdpr+uk-gdpr', 'gdpr+nis2']);
  // Most now, some during the first half of the run; some back-dated past their 72 hours.
  const opensAtStep = rng.chance(0.65) ? 0 : rng.int(1, Math.max(1, Math.floor(steps / 2)));
  const awareHoursAgo = rng.pick([0, 0, rng.int(1, 60), rng.int(1, 60), rng.int(73, 120)]);
  const processors = PROCESSORS.filter(() => rng.chance(0.35)).map((p) => ({
    ...p,
    escalation: [...p.escalation],
    noticeWindowHours: rng.pick([12, 24, 48]),
  }));
  const facts: Partial<CaseFileInput> = { processors };
  const regimes =
    profile === 'gdpr' ? ['gdpr'] : profile === 'gdpr+uk-gdpr' ? ['gdpr', 'uk-gdpr'] : ['gdpr', 'nis2'];
  if (profile === 'gdpr+uk-gdpr') Object.assign(facts, { regimes, countries: ['DE', 'GB'] });
  if (profile === 'gdpr+nis2') {
    Object.assign(facts, { regimes, authorities: { nis2: { name: 'CERT-Bund', country: 'DE' } } });
  }

  // Relative to awareness, in hours; the run turns them into instants when the case opens.
  const plan: { hours: number; name: ActionName; input: PlannedAction['input'] }[] = [];
  const risk = rng.pick(['risk', 'risk', 'high', 'none', 'unassessed'] as const);
  if (risk !== 'unassessed') {
    plan.push({
      hours: rng.int(1, 40),
      name: 'assess',
      input: () => ({
        risk,
        overrideReason: 'Chaos run: the DPO weighs the facts differently',
        ...(risk === 'none' ? { rationale: 'Files deleted unopened by a trusted recipient' } : {}),
      }),
    });
  }
  if (risk !== 'none') {
    for (const regime of regimes) {
      // On time, late (with the reasons for the delay), or never: then it escalates every 12 h.
      const when = rng.pick(['early', 'late', 'never'] as const);
      if (when === 'never') continue;
      plan.push({
        hours: when === 'early' ? rng.int(2, 60) : rng.int(74, 140),
        name: 'notifyAuthority',
        input: (status, now) => {
          const deadline = status.deadlines.find((d) => d.obligation === `${regime}.${noticeStage(regime)}`);
          if (!deadline || deadline.state === 'met' || deadline.state === 'missed') return undefined;
          const late = now >= Date.parse(deadline.legalEndAt ?? deadline.dueAt) - MINUTE_MS;
          return {
            regime,
            reference: `${regime.toUpperCase()}-${seed}-${index}`,
            channel: 'portal',
            ...(late ? { reasonsForDelay: 'The facts came in late from the processor.' } : {}),
          };
        },
      });
    }
    if (regimes.includes('nis2') && rng.chance(0.5)) {
      plan.push({
        hours: rng.int(30, 100),
        name: 'report',
        input: (status) =>
          status.deadlines.some((d) => d.obligation === 'nis2.notification' && d.state === 'open')
            ? {
                regime: 'nis2',
                stage: 'notification',
                reference: `CSIRT-N-${seed}-${index}`,
                channel: 'portal',
              }
            : undefined,
      });
    }
  }
  for (const processor of processors) {
    if (!rng.chance(0.5)) continue;
    plan.push({
      hours: rng.int(1, 100),
      name: 'processorAnswer',
      input: () => ({ processorId: processor.id, summary: 'Not affected: no access to the export bucket.' }),
    });
  }
  return {
    index,
    caseId: `BR-CHAOS-${seed}-${index}`,
    profile,
    opensAtStep,
    awareHoursAgo,
    facts,
    // Instants are filled in when the case opens.
    plan: plan.map((p) => ({ at: p.hours, name: p.name, input: p.input })),
  };
}

/** The obligation key of each regime's first filing (NIS2's is its early warning). */
function noticeStage(regime: string): string {
  return regime === 'nis2' ? 'early-warning' : 'notice';
}

/** Worker downtime in simulated time: a due instant inside it may fire as late as its end. */
class Downtime {
  private readonly spans: { from: number; until: number }[] = [];
  private since: number | undefined;
  begin(at: number) {
    this.since ??= at;
  }
  end(at: number) {
    if (this.since === undefined) return;
    this.spans.push({ from: this.since, until: at });
    this.since = undefined;
  }
  /** How late a firing due at `due` may be. */
  allowance(due: number): number {
    const span = this.spans.find((s) => due >= s.from - SLACK_MS && due <= s.until);
    return SLACK_MS + (span ? span.until - due : 0);
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const began = Date.now();
  const log = options.log ?? (() => undefined);
  const rng = seededRandom(options.seed);
  // Steps of 1-6 hours until the days are covered: drawn first, so the plan below can refer to them.
  const steps: number[] = [];
  for (let total = 0; total < options.days * 24 * HOUR_MS;) {
    const step = rng.int(60, 6 * 60) * MINUTE_MS;
    steps.push(step);
    total += step;
  }
  const killCount = options.kills ?? Math.max(1, Math.round(options.days / 3));
  const outageCount = options.outages ?? Math.max(1, Math.round(options.days / 3));
  // A worker cannot stay down across a step: the time-skipping server does not skip time while workflow
  // tasks wait for a worker, so simulated hours would take real hours. It is down for moments instead (its
  // timers pile up meanwhile), between steps or in the middle of the burst a step sets off. The kills draw
  // from a generator of their own: a seed makes the same cases, actions and outages with or without them.
  const killRng = seededRandom(options.seed ^ 0x5eed_c0de);
  const killWindow = options.killWindow ?? 0.25;
  const killSteps = Math.max(1, Math.ceil(steps.length * killWindow));
  const kills = new Map<number, 'restart' | 'pause' | 'mid-step'>();
  while (kills.size < Math.min(killCount, killSteps)) {
    kills.set(killRng.int(0, killSteps - 1), killRng.pick(['restart', 'pause', 'mid-step'] as const));
  }
  const outages = new Map<number, number>();
  while (outages.size < Math.min(outageCount, steps.length))
    outages.set(rng.int(0, steps.length - 1), rng.int(1, 3));
  const cases = Array.from({ length: options.cases }, (_, i) =>
    planCase(rng, i + 1, options.seed, steps.length),
  );
  const rerun =
    `npm run chaos -- --cases ${options.cases} --days ${options.days} --seed ${options.seed}` +
    ` --kills ${kills.size} --kill-window ${killWindow} --outages ${outages.size}`;
  log(
    `chaos: seed ${options.seed}, ${options.cases} cases, ${options.days} days in ${steps.length} steps, ` +
      `${kills.size} worker kills, ${outages.size} mail outages (re-run: ${rerun})`,
  );

  const env = await startTimeSkippingServer();
  const smtp = await startSmtpServer();
  const handover = await StickyQueueHandover.start(env.address);
  let deps: TestActivities | undefined;
  let slot: WorkerSlot | undefined;
  let connection: NativeConnection | undefined;
  const violations: string[] = [];
  const actions = { done: 0, refused: 0 };
  let droppedAttempts = 0;
  const downtime = new Downtime();
  const now = async () => env.currentTimeMs();
  try {
    deps = await createTestActivities(createSmtpMailer(smtp.url, 'breach-clock <clock@example.test>', QUICK));
    const taskQueue = `chaos-${randomUUID()}`;
    connection = await NativeConnection.connect({ address: handover.address });
    slot = new WorkerSlot(env, taskQueue, deps.activities, handover, connection);
    await slot.start();
    const worker = slot;

    const open = async (c: ChaosCase) => {
      const at = await now();
      const awareAt = at - c.awareHoursAgo * HOUR_MS;
      const facts: Partial<CaseFileInput> = { ...c.facts };
      if (c.profile === 'gdpr+nis2') {
        // The significant incident was known a little before the breach was.
        facts.triggers = { incidentAwareness: new Date(awareAt - c.index * 7 * MINUTE_MS).toISOString() };
      }
      const caseFile = sampleCaseFile({
        caseId: c.caseId,
        detectedAt: new Date(awareAt - HOUR_MS).toISOString(),
        awareness: {
          awareAt: new Date(awareAt).toISOString(),
          decidedBy: ACTOR,
          reason: 'Recipient reported it',
        },
        ...facts,
      });
      c.handle = await env.client.workflow.start(breachCase, {
        taskQueue,
        workflowId: caseWorkflowId(c.caseId),
        args: [{ caseId: c.caseId, caseFile }],
      });
      for (const action of c.plan) action.at = awareAt + action.at * HOUR_MS;
    };

    const act = async (c: ChaosCase, action: PlannedAction) => {
      const at = await now();
      const status = await c.handle!.query(statusQuery, new Date(at).toISOString());
      const input = action.input(status, at);
      if (!input) return;
      const update = actionUpdates[action.name] as unknown as Parameters<
        WorkflowHandle<typeof breachCase>['executeUpdate']
      >[0];
      try {
        await c.handle!.executeUpdate(
          update as never,
          {
            args: [{ actor: ACTOR, ...input } as ActionInput<typeof action.name>],
          } as never,
        );
        actions.done += 1;
      } catch (error) {
        const problems =
          error instanceof WorkflowUpdateFailedError ? rejectionProblems(error.cause) : undefined;
        if (!problems) throw error;
        // A refusal is the engine keeping its rules; the plan drew the action without knowing the case.
        actions.refused += 1;
        log(
          `  ${c.caseId} ${action.name} refused: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        );
      }
    };

    let outageLeft = 0;
    for (const [index, step] of steps.entries()) {
      for (const c of cases.filter((c) => c.opensAtStep === index)) await open(c);
      const at = await now();
      for (const c of cases) {
        if (!c.handle) continue;
        const due = c.plan.filter((a) => a.at <= at);
        c.plan = c.plan.filter((a) => a.at > at);
        for (const action of due) await act(c, action);
      }
      if (outageLeft === 0 && outages.has(index)) {
        outageLeft = outages.get(index)!;
        await smtp.down();
        log(`  step ${index}: mail server down for ${outageLeft} step(s)`);
      }
      const kill = kills.get(index);
      if (kill) log(`  step ${index}: worker ${kill}`);
      const replace = async () => {
        const stopped = await worker.stop();
        const dropped = stopped ? await failDroppedAttempts(env, cases, stopped) : [];
        if (dropped.length)
          log(`  step ${index}: dropped by the stopped worker, failed: ${dropped.join('; ')}`);
        droppedAttempts += dropped.length;
        if (kill === 'pause') await pause(killRng.int(200, 2_000));
        await worker.start();
      };
      if (kill === 'restart' || kill === 'pause') {
        downtime.begin(at);
        await replace();
        downtime.end(await now());
      }
      const sleeping = env.sleep(step);
      if (kill === 'mid-step') {
        // Somewhere in the burst of timers the step sets off, while mail is going out.
        await pause(killRng.int(0, 400));
        downtime.begin(await now());
        await replace();
        downtime.end(await now());
      }
      const stuck = await standingStill(env, cases, sleeping);
      if (stuck) {
        violations.push(
          `step ${index + 1}: simulated time stood still for ${STEP_LIMIT_MS / 1000} s; ${stuck}`,
        );
        break;
      }
      if (outageLeft > 0 && --outageLeft === 0) await smtp.up();
      log(
        `  step ${index + 1}/${steps.length}: +${Math.round(step / MINUTE_MS)} min, ${smtp.received.length} mails`,
      );
    }
    await smtp.up();
    // A run that stood still is neither settled nor checked: its cases are wherever the stall left them.
    let checked: Checked = {
      violations: [],
      effects: { delivered: 0, dropped: 0, skipped: 0 },
      extraCopies: 0,
      maxLagMs: 0,
    };
    if (!violations.length) {
      violations.push(...(await settle(env, cases)));
      checked = await checkInvariants(env, cases, smtp, deps, downtime);
    }
    violations.push(...checked.violations, ...worker.failures);
    const report: ChaosReport = {
      seed: options.seed,
      cases: options.cases,
      days: options.days,
      steps: steps.length,
      kills: kills.size,
      droppedAttempts,
      handedOverPolls: handover.redirectedPolls,
      outages: outages.size,
      actions,
      mails: smtp.received.length,
      effects: checked.effects,
      extraCopies: checked.extraCopies,
      maxLagMinutes: Math.round(checked.maxLagMs / MINUTE_MS),
      elapsedMs: Date.now() - began,
      violations,
      rerun,
    };
    log(
      `chaos: ${report.mails} mails, effects ${JSON.stringify(report.effects)}, actions ${JSON.stringify(actions)}, ` +
        `max lag ${report.maxLagMinutes} min, ${report.handedOverPolls} poll(s) handed over to stopped workers' ` +
        `sticky queues, ${violations.length} violation(s), ${report.elapsedMs} ms`,
    );
    return report;
  } finally {
    await slot?.stop();
    await connection?.close();
    await handover.stop();
    await smtp.stop();
    await deps?.db.destroy();
    await env.teardown();
  }
}

/** Unsettled mail of a case: fired, and neither skipped, delivered nor dropped. */
function unsettled(state: CaseState): string[] {
  return Object.entries(state.effects)
    .filter(([, r]) => !r.skipped && !r.deliveredAt && !r.supersededBy)
    .map(([key]) => `${state.caseId} ${key}`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Real time a step may take. A step takes seconds; a task lost with a replaced worker holds the clock until
 * its timeout (30 s at most, the register write's) sends it again. Longer, and nothing will move it.
 */
const STEP_LIMIT_MS = 120_000;

/**
 * Waits for a step's skip of simulated time; when it has not ended within STEP_LIMIT_MS, names the workflows
 * whose last event is a task handed out and never answered (what holds the time-skipping server's clock).
 */
async function standingStill(
  env: TestWorkflowEnvironment,
  cases: ChaosCase[],
  sleeping: Promise<void>,
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'stuck'>((resolve) => {
    timer = setTimeout(() => resolve('stuck'), STEP_LIMIT_MS);
  });
  const outcome = await Promise.race([sleeping.then(() => 'done' as const), limit]);
  clearTimeout(timer);
  if (outcome === 'done') return undefined;
  sleeping.catch(() => undefined);
  const { EventType } = proto.temporal.api.enums.v1;
  const held: string[] = [];
  for (const id of workflowIds(cases)) {
    const history = await env.client.workflow
      .getHandle(id)
      .fetchHistory()
      .catch(() => undefined);
    const names = (history?.events ?? []).map((e) => EventType[e.eventType ?? 0] ?? String(e.eventType));
    // A task handed to a worker that never answered, or one waiting for a poller that never comes.
    if (/^EVENT_TYPE_WORKFLOW_TASK_(STARTED|SCHEDULED)$/.test(names.at(-1) ?? ''))
      held.push(`${id} (${names.slice(-4).join(', ')})`);
  }
  return held.length ? `waiting on ${held.join('; ')}` : 'no workflow waits on a task';
}

/**
 * Gives mail held back by the last outage or kill time to go out: the activity retries at most every ten
 * minutes, so a few short skips of simulated time let every pending attempt run again.
 */
async function settle(env: TestWorkflowEnvironment, cases: ChaosCase[]): Promise<string[]> {
  let pending: string[] = [];
  for (let round = 0; round < 12; round += 1) {
    await env.sleep(11 * MINUTE_MS);
    const states = await Promise.all(cases.filter((c) => c.handle).map((c) => c.handle!.query(stateQuery)));
    pending = states.flatMap(unsettled);
    if (!pending.length) return [];
    await pause(200);
  }
  return pending.map((p) => `${p}: never settled (neither delivered nor dropped)`);
}

interface Checked {
  violations: string[];
  effects: ChaosReport['effects'];
  extraCopies: number;
  maxLagMs: number;
}

/**
 * The invariants, read again for a few seconds until they hold: a delivery or a register write caught half
 * way (the server took the message, the case has not yet heard) settles within moments, a broken one never.
 */
async function checkInvariants(
  env: TestWorkflowEnvironment,
  cases: ChaosCase[],
  smtp: TestSmtpServer,
  deps: TestActivities,
  downtime: Downtime,
): Promise<Checked> {
  let checked = await checkOnce(env, cases, smtp, deps, downtime);
  for (let round = 0; round < 10 && checked.violations.length; round += 1) {
    await pause(1_000);
    checked = await checkOnce(env, cases, smtp, deps, downtime);
  }
  return checked;
}

const UNHANDLED_COMMAND =
  proto.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;
const ACCEPTABLE_ENDINGS = new Set(['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW']);

async function workflowProblems(handle: WorkflowHandle, label: string): Promise<string[]> {
  const problems: string[] = [];
  const description = await handle.describe();
  if (!ACCEPTABLE_ENDINGS.has(description.status.name)) {
    problems.push(`${label}: workflow ${description.status.name}`);
  }
  const history = await handle.fetchHistory();
  for (const event of history.events ?? []) {
    const failed = event.workflowTaskFailedEventAttributes;
    // New events came in while a task that completes the run was out: the server asks for another look, as
    // every Temporal server does. A failure of the workflow's own code has another cause.
    if (failed && failed.cause !== UNHANDLED_COMMAND)
      problems.push(`${label}: workflow task failed: ${failed.failure?.message ?? String(failed.cause)}`);
  }
  return problems;
}

async function checkOnce(
  env: TestWorkflowEnvironment,
  cases: ChaosCase[],
  smtp: TestSmtpServer,
  deps: TestActivities,
  downtime: Downtime,
): Promise<Checked> {
  const at = await env.currentTimeMs();
  const violations: string[] = [];
  const effects = { delivered: 0, dropped: 0, skipped: 0 };
  let maxLagMs = 0;
  const copies = new Map<string, number>();
  for (const mail of smtp.received) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
  const expected = new Set<string>();

  for (const c of cases) {
    if (!c.handle) continue;
    const state = await c.handle.query(stateQuery);
    const id = (purpose: string) => messageIdFor(state.caseId, purpose, state.breachId);
    const events = new Set(state.timeline.map((t) => t.event));
    const problem = (text: string) => violations.push(`${state.caseId}: ${text}`);
    violations.push(...(await workflowProblems(c.handle, state.caseId)));

    // Every fired effect: moot ones never sent, overtaken ones dropped, the rest delivered, once.
    for (const [key, record] of Object.entries(state.effects)) {
      const kept = copies.get(id(key)) ?? 0;
      // A back-dated case, or one whose trigger came later, fires its past instants when it opens.
      const due = Math.max(Date.parse(record.dueAt), Date.parse(state.openedAt));
      const lag = Date.parse(record.firedAt) - due;
      maxLagMs = Math.max(maxLagMs, lag);
      if (lag > downtime.allowance(due)) {
        problem(`${key} due ${record.dueAt} fired late, at ${record.firedAt}`);
      }
      if (record.skipped) {
        effects.skipped += 1;
        if (kept) problem(`${key} was recorded as ${record.skipped}, yet the mail server has it`);
      } else if (record.supersededBy) {
        effects.dropped += 1;
        if (kept) problem(`${key} was dropped for ${record.supersededBy}, yet the mail server has it`);
        if (!events.has(`${key} dropped`)) problem(`${key} dropped without a timeline entry`);
      } else {
        effects.delivered += 1;
        expected.add(id(key));
        if (!record.deliveredAt) problem(`${key} fired at ${record.firedAt} and was never delivered`);
        if (!kept) problem(`${key} is recorded as delivered, but the mail server never got it`);
        if (!events.has(`${key} delivered`)) problem(`${key} delivered without a timeline entry`);
      }
    }

    // Messages outside the reminder plan (the case-opened notice): the timeline says delivered, and they were.
    for (const event of events) {
      const purpose = /^(case-opened) delivered$/.exec(event)?.[1];
      if (!purpose) continue;
      expected.add(id(purpose));
      if (!copies.get(id(purpose)))
        problem(`${purpose} is recorded as delivered, but the mail server never got it`);
    }

    // Each rung of a processor's ladder the case records as climbed was mailed.
    for (const [processorId, chase] of Object.entries(state.processors)) {
      for (const step of chase.steps) {
        if (step.skipped) continue;
        const purpose = `vendor.${processorId}.${step.step}`;
        expected.add(id(purpose));
        if (!copies.get(id(purpose)))
          problem(`${purpose} is recorded as sent, but the mail server never got it`);
      }
    }

    // Nothing the plan names is left unfired past its instant.
    for (const effect of plannedEffects(state)) {
      const due = Date.parse(effect.dueAt);
      if (due + downtime.allowance(due) < at)
        problem(`${effect.key} was due at ${effect.dueAt} and never fired`);
    }

    // Every notice not filed by its alarm escalated at the alarm (or at opening, for a back-dated case) and every
    // 12 hours until it was. A case resolved within moments of opening may not have escalated: the DPO's action
    // can come before the case's first look at its plan (the run acts at once on what a back-dated case owes).
    const repeat = state.caseFile.reminderPlan.overdueRepeatHours * HOUR_MS;
    for (const obligation of caseObligations(state).filter((o) => o.spec.kind === 'authority-notice')) {
      const regime = obligation.regime.id;
      const prefix = `${regime === 'gdpr' ? '' : `${regime}.`}authority-overdue-`;
      const alarm = Date.parse(alarmOf(state, obligation));
      const notice = initialNotice(state, regime);
      const resolutions = [
        ...(notice ? [Date.parse(notice.recordedAt)] : []),
        ...(riskLevel(state) === 'none' ? [Date.parse(currentAssessment(state)!.at)] : []),
      ];
      const end = resolutions.length ? Math.min(...resolutions) : at;
      const fired = Object.entries(state.effects)
        .filter(([key]) => key.startsWith(prefix))
        .map(([, r]) => Date.parse(r.firedAt))
        .sort((a, b) => a - b);
      const name = `${obligation.id} (alarm ${new Date(alarm).toISOString()})`;
      if (end <= alarm) {
        if (fired.length) problem(`${name} resolved before its alarm, yet escalated`);
        continue;
      }
      if (fired.some((f) => f > end + SLACK_MS)) problem(`${name} escalated after it was resolved`);
      const from = Math.max(alarm, Date.parse(state.openedAt));
      if (end - from <= downtime.allowance(from)) continue;
      if (!fired.length) {
        problem(`${name} unresolved until ${new Date(end).toISOString()} and never escalated`);
        continue;
      }
      if (fired[0]! - from > downtime.allowance(from)) problem(`${name} first escalated late`);
      const gaps = [...fired.slice(1), end].map((next, i) => ({ from: fired[i]!, next }));
      for (const { from, next } of gaps) {
        if (next - from > repeat + downtime.allowance(from + repeat)) {
          problem(`${name} went ${Math.round((next - from) / MINUTE_MS)} min without an escalation`);
        }
      }
    }

    // The register row is the case as it stands.
    const row = await deps.register.get(state.caseId);
    if (!row) problem('no register row');
    else {
      if (row.revision !== state.revision)
        problem(`register at revision ${row.revision}, case at ${state.revision}`);
      if (row.status !== (state.closed ? 'closed' : 'open')) problem(`register says ${row.status}`);
      if (row.entry.breachId !== state.breachId) problem('register names another breach');
      if (JSON.stringify(row.entry.timeline) !== JSON.stringify(state.timeline))
        problem('register timeline differs');
    }
  }

  // Nothing arrived that no case recorded, and no Message-ID twice but for lost acknowledgements counted.
  const ledger = createDatabaseLedger(deps.db);
  let extraCopies = 0;
  for (const [messageId, count] of copies) {
    if (!expected.has(messageId)) violations.push(`${messageId}: delivered, but no case recorded it as due`);
    if (count < 2) continue;
    extraCopies += count - 1;
    const unknown = await ledger.unknownOutcomes(messageId);
    if (count - 1 > unknown) {
      violations.push(`${messageId}: delivered ${count} times, ${unknown} lost acknowledgement(s) recorded`);
    }
  }
  return { violations, effects, extraCopies, maxLagMs };
}
