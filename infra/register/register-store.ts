/**
 * Writes and reads the Art. 33(5) register. Every write is an upsert keyed by case and guarded by the case's
 * revision: re-running an activity changes nothing, and a late retry of an older revision never overwrites a
 * newer one.
 */
import { createHash } from 'node:crypto';
import type { RegisterEntry } from '../../domain/register-entry.js';
import type { RegisterRow, RegisterStore, SentLedger, SentRecord } from '../../activities/ports.js';

export type { RegisterRow, RegisterStore };
import type { RegisterDb, RegisterTable } from './database.js';

function toRow(row: RegisterTable): RegisterRow {
  return {
    caseId: row.case_id,
    revision: Number(row.revision),
    status: row.status,
    risk: row.risk,
    awareAt: row.aware_at,
    authorityDueAt: row.authority_due_at,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    notifiedAt: row.notified_at,
    late: Boolean(Number(row.late)),
    entry: JSON.parse(row.entry_json) as RegisterEntry,
    entrySha256: row.entry_sha256,
  };
}

export function createRegisterStore(db: RegisterDb): RegisterStore {
  return {
    async record(entry, revision) {
      const json = JSON.stringify(entry);
      const values: RegisterTable = {
        case_id: entry.caseId,
        revision,
        status: entry.status,
        risk: entry.risk,
        controller: entry.controller,
        lead_authority: entry.leadAuthority,
        aware_at: entry.facts.awareAt,
        authority_due_at: entry.authorityDueAt,
        opened_at: entry.openedAt,
        closed_at: entry.closed?.at ?? null,
        notified_at: entry.notices.find((n) => n.kind === 'initial')?.filedAt ?? null,
        late: entry.lateness?.late ? 1 : 0,
        entry_json: json,
        entry_sha256: createHash('sha256').update(json).digest('hex'),
        updated_at: new Date().toISOString(),
      };
      const { case_id: _key, ...update } = values;
      const result = await db
        .insertInto('breach_register')
        .values(values)
        .onConflict((oc) =>
          oc.column('case_id').doUpdateSet(update).where('breach_register.revision', '<', revision),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'written' : 'unchanged';
    },
    async get(caseId) {
      const row = await db
        .selectFrom('breach_register')
        .selectAll()
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async list(filter = {}) {
      let query = db.selectFrom('breach_register').selectAll();
      if (filter.from) query = query.where('opened_at', '>=', filter.from);
      if (filter.to) query = query.where('opened_at', '<', filter.to);
      const rows = await query.orderBy('opened_at', 'desc').orderBy('case_id').execute();
      return rows.map(toRow);
    },
  };
}

/** The sent-mail ledger in the same database, so every worker of a cluster sees every delivery. */
export function createDatabaseLedger(db: RegisterDb): SentLedger {
  return {
    async lookup(messageId) {
      const row = await db
        .selectFrom('sent_messages')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        messageId: row.message_id,
        caseId: row.case_id,
        purpose: row.purpose,
        transport: row.transport as SentRecord['transport'],
        deliveredAt: row.delivered_at,
      };
    },
    async record(entry) {
      await db
        .insertInto('sent_messages')
        .values({
          message_id: entry.messageId,
          case_id: entry.caseId,
          purpose: entry.purpose,
          transport: entry.transport,
          delivered_at: entry.deliveredAt,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    },
  };
}
