/**
 * The case's mail on its way: each message handed to the mail activity and what became of it, recorded in the
 * timeline. Apart from the runtime so that the delivery rules (queued, delivered, dropped when overtaken) read
 * in one place; the order of its activity calls is the runtime's, unchanged.
 */
import { ActivityFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import { SYSTEM_ACTOR, type CaseState } from '../domain/case-state.js';
import type { SendResult } from '../activities/send-mail.js';
import type { OutgoingMail } from '../domain/mail/case-mail.js';
import { supersedes } from '../domain/mail/superseded.js';
import type { DueEffect } from '../domain/reminder-plan.js';
import { sendCaseMail, sendMail, sendMailBatch } from './send-mail.js';

/**
 * Why a message could not be delivered, in the mail server's words: the activity's failure says only that the
 * activity failed, its cause what the server answered.
 */
function failureReason(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return (cause ?? (error as Error)).message;
}

/** How a delivered message is recorded: its Message-ID, the transport, and any copy SMTP could not rule out. */
export function deliveredDetail(mail: OutgoingMail, result: SendResult): string {
  const copies = result.possibleCopies
    ? `; ${result.possibleCopies} earlier attempt(s) got no acknowledgement, so a copy may have arrived before`
    : '';
  return `${mail.messageId} via ${result.transport}${copies}`;
}

/** What became of a message: delivered, refused or failed for good, or dropped when a newer one overtook it. */
type Outcome = { result: SendResult } | { failed: string } | { dropped: true };

type Settled = (outcome: { result: SendResult } | { failed: string }) => void;

/** A message handed to the mailbox and not yet settled. */
interface Posted {
  mail: OutgoingMail;
  /** What the case's `sending` knows it by: the plan's effect key, or the message's purpose. */
  key: string;
  settle: (outcome: Outcome) => void;
  /** A message of the reminder plan, which a newer message of its series may overtake while it is held back. */
  effect?: DueEffect;
  supersededBy?: string;
  /** Stops its sending: its own activity's, or its batch's; unset while it waits for the next flush. */
  cancel?: () => void;
}

export class CaseMailbox {
  private readonly sending = new Set<string>();
  /** The plan's messages not yet settled, by effect key: what a newer message of a series may overtake. */
  private readonly inFlight = new Map<string, Posted>();
  private readonly posted: Posted[] = [];

  constructor(
    private readonly state: CaseState,
    /**
     * Messages are queued, then delivered or dropped, with a newer message of a series cancelling an older one
     * still held back (patch 'mail-receipts'); runs that started before keep sending as they always did.
     */
    private readonly receipts: boolean,
    /** Tells the runtime to look again once a message is settled. */
    private readonly changed: () => void,
    /**
     * Messages of one instant go out in one activity when there are several (flush); runs that started before
     * send each in its own as soon as it is queued or posted.
     */
    private readonly batches = false,
  ) {}

  /** A line of the case's timeline, by the engine itself; by default at the workflow's now. */
  private record(event: string, detail: string, at = new Date().toISOString()): void {
    this.state.timeline.push({ at, actor: SYSTEM_ACTOR, event, detail });
  }

  /** True while a message is being sent: a new run could not pick it up. */
  get busy(): boolean {
    return this.sending.size > 0;
  }

  /**
   * A message of the case outside the reminder plan (the case-opened notice): recorded as queued, then
   * delivered or not, like the plan's messages; nothing overtakes it.
   */
  send(mail: OutgoingMail): void {
    this.record(`${mail.purpose} queued`, mail.subject);
    this.post(mail, (outcome) => {
      if ('failed' in outcome) this.record(`${mail.purpose} could not be delivered`, outcome.failed);
      else {
        const { result } = outcome;
        this.record(
          `${mail.purpose} delivered`,
          `${mail.messageId} via ${result.transport}`,
          result.deliveredAt,
        );
      }
    });
  }

  /**
   * Hands a message to the mail activity and tells `settled` what became of it, recording nothing itself: for
   * a sender that keeps its own lines (a processor's ladder). Where messages go in batches, it goes at the
   * next flush with the others of the same instant. The case is busy until it is settled.
   */
  post(mail: OutgoingMail, settled: Settled): void {
    this.hand({
      mail,
      key: mail.purpose,
      settle: (outcome) => {
        // Nothing overtakes a message outside the plan.
        if (!('dropped' in outcome)) settled(outcome);
      },
    });
  }

  /** True while the message of this purpose is on its way. */
  holds(purpose: string): boolean {
    return this.sending.has(purpose);
  }

  /** A message of the reminder plan, fired now. */
  deliver(effect: DueEffect, mail: OutgoingMail, nowIso: string): void {
    const state = this.state;
    if (this.receipts) {
      this.queue(effect, mail, nowIso);
      return;
    }
    this.record(`${effect.key} sent`, mail.subject, nowIso);
    this.sending.add(effect.key);
    void sendMail(mail)
      .then((result) => {
        state.effects[effect.key]!.deliveredAt = result.deliveredAt;
      })
      .catch((error: unknown) => {
        this.record(`${effect.key} could not be delivered`, failureReason(error));
      })
      .finally(() => {
        this.sending.delete(effect.key);
        this.changed();
      });
  }

  /**
   * Sends what was handed over since the last flush: a message alone as it always went, several in one
   * activity. A message its batch could not attempt (a fault after others had gone, or the batch stopped for
   * a message overtaken) is handed over again at once; a fault that lasts fails that attempt, which then backs
   * off as any message's does.
   */
  flush(): void {
    const posted = this.posted.splice(0);
    if (posted.length === 1) this.sendAlone(posted[0]!);
    else if (posted.length > 1) this.sendBatch(posted);
  }

  /**
   * A message of the plan: recorded as queued, and delivered when the mail server took it, or dropped when a
   * newer message of its series fired first (a mail outage held it back, and it would only arrive after the
   * message that overtook it, counting down to an instant already past).
   */
  private queue(effect: DueEffect, mail: OutgoingMail, nowIso: string): void {
    const record = this.state.effects[effect.key]!;
    this.record(`${effect.key} queued`, mail.subject, nowIso);
    for (const older of this.inFlight.values()) {
      if (older.effect && !older.supersededBy && supersedes(effect, older.effect)) {
        older.supersededBy = effect.key;
        older.cancel?.();
      }
    }
    const post: Posted = {
      mail,
      key: effect.key,
      effect,
      settle: (outcome) => {
        this.inFlight.delete(effect.key);
        if ('result' in outcome) {
          const { result } = outcome;
          record.deliveredAt = result.deliveredAt;
          this.record(`${effect.key} delivered`, deliveredDetail(mail, result), result.deliveredAt);
        } else if ('dropped' in outcome) {
          record.supersededBy = post.supersededBy!;
          this.record(
            `${effect.key} dropped`,
            `superseded by ${post.supersededBy} before it could be delivered`,
          );
        } else {
          this.record(`${effect.key} could not be delivered`, outcome.failed);
        }
      },
    };
    this.inFlight.set(effect.key, post);
    this.hand(post);
  }

  /** Into the next flush where messages go in batches; to its own activity at once where they do not. */
  private hand(post: Posted): void {
    this.sending.add(post.key);
    if (this.batches) {
      this.posted.push(post);
      post.cancel = () => {
        // Overtaken before it was sent: nothing to stop.
        this.posted.splice(this.posted.indexOf(post), 1);
        this.settle(post, { dropped: true });
        this.changed();
      };
    } else {
      this.sendAlone(post);
    }
  }

  private settle(post: Posted, outcome: Outcome): void {
    post.settle(outcome);
    this.sending.delete(post.key);
  }

  /** Cancelling waits for the attempt to finish, so the case learns whether the message went out after all. */
  private sendAlone(post: Posted): void {
    const scope = new CancellationScope();
    post.cancel = () => scope.cancel();
    void scope
      .run(() => sendCaseMail(post.mail))
      .then(
        (result) => this.settle(post, { result }),
        (error: unknown) =>
          this.settle(
            post,
            post.supersededBy && isCancellation(error) ? { dropped: true } : { failed: failureReason(error) },
          ),
      )
      .finally(() => this.changed());
  }

  /**
   * Several messages in one activity. A message overtaken while its batch is held back stops the batch: the
   * batch returns what it had delivered by then (the overtaken message too, if it had gone), and the rest go
   * again, without the overtaken one.
   */
  private sendBatch(posted: Posted[]): void {
    const scope = new CancellationScope();
    for (const post of posted) post.cancel = () => scope.cancel();
    void scope
      .run(() => sendMailBatch(posted.map((post) => post.mail)))
      .then(
        (outcomes) => {
          posted.forEach((post, index) => {
            const outcome = outcomes[index];
            if (outcome !== undefined && 'result' in outcome) this.settle(post, outcome);
            else if (outcome !== undefined && 'refused' in outcome)
              this.settle(post, { failed: outcome.refused });
            else if (post.supersededBy) this.settle(post, { dropped: true });
            else this.posted.push(post);
          });
          this.flush();
        },
        (error: unknown) => {
          // Stopped by the case for a message overtaken while no attempt was running, or before the running one
          // had delivered anything: none of the batch went out.
          const overtaken = isCancellation(error) && posted.some((post) => post.supersededBy);
          for (const post of posted) {
            if (overtaken && post.supersededBy) this.settle(post, { dropped: true });
            else if (overtaken) this.posted.push(post);
            else this.settle(post, { failed: failureReason(error) });
          }
          this.flush();
        },
      )
      .finally(() => this.changed());
  }
}
