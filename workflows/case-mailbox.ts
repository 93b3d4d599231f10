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

/** A message of the case on its way, which a newer message of its series may overtake. */
interface InFlight {
  effect: DueEffect;
  scope: CancellationScope;
  supersededBy?: string;
}

type Settled = (outcome: { result: SendResult } | { failed: string }) => void;

/** A message posted and not yet handed to the mail activity, with who to tell what became of it. */
interface Posted {
  mail: OutgoingMail;
  settled: Settled;
}

export class CaseMailbox {
  private readonly sending = new Set<string>();
  private readonly inFlight = new Map<string, InFlight>();
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
     * Messages posted at one instant go out in one activity when there are several (flush); runs that started
     * before send each in its own.
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
   * next flush with the others posted at the same instant. The case is busy until it is settled.
   */
  post(mail: OutgoingMail, settled: Settled): void {
    this.sending.add(mail.purpose);
    if (this.batches) this.posted.push({ mail, settled });
    else this.sendAlone(mail, settled);
  }

  /**
   * Sends what was posted since the last flush: a message alone as it always went, several in one activity. A
   * message the batch could not attempt (a fault after others had gone) is sent again at once; a fault that
   * lasts fails that attempt, which then backs off as any message's does.
   */
  flush(): void {
    const posted = this.posted.splice(0);
    if (posted.length === 0) return;
    if (posted.length === 1) {
      this.sendAlone(posted[0]!.mail, posted[0]!.settled);
      return;
    }
    const settle = (post: Posted, outcome: Parameters<Settled>[0]) => {
      post.settled(outcome);
      this.sending.delete(post.mail.purpose);
    };
    void sendMailBatch(posted.map((post) => post.mail))
      .then(
        (outcomes) => {
          posted.forEach((post, index) => {
            const outcome = outcomes[index];
            if (outcome === undefined || 'unsent' in outcome) this.posted.push(post);
            else settle(post, 'result' in outcome ? outcome : { failed: outcome.refused });
          });
          this.flush();
        },
        (error: unknown) => {
          for (const post of posted) settle(post, { failed: failureReason(error) });
        },
      )
      .finally(() => this.changed());
  }

  private sendAlone(mail: OutgoingMail, settled: Settled): void {
    void sendCaseMail(mail)
      .then(
        (result) => settled({ result }),
        (error: unknown) => settled({ failed: failureReason(error) }),
      )
      .finally(() => {
        this.sending.delete(mail.purpose);
        this.changed();
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
   * Hands a message to the mail activity and records what became of it: queued now, delivered when the mail
   * server took it, or dropped when a newer message of its series fired first (a mail outage held it back,
   * and it would only arrive after the message that overtook it, counting down to an instant already past).
   */
  private queue(effect: DueEffect, mail: OutgoingMail, nowIso: string): void {
    const state = this.state;
    const record = state.effects[effect.key]!;
    this.record(`${effect.key} queued`, mail.subject, nowIso);
    for (const older of this.inFlight.values()) {
      if (!older.supersededBy && supersedes(effect, older.effect)) {
        older.supersededBy = effect.key;
        older.scope.cancel();
      }
    }
    const flight: InFlight = { effect, scope: new CancellationScope() };
    this.inFlight.set(effect.key, flight);
    this.sending.add(effect.key);
    void flight.scope
      .run(() => sendCaseMail(mail))
      .then((result) => {
        record.deliveredAt = result.deliveredAt;
        this.record(`${effect.key} delivered`, deliveredDetail(mail, result), result.deliveredAt);
      })
      .catch((error: unknown) => {
        if (flight.supersededBy && isCancellation(error)) {
          record.supersededBy = flight.supersededBy;
          this.record(
            `${effect.key} dropped`,
            `superseded by ${flight.supersededBy} before it could be delivered`,
          );
          return;
        }
        this.record(`${effect.key} could not be delivered`, failureReason(error));
      })
      .finally(() => {
        this.inFlight.delete(effect.key);
        this.sending.delete(effect.key);
        this.changed();
      });
  }
}
