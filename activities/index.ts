/**
 * The engine's side effects, built from their dependencies so tests hand in a real SMTP server, a real
 * database file, and faults where they want them.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { RegisterEntry } from '../domain/register-entry.js';
import { collectDigestActivity } from './collect-digest.js';
import { CaseIdInUseError, type Logger } from './ports.js';
import type { Mailer } from './ports.js';
import type { RegisterStore } from './ports.js';
import { sendMailActivity, sendMailsActivity } from './send-mail.js';
import type { SentLedger } from './ports.js';

export interface ActivityDeps {
  mailer: Mailer;
  ledger: SentLedger;
  register: RegisterStore;
  logger: Logger;
  /** For the digest, which reads the cases through Temporal's visibility. */
  client?: Client;
}

export function createActivities(deps: ActivityDeps) {
  return {
    sendMail: sendMailActivity(deps),
    sendMails: sendMailsActivity(deps),
    collectDigest: collectDigestActivity(deps),
    /**
     * Upserts the case's register entry; a repeat of the same or an older revision changes nothing. A case ID
     * the register holds for another breach is refused for good (`CaseIdInUse`): retrying cannot change that.
     */
    async recordRegisterEntry(entry: RegisterEntry, revision: number): Promise<'written' | 'unchanged'> {
      const outcome = await deps.register.record(entry, revision).catch((error: unknown) => {
        if (error instanceof CaseIdInUseError)
          throw ApplicationFailure.nonRetryable(error.message, 'CaseIdInUse');
        throw error;
      });
      deps.logger.debug({ caseId: entry.caseId, revision, outcome }, 'register entry recorded');
      return outcome;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
