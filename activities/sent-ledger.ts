/**
 * Which messages have left. Checked before every send and written right after the mail server accepts, so an
 * activity retried after a successful send finds its message here and does not send it again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SentRecord {
  messageId: string;
  caseId: string;
  purpose: string;
  deliveredAt: string;
  transport: 'smtp' | 'outbox';
}

export interface SentLedger {
  lookup(messageId: string): Promise<SentRecord | undefined>;
  record(entry: SentRecord): Promise<void>;
}

/** One small file per message under the data folder; written atomically by rename. */
export function createFileLedger(dir: string): SentLedger {
  const pathOf = (messageId: string) =>
    join(dir, `${createHash('sha256').update(messageId).digest('hex')}.json`);
  return {
    async lookup(messageId) {
      try {
        return JSON.parse(await readFile(pathOf(messageId), 'utf8')) as SentRecord;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async record(entry) {
      await mkdir(dir, { recursive: true });
      const target = pathOf(entry.messageId);
      const scratch = `${target}.${process.pid}.partial`;
      await writeFile(scratch, JSON.stringify(entry));
      await rename(scratch, target);
    },
  };
}
