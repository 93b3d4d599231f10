/**
 * The register on both databases it supports. SQLite always; PostgreSQL when BREACH_CLOCK_TEST_POSTGRES_URL
 * names a database (CI installs and starts one), else those cases report as skipped.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  migrateToLatest,
  openDatabase,
  type DatabaseTarget,
  type RegisterDb,
} from '../../infra/register/database.js';
import { CaseIdInUseError } from '../../activities/ports.js';
import { generateKey, keyRing } from '../../infra/payload-keys.js';
import {
  createDatabaseLedger,
  createRegisterStore,
  registerCoding,
} from '../../infra/register/register-store.js';
import { testKeyRing } from '../helpers/payload-keys.js';
import { initialState } from '../../domain/case-state.js';
import { registerEntry } from '../../domain/register-entry.js';
import { sampleCaseFile } from '../helpers/case-files.js';

const postgresUrl = process.env.BREACH_CLOCK_TEST_POSTGRES_URL;

const targets: [string, () => Promise<DatabaseTarget>, boolean][] = [
  [
    'SQLite',
    async () => ({ kind: 'sqlite', location: join(await mkdtemp(join(tmpdir(), 'reg-')), 'r.sqlite') }),
    true,
  ],
  [
    'PostgreSQL',
    () => Promise.resolve({ kind: 'postgres', location: postgresUrl ?? '' }),
    Boolean(postgresUrl),
  ],
];

function entryFor(caseId: string, openedAt: string) {
  const state = initialState(caseId, sampleCaseFile({ caseId }), openedAt);
  return registerEntry(state, Date.parse(openedAt));
}

describe.each(targets)('the breach register on %s', (_name, target, available) => {
  let db: RegisterDb;

  beforeAll(async () => {
    if (!available) return;
    db = openDatabase(await target());
    if ((await target()).kind === 'postgres') {
      await sql`drop table if exists breach_register, sent_messages, mail_reservations, kysely_migration, kysely_migration_lock`.execute(
        db,
      );
    }
    await migrateToLatest(db);
    await migrateToLatest(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  // One database per file, emptied before each test: no test sees another's rows, in whatever order they run.
  beforeEach(async () => {
    if (!available) return;
    await db.deleteFrom('breach_register').execute();
    await db.deleteFrom('sent_messages').execute();
    await db.deleteFrom('mail_reservations').execute();
  });

  it.runIf(available)('writes a case once per revision and never lets an older revision win', async () => {
    const store = createRegisterStore(db);
    const first = entryFor('BR-REG-1', '2026-11-01T10:00:00.000Z');
    expect(await store.record(first, 1)).toBe('written');
    expect(await store.record(first, 1)).toBe('unchanged');
    const closed = {
      ...first,
      status: 'closed' as const,
      closed: { at: '2026-11-05T10:00:00.000Z', by: 'Dana' },
    };
    expect(await store.record(closed, 3)).toBe('written');
    expect(await store.record(first, 2)).toBe('unchanged');
    const row = await store.get('BR-REG-1');
    expect(row).toMatchObject({ revision: 3, status: 'closed', closedAt: '2026-11-05T10:00:00.000Z' });
    expect(row?.entry.facts.description).toBe(first.facts.description);
    expect(row?.entrySha256).toMatch(/^[a-f0-9]{64}$/);
  });

  it.runIf(available)(
    'keeps each entry sealed with the payload keys, reads entries from before in clear, and names a missing key',
    async () => {
      const coding = registerCoding(testKeyRing, true);
      const store = createRegisterStore(db, coding);
      const entry = entryFor('BR-REG-1', '2026-11-01T10:00:00.000Z');
      expect(await store.record(entry, 1)).toBe('written');
      const raw = await db
        .selectFrom('breach_register')
        .selectAll()
        .where('case_id', '=', 'BR-REG-1')
        .executeTakeFirstOrThrow();
      expect(raw.entry_json).toMatch(/^aes256gcm:test-key-1:/);
      expect(raw.entry_json).not.toContain(entry.facts.description);
      expect((await store.get('BR-REG-1'))?.entry).toEqual(entry);

      // Written in clear by an earlier version (or with encryption off): read as it is.
      await createRegisterStore(db).record(entryFor('BR-REG-2', '2026-10-01T10:00:00.000Z'), 1);
      expect((await store.list()).map((r) => r.caseId)).toEqual(['BR-REG-1', 'BR-REG-2']);
      // Turned off, new entries are plain and sealed ones still read.
      const off = createRegisterStore(db, registerCoding(testKeyRing, false));
      await off.record(entryFor('BR-REG-3', '2026-09-01T10:00:00.000Z'), 1);
      expect((await off.list()).map((r) => r.entry.caseId)).toEqual(['BR-REG-1', 'BR-REG-2', 'BR-REG-3']);

      const otherRing = keyRing([{ id: 'test-key-1', key: generateKey().key }], 'another key file');
      await expect(createRegisterStore(db, registerCoding(otherRing, true)).get('BR-REG-1')).rejects.toThrow(
        /cannot decrypt the register entry with key "test-key-1" of another key file/,
      );
      const stranger = keyRing([generateKey()], 'a stranger');
      await expect(createRegisterStore(db, registerCoding(stranger, true)).list()).rejects.toThrow(
        /encrypted with key "test-key-1", which is not among the keys of a stranger/,
      );
    },
  );

  it.runIf(available)('lists every breach, newest first, within a period', async () => {
    const store = createRegisterStore(db);
    await store.record(entryFor('BR-REG-1', '2026-11-01T10:00:00.000Z'), 1);
    await store.record(entryFor('BR-REG-2', '2026-10-01T10:00:00.000Z'), 1);
    await store.record(entryFor('BR-REG-3', '2026-12-01T10:00:00.000Z'), 1);
    expect((await store.list()).map((r) => r.caseId)).toEqual(['BR-REG-3', 'BR-REG-1', 'BR-REG-2']);
    const november = await store.list({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(november.map((r) => r.caseId)).toEqual(['BR-REG-1']);
  });

  it.runIf(available)(
    'holds a case ID for one breach: another breach under it is refused, the same breach writes on',
    async () => {
      const store = createRegisterStore(db);
      const first = { ...entryFor('BR-REG-1', '2026-11-01T10:00:00.000Z'), breachId: 'breach-one' };
      expect(await store.record(first, 1)).toBe('written');
      const other = { ...entryFor('BR-REG-1', '2026-12-01T10:00:00.000Z'), breachId: 'breach-two' };
      await expect(store.record(other, 1)).rejects.toThrow(CaseIdInUseError);
      await expect(store.record(other, 9)).rejects.toThrow(/BR-REG-1 is already in the register/);
      expect(await store.record({ ...first, status: 'closed' }, 2)).toBe('written');
      expect(await store.get('BR-REG-1')).toMatchObject({ breachId: 'breach-one', revision: 2 });

      // A row written before breaches had identities belongs to the breach that wrote it, and to no new one.
      const legacy = entryFor('BR-REG-2', '2026-10-01T10:00:00.000Z');
      expect(await store.record(legacy, 1)).toBe('written');
      expect(await store.record(legacy, 2)).toBe('written');
      await expect(store.record({ ...legacy, breachId: 'breach-three' }, 3)).rejects.toThrow(
        CaseIdInUseError,
      );
      expect((await store.get('BR-REG-2'))?.breachId).toBeUndefined();
    },
  );

  const reservation = (attempt: number, at: string, leaseMinutes = 2) => ({
    messageId: '<BR-REG-1.authority-reminder-24h.b1@breach-clock.invalid>',
    caseId: 'BR-REG-1',
    breachId: 'b1',
    purpose: 'authority-reminder-24h',
    attempt,
    at,
    leaseUntil: new Date(Date.parse(at) + leaseMinutes * 60_000).toISOString(),
  });
  const sent = {
    messageId: '<BR-REG-1.authority-reminder-24h.b1@breach-clock.invalid>',
    caseId: 'BR-REG-1',
    breachId: 'b1',
    purpose: 'authority-reminder-24h',
    transport: 'smtp' as const,
    deliveredAt: '2026-11-02T10:00:30.000Z',
  };

  it.runIf(available)('reserves a message for one attempt at a time and keeps one delivery', async () => {
    const ledger = createDatabaseLedger(db);
    expect(await ledger.lookup(sent.messageId)).toBeUndefined();
    expect(await ledger.reserve(reservation(1, '2026-11-02T10:00:00.000Z'))).toEqual({ kind: 'reserved' });
    // A second attempt while the first may still be sending waits; it never sends beside it.
    expect(await ledger.reserve(reservation(2, '2026-11-02T10:01:00.000Z'))).toMatchObject({
      kind: 'busy',
      attempt: 1,
    });
    // The first saw the server fail before the whole message was out: the next sends, no copy is possible.
    await ledger.failed(sent.messageId, 1, { handedOver: false, reason: 'Greeting never received' });
    expect(await ledger.reserve(reservation(2, '2026-11-02T10:01:00.000Z'))).toEqual({
      kind: 'reserved',
      earlier: { attempt: 1, outcome: 'failed' },
    });
    expect(await ledger.unknownOutcomes(sent.messageId)).toBe(0);
    // The second handed all of it over and heard nothing back: the server may hold a copy.
    await ledger.failed(sent.messageId, 2, { handedOver: true, reason: 'Connection closed unexpectedly' });
    expect(await ledger.reserve(reservation(3, '2026-11-02T10:02:00.000Z'))).toEqual({
      kind: 'reserved',
      earlier: { attempt: 2, outcome: 'unknown' },
    });
    await ledger.delivered(sent, 3);
    await ledger.delivered({ ...sent, deliveredAt: '2026-11-02T11:00:00.000Z' }, 3);
    expect(await ledger.lookup(sent.messageId)).toEqual(sent);
    expect(await ledger.unknownOutcomes(sent.messageId)).toBe(1);
    expect(await ledger.reserve(reservation(4, '2026-11-02T10:03:00.000Z'))).toEqual({
      kind: 'delivered',
      record: sent,
    });
  });

  it.runIf(available)('takes over from an attempt that ran out its lease without a word', async () => {
    const ledger = createDatabaseLedger(db);
    expect(await ledger.reserve(reservation(1, '2026-11-02T10:00:00.000Z'))).toEqual({ kind: 'reserved' });
    expect(await ledger.reserve(reservation(2, '2026-11-02T10:05:00.000Z'))).toEqual({
      kind: 'reserved',
      earlier: { attempt: 1, outcome: 'abandoned' },
    });
    expect(await ledger.unknownOutcomes(sent.messageId)).toBe(1);
  });
});
