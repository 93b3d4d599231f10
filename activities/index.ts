/**
 * The engine's side effects, built from their dependencies so tests hand in a real SMTP server, a real ledger
 * folder, and faults where they want them.
 */
import type { Logger } from '../worker/logger.js';
import type { Mailer } from './mailer.js';
import { sendMailActivity } from './send-mail.js';
import type { SentLedger } from './sent-ledger.js';

export interface ActivityDeps {
  mailer: Mailer;
  ledger: SentLedger;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    sendMail: sendMailActivity(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
