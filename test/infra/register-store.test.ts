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
import { createDatabaseLedger, createRegisterStore } from '../../infra/register/register-store.js';
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
      await sql`drop table if exists breach_register, sent_messages, kysely_migration, kysely_migration_lock`.execute(
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

  it.runIf(available)('lists every breach, newest first, within a period', async () => {
    const store = createRegisterStore(db);
    await store.record(entryFor('BR-REG-1', '2026-11-01T10:00:00.000Z'), 1);
    await store.record(entryFor('BR-REG-2', '2026-10-01T10:00:00.000Z'), 1);
    await store.record(entryFor('BR-REG-3', '2026-12-01T10:00:00.000Z'), 1);
    expect((await store.list()).map((r) => r.caseId)).toEqual(['BR-REG-3', 'BR-REG-1', 'BR-REG-2']);
    const november = await store.list({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(november.map((r) => r.caseId)).toEqual(['BR-REG-1']);
  });

  it.runIf(available)('keeps one ledger row per message however often it is recorded', async () => {
    const ledger = createDatabaseLedger(db);
    const sent = {
      messageId: '<BR-REG-1.authority-reminder-24h@breach-clock.invalid>',
      caseId: 'BR-REG-1',
      purpose: 'authority-reminder-24h',
      transport: 'smtp' as const,
      deliveredAt: '2026-11-02T10:00:00.000Z',
    };
    expect(await ledger.lookup(sent.messageId)).toBeUndefined();
    await ledger.record(sent);
    await ledger.record({ ...sent, deliveredAt: '2026-11-02T11:00:00.000Z' });
    expect(await ledger.lookup(sent.messageId)).toEqual(sent);
  });
});
