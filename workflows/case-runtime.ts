/**
 * A running case: its state and the bookkeeping around it that the workflow function should not carry —
 * which effects are being mailed, which revision the register holds, what the search attributes show, and
 * the processors' chases. The rules themselves are the domain's; this class applies them at workflow instants.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { applyAction, checkAction, type ActionName } from '../domain/actions/index.js';
import { riskLevel, SYSTEM_ACTOR, type CaseState } from '../domain/case-state.js';
import { effectMail, type OutgoingMail } from '../domain/mail/case-mail.js';
import { actionRejection } from '../contract/action-rejection.js';
import type { LadderStepReport } from '../contract/chase-messages.js';
import { nextNoticeDueAt } from '../domain/obligations.js';
import { askAgain, processorsToAskAgain } from '../domain/processors.js';
import { anyOverdue, nextAuthorityDueAt } from '../domain/reports.js';
import { phaseOf } from '../domain/progress.js';
import { registerEntry, type RegisterEntry } from '../domain/register-entry.js';
import { dueEffects, nextDueAt, type DueEffect } from '../domain/reminder-plan.js';
import { AUTHORITY_DUE_AT, CASE_PHASE, OVERDUE, RISK_LEVEL } from '../contract/search-attributes.js';
import { caseStatus, type CaseStatus } from '../domain/status.js';
import { CaseMailbox } from './case-mailbox.js';
import type { CasePatches } from './patches.js';
import { ProcessorChases } from './processor-chases.js';

const REGISTER_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  // The register holds the case ID for another breach: no retry can change that.
  nonRetryableErrorTypes: ['CaseIdInUse'],
};

/** The register's claim of a new case ID, and every write of runs that started before writes were local. */
const { recordRegisterEntry: scheduledRegisterWrite } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: REGISTER_RETRY,
});

/**
 * A register write is one upsert into a database the worker holds open. Run inside the worker's workflow task
 * as a local activity, it leaves one marker in the history, where a scheduled activity leaves three events and
 * wakes the case for a workflow task of its own: fewer tasks for every case, and fewer in the queue ahead of
 * an escalation. Retried with the same policy.
 */
const { recordRegisterEntry: localRegisterWrite } = proxyLocalActivities<Activities>({
  // One upsert. Attempts hold the case's workflow task, and with it the case's queries and the DPO's actions:
  // one that hangs is given far less time than a scheduled write, and retries back off on a durable timer
  // (the task ends, the case answers again) once they would wait longer than the threshold.
  startToCloseTimeout: '5 seconds',
  localRetryThreshold: '3 seconds',
  retry: REGISTER_RETRY,
});

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

export class CaseRuntime {
  /** Bumped by anything that should make the main loop look again. */
  private wake = 0;
  private registered = 0;
  private registering = false;
  private published: string | undefined;
  /**
   * Messages are queued, then delivered or dropped (case-mailbox.ts). Decided once per run, here, where the
   * patch has always been asked: runs that started before keep sending as they always did.
   */
  private readonly receipts: boolean;
  /** One timer kept to the next due instant (aimAlarm); runs that started before re-arm it at every wake. */
  private readonly steadyTimer: boolean;
  private alarm: { at: number; scope: CancellationScope } | undefined;
  readonly chases: ProcessorChases;
  private readonly mailbox: CaseMailbox;

  /** False for cases opened before the register existed: they replay without it. */
  private readonly keepsRegister: boolean;
  /** An action or a processor's answer since the last register write: it goes to the register at once. */
  private decisionPending = false;
  /** Asked the first time a register write could wait for mail in flight; see recordRegister. */
  private writesAfterMail: boolean | undefined;
  /** Register writes as local activities; runs that started before keep scheduling them. */
  private readonly writesLocally: boolean;

  constructor(
    readonly state: CaseState,
    private readonly patches: CasePatches,
  ) {
    this.keepsRegister = patches.has('register-entries');
    this.receipts = patches.has('mail-receipts');
    this.steadyTimer = patches.has('steady-timer');
    // Asked once, when the run starts, so that a run begun before a change replays without its marker.
    this.writesLocally = patches.has('register-local-activity');
    this.mailbox = new CaseMailbox(state, this.receipts, () => this.changed(), patches.has('mail-batches'));
    this.chases = new ProcessorChases(
      state,
      workflowInfo().workflowId,
      this.mailbox,
      patches.has('chase-in-case'),
    );
  }

  /**
   * The first register write of a new breach, awaited: it takes the case ID for this breach. A case ID the
   * register holds for another breach (one whose history Temporal has since deleted) fails the case.
   */
  async claimCaseId(): Promise<void> {
    const revision = this.state.revision ?? 0;
    // A local activity in the opening workflow task, where runs that started before scheduled it: three events
    // and a workflow task fewer for every new case. The price: a DPO's action or a processor's answer that
    // comes while a quick claim is out is taken only after the opening task, which has handed the processors'
    // requests over by then (the answer ends the ladder at its request, as one given moments after opening
    // would). One that comes while the register is unreachable, or while a claim outlasts the task's timeout,
    // is taken before the chases start: the retries back off on a durable timer, or the task is completed to
    // stay alive, and either ends the task and delivers the action.
    const claim = this.patches.has('claim-local-activity') ? localRegisterWrite : scheduledRegisterWrite;
    try {
      await claim(registerEntry(this.state, Date.now()), revision);
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === 'CaseIdInUse') {
        throw ApplicationFailure.create({
          type: 'CaseIdInUse',
          message: cause.message ?? `case ID ${this.state.caseId} is in use`,
          details: [{ caseId: this.state.caseId }],
          nonRetryable: true,
        });
      }
      throw error;
    }
    this.registered = revision;
    this.state.registeredAt = new Date().toISOString();
  }

  /** The case changed: a new revision for the register, and another look by the loop. */
  private changed(): void {
    this.state.revision = (this.state.revision ?? 0) + 1;
    this.wake += 1;
  }

  /** A DPO's action or a processor's answer changed the case: the register takes it without waiting for mail. */
  private decided(): void {
    this.decisionPending = true;
    this.changed();
  }

  /** An update's validator: synchronous, changes nothing. */
  validate(name: ActionName, raw: unknown): void {
    const checked = checkAction(name, raw, this.state, Date.now());
    if (!checked.ok) throw actionRejection(name, checked.problems);
  }

  async act(name: ActionName, raw: unknown): Promise<CaseStatus> {
    const checked = checkAction(name, raw, this.state, Date.now());
    if (!checked.ok) throw actionRejection(name, checked.problems);
    const dueBefore = nextNoticeDueAt(this.state);
    const factsBefore = this.state.caseFile;
    applyAction(name, checked.action, this.state, Date.now());
    this.decided();
    if (name === 'processorAnswer') {
      await this.chases.stop((checked.action as { processorId: string }).processorId, 'answered');
    }
    if (name === 'amend') {
      // A processor whose request the mail server refused is asked again at the contact the amendment
      // corrected. The patch is asked only where runs differ, so no other amendment records its marker; a run
      // recorded before this change asked no one again, and replays so.
      const now = new Date().toISOString();
      const again = processorsToAskAgain(this.state, factsBefore);
      if (again.length && patched('processor-ask-again')) askAgain(this.state, again, now);
      await this.chases.start(now);
    }
    if (nextNoticeDueAt(this.state) !== dueBefore) await this.chases.moveDeadlines();
    return caseStatus(this.state, Date.now());
  }

  /**
   * An integration may deliver a processor's answer as a signal; signals cannot be refused, so a bad one is
   * recorded as refused (by field, without its contents) and changes nothing else.
   */
  async answerBySignal(raw: unknown): Promise<void> {
    const checked = checkAction('processorAnswer', raw, this.state, Date.now());
    if (!checked.ok) {
      this.state.timeline.push({
        at: new Date().toISOString(),
        actor: SYSTEM_ACTOR,
        event: 'processor answer refused',
        detail: checked.problems.map((p) => p.path).join(', '),
      });
      log.warn('processor answer signal refused', { fields: checked.problems.map((p) => p.path) });
      this.decided();
      return;
    }
    applyAction('processorAnswer', checked.action, this.state, Date.now());
    this.decided();
    await this.chases.stop(checked.action.processorId, 'answered');
  }

  recordLadderStep(report: LadderStepReport): void {
    const chase = this.state.processors[report.processorId];
    if (!chase) return;
    if (report.step === 'request' && !chase.requestedAt) chase.requestedAt = report.at;
    chase.steps.push({
      step: report.step,
      at: report.at,
      ...(report.skipped ? { skipped: report.skipped } : {}),
    });
    this.state.timeline.push({
      at: report.at,
      actor: SYSTEM_ACTOR,
      event: `processor ${report.step}${report.skipped ? ' skipped' : ' sent'}`,
      detail: `processor ${report.processorId}${report.skipped ? `: ${report.skipped}` : ''}`,
    });
    this.changed();
  }

  /** A message of the case outside the reminder plan (the case-opened notice). */
  send(mail: OutgoingMail): void {
    this.mailbox.send(mail);
  }

  /** Fires what is due now, then shows the case's face to visibility and the register. */
  tick(): void {
    const now = Date.now();
    const due = dueEffects(this.state, now);
    for (const effect of due) this.fire(effect, now);
    const climbed = this.chases.climb(now);
    // The case-opened notice and the processors' rungs of this instant, in one activity where there are several.
    this.mailbox.flush();
    if (due.length || climbed) this.changed();
    this.publishSearchAttributes();
    this.recordRegister();
  }

  /** Nothing in flight that a new run could not pick up: no mail being sent, no register write. */
  get idle(): boolean {
    return !this.mailbox.busy && !this.registering;
  }

  /** Sleeps until the next instant something is due, or until something changes. */
  async waitForNext(): Promise<void> {
    const seen = this.wake;
    const now = Date.now();
    const next = earliest(nextDueAt(this.state, now), this.chases.nextAt());
    if (!this.steadyTimer) {
      if (next === undefined) await condition(() => this.wake !== seen);
      else await condition(() => this.wake !== seen, Math.max(1, next - Date.now()));
      return;
    }
    this.aimAlarm(next);
    await condition(() => this.wake !== seen);
  }

  /**
   * One timer, aimed at the next due instant and kept while that instant stays the same: a wake for anything
   * else (a mail delivered, a register write done) no longer cancels it and starts the same timer again, two
   * history events each time. It is moved only when the next instant moves.
   */
  private aimAlarm(next: number | undefined): void {
    if (this.alarm?.at === next) return;
    this.alarm?.scope.cancel();
    this.alarm = undefined;
    if (next === undefined) return;
    const alarm = { at: next, scope: new CancellationScope() };
    this.alarm = alarm;
    void alarm.scope
      .run(() => sleep(Math.max(1, next - Date.now())))
      .then(
        () => {
          if (this.alarm === alarm) this.alarm = undefined;
          this.wake += 1;
        },
        // Moved: cancelled in favour of a timer to the new instant.
        () => undefined,
      );
  }

  /** After closing: chases stopped, mail and register settled; the Art. 33(5) entry is the result. */
  async finish(): Promise<RegisterEntry> {
    this.publishSearchAttributes();
    await this.chases.stopAll();
    this.mailbox.flush();
    await condition(() => this.idle && allHandlersFinished());
    const entry = registerEntry(this.state, Date.now());
    // The final entry is a revision of its own, kept in the state: a reopened run counts on from it, so the
    // register takes the reopened case instead of keeping it closed (same activity input as before).
    this.state.revision = (this.state.revision ?? 0) + 1;
    if (this.keepsRegister) await this.writeRegister(entry, this.state.revision);
    return entry;
  }

  private writeRegister(entry: RegisterEntry, revision: number): Promise<'written' | 'unchanged'> {
    return (this.writesLocally ? localRegisterWrite : scheduledRegisterWrite)(entry, revision);
  }

  /**
   * Writes the case's newest revision to the register, one write at a time. While mail of the case is on its
   * way and no decision is waiting, the write waits for the mail to settle: a reminder fired, queued and then
   * delivered goes to the register as one write instead of two, and at an instant when many cases fall due the
   * escalations are not queued behind register writes. A DPO's action or a processor's answer is written at
   * once, also while a mail outage holds messages back; closing waits for the mail and writes the final entry.
   */
  private recordRegister(): void {
    const revision = this.state.revision ?? 0;
    if (!this.keepsRegister || this.registering || this.registered >= revision) return;
    if (this.mailbox.busy && !this.decisionPending && this.waitsForMail()) return;
    this.decisionPending = false;
    this.registering = true;
    void this.writeRegister(registerEntry(this.state, Date.now()), revision)
      .then(() => {
        this.registered = revision;
      })
      .finally(() => {
        this.registering = false;
        this.wake += 1;
      });
  }

  /** Runs that started before wrote the register while mail was in flight; they replay as they were. */
  private waitsForMail(): boolean {
    this.writesAfterMail ??= this.patches.has('register-after-mail');
    return this.writesAfterMail;
  }

  private publishSearchAttributes(): void {
    const now = Date.now();
    const values = {
      status: phaseOf(this.state, now),
      risk: riskLevel(this.state),
      dueAt: nextAuthorityDueAt(this.state),
      overdue: anyOverdue(this.state, now),
    };
    const fingerprint = JSON.stringify(values);
    if (fingerprint === this.published) return;
    this.published = fingerprint;
    upsertSearchAttributes([
      { key: CASE_PHASE, value: values.status },
      { key: RISK_LEVEL, value: values.risk },
      { key: AUTHORITY_DUE_AT, value: new Date(values.dueAt) },
      { key: OVERDUE, value: values.overdue },
    ]);
  }

  private fire(effect: DueEffect, now: number): void {
    const state = this.state;
    const nowIso = new Date(now).toISOString();
    state.effects[effect.key] = {
      dueAt: effect.dueAt,
      firedAt: nowIso,
      ...(effect.skip ? { skipped: effect.skip } : {}),
    };
    if (effect.skip) {
      state.timeline.push({
        at: nowIso,
        actor: SYSTEM_ACTOR,
        event: `${effect.key} skipped`,
        detail: effect.skip,
      });
      return;
    }
    const mail = effectMail(state, effect, now);
    state.effects[effect.key]!.messageId = mail.messageId;
    this.mailbox.deliver(effect, mail, nowIso);
  }
}
