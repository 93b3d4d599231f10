/**
 * Writes and reads the Art. 33(5) register. Every write is an upsert keyed by case and guarded by the case's
 * revision and its breach: re-running an activity changes nothing, a late retry of an older revision never
 * overwrites a newer one, and a different breach under a case ID the register holds is refused.
 */
import { createHash } from 'node:crypto';
import type { RegisterEntry } from '../../domain/register-entry.js';
import { textSeal } from '../payload-codec.js';
import type { KeyRing } from '../payload-keys.js';
import {
  CaseIdInUseError,
  type MailReservation,
  type RegisterRow,
  type RegisterStore,
  type SentLedger,
  type SentRecord,
} from '../../activities/ports.js';

export type { RegisterRow, RegisterStore };
import type { MailReservationsTable, RegisterDb, RegisterTable, SentMessagesTable } from './database.js';

/** How entries are kept: sealed with the payload keys, or (without a seal) as plain JSON. */
export interface EntryCoding {
  seal(text: string): string;
  open(stored: string): string;
}

const PLAIN: EntryCoding = { seal: (text) => text, open: (stored) => stored };

/**
 * The coding of the engine's register: entries sealed with the payload keys, unless BREACH_CLOCK_REGISTER_
 * ENCRYPTION=off asks for plain JSON (a register on PostgreSQL with encryption of its own, say). Sealed
 * entries are read with the keys either way, so turning it off loses nothing already written.
 */
export function registerCoding(ring: KeyRing, encrypt: boolean): EntryCoding {
  const seal = textSeal(ring, 'register entry');
  return {
    seal: encrypt ? (text) => seal.seal(text) : (text) => text,
    open: (stored) => seal.open(stored),
  };
}

function toRow(row: RegisterTable, coding: EntryCoding): RegisterRow {
  return {
    caseId: row.case_id,
    ...(row.breach_id === null ? {} : { breachId: row.breach_id }),
    revision: Number(row.revision),
    status: row.status,
    risk: row.risk,
    awareAt: row.aware_at,
    authorityDueAt: row.authority_due_at,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    notifiedAt: row.notified_at,
    late: Boolean(Number(row.late)),
    entry: JSON.parse(coding.open(row.entry_json)) as RegisterEntry,
    entrySha256: row.entry_sha256,
  };
}

/**
 * The register on its database. With `coding`, each entry (the facts, names, every decision) is stored
 * encrypted; the columns it is found and sorted by (case ID, dates, status, risk) stay readable. Entries
 * stored in clear before are read as they are.
 */
export function createRegisterStore(db: RegisterDb, coding: EntryCoding = PLAIN): RegisterStore {
  return {
    async record(entry, revision) {
      const json = JSON.stringify(entry);
      const breachId = entry.breachId ?? null;
      const values: RegisterTable = {
        case_id: entry.caseId,
        breach_id: breachId,
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
        entry_json: coding.seal(json),
        entry_sha256: createHash('sha256').update(json).digest('hex'),
        updated_at: new Date().toISOString(),
      };
      const { case_id: _key, ...update } = values;
      const result = await db
        .insertInto('breach_register')
        .values(values)
        .onConflict((oc) =>
          oc
            .column('case_id')
            .doUpdateSet(update)
            .where('breach_register.revision', '<', revision)
            // Only the breach that holds the case ID writes its row (rows from before identities: NULL).
            .where('breach_register.breach_id', breachId === null ? 'is' : '=', breachId),
        )
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return 'written';
      const holder = await db
        .selectFrom('breach_register')
        .select(['breach_id', 'status', 'opened_at'])
        .where('case_id', '=', entry.caseId)
        .executeTakeFirst();
      if (holder && holder.breach_id !== breachId) {
        throw new CaseIdInUseError(
          `case ID ${entry.caseId} is already in the register for another breach (${holder.status}, opened ` +
            `${holder.opened_at}); a case ID names one breach for good: give the new breach its own case ID`,
        );
      }
      return 'unchanged';
    },
    async get(caseId) {
      const row = await db
        .selectFrom('breach_register')
        .selectAll()
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      return row ? toRow(row, coding) : undefined;
    },
    async list(filter = {}) {
      let query = db.selectFrom('breach_register').selectAll();
      if (filter.from) query = query.where('opened_at', '>=', filter.from);
      if (filter.to) query = query.where('opened_at', '<', filter.to);
      const rows = await query.orderBy('opened_at', 'desc').orderBy('case_id').execute();
      return rows.map((row) => toRow(row, coding));
    },
  };
}

function toSentRecord(row: SentMessagesTable): SentRecord {
  return {
    messageId: row.message_id,
    caseId: row.case_id,
    ...(row.breach_id === null ? {} : { breachId: row.breach_id }),
    purpose: row.purpose,
    transport: row.transport as SentRecord['transport'],
    deliveredAt: row.delivered_at,
  };
}

/** What a reservation left behind by an earlier attempt says about that attempt. */
function earlierOutcome(row: MailReservationsTable): 'failed' | 'unknown' | 'abandoned' {
  if (row.state === 'failed') return 'failed';
  return row.state === 'unknown' ? 'unknown' : 'abandoned';
}

/**
 * The mail ledger in the same database, so every worker of a cluster sees every delivery and every attempt in
 * progress: delivered messages in `sent_messages`, messages on their way in `mail_reservations`.
 */
export function createDatabaseLedger(db: RegisterDb): SentLedger {
  const lookup = async (messageId: string) => {
    const row = await db
      .selectFrom('sent_messages')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row ? toSentRecord(row) : undefined;
  };
  return {
    lookup,
    async reserve(request) {
      // Two tries: a reservation another worker changes between our read and our write is read again.
      for (let round = 0; round < 2; round += 1) {
        const delivered = await lookup(request.messageId);
        if (delivered) return { kind: 'delivered', record: delivered };
        const inserted = await db
          .insertInto('mail_reservations')
          .values({
            message_id: request.messageId,
            case_id: request.caseId,
            breach_id: request.breachId ?? null,
            purpose: request.purpose,
            state: 'sending',
            attempt: request.attempt,
            reserved_at: request.at,
            lease_until: request.leaseUntil,
            unknown_outcomes: 0,
            last_error: null,
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { kind: 'reserved' };
        const prior = await db
          .selectFrom('mail_reservations')
          .selectAll()
          .where('message_id', '=', request.messageId)
          .executeTakeFirst();
        if (!prior || prior.state === 'delivered') continue;
        if (prior.state === 'sending' && Date.parse(prior.lease_until) > Date.parse(request.at)) {
          return { kind: 'busy', attempt: Number(prior.attempt), leaseUntil: prior.lease_until };
        }
        const earlier = earlierOutcome(prior);
        // An attempt that ran out its lease without a word may have handed the message over before it died.
        const unknown = Number(prior.unknown_outcomes) + (earlier === 'abandoned' ? 1 : 0);
        const taken = await db
          .updateTable('mail_reservations')
          .set({
            state: 'sending',
            attempt: request.attempt,
            reserved_at: request.at,
            lease_until: request.leaseUntil,
            unknown_outcomes: unknown,
          })
          .where('message_id', '=', request.messageId)
          .where('state', '=', prior.state)
          .where('attempt', '=', prior.attempt)
          .where('reserved_at', '=', prior.reserved_at)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) > 0) {
          return { kind: 'reserved', earlier: { attempt: Number(prior.attempt), outcome: earlier } };
        }
      }
      const now = await db
        .selectFrom('mail_reservations')
        .select(['attempt', 'lease_until'])
        .where('message_id', '=', request.messageId)
        .executeTakeFirst();
      return {
        kind: 'busy',
        attempt: Number(now?.attempt ?? 0),
        leaseUntil: now?.lease_until ?? request.leaseUntil,
      } satisfies MailReservation;
    },
    async delivered(entry, attempt) {
      await db
        .insertInto('sent_messages')
        .values({
          message_id: entry.messageId,
          case_id: entry.caseId,
          breach_id: entry.breachId ?? null,
          purpose: entry.purpose,
          transport: entry.transport,
          delivered_at: entry.deliveredAt,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
      await db
        .updateTable('mail_reservations')
        .set({ state: 'delivered', attempt, last_error: null })
        .where('message_id', '=', entry.messageId)
        .execute();
    },
    async failed(messageId, attempt, outcome) {
      await db
        .updateTable('mail_reservations')
        .set((eb) => ({
          state: outcome.handedOver ? 'unknown' : 'failed',
          last_error: outcome.reason.slice(0, 1000),
          unknown_outcomes: outcome.handedOver ? eb('unknown_outcomes', '+', 1) : eb.ref('unknown_outcomes'),
        }))
        .where('message_id', '=', messageId)
        .where('attempt', '=', attempt)
        .where('state', '=', 'sending')
        .execute();
    },
    async unknownOutcomes(messageId) {
      const row = await db
        .selectFrom('mail_reservations')
        .select('unknown_outcomes')
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return Number(row?.unknown_outcomes ?? 0);
    },
  };
}
