import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../../activities/index.js';
import type { Mailer } from '../../infra/mail/mailer.js';
import { migrateToLatest, openDatabase, type RegisterDb } from '../../infra/register/database.js';
import {
  createDatabaseLedger,
  createRegisterStore,
  registerCoding,
  type RegisterStore,
} from '../../infra/register/register-store.js';
import { createLogger } from '../../infra/logger.js';
import { testKeyRing } from './payload-keys.js';

export interface TestActivities {
  activities: ReturnType<typeof createActivities>;
  register: RegisterStore;
  db: RegisterDb;
  dbFile: string;
}

/** The real activities over a fresh SQLite register file of their own. */
export async function createTestActivities(mailer: Mailer): Promise<TestActivities> {
  const dbFile = join(await mkdtemp(join(tmpdir(), 'register-')), 'register.sqlite');
  const db = openDatabase({ kind: 'sqlite', location: dbFile });
  await migrateToLatest(db);
  const register = createRegisterStore(db, registerCoding(testKeyRing, true));
  const activities = createActivities({
    mailer,
    ledger: createDatabaseLedger(db),
    register,
    logger: createLogger({ level: 'silent', pretty: false }),
  });
  return { activities, register, db, dbFile };
}

export interface HeldClaim {
  /** The worker's activities: the real ones, but the first register write waits for `release`. */
  activities: (real: TestActivities['activities']) => TestActivities['activities'];
  /** Settles when a case's first register write (its case ID claim) has reached the worker. */
  claimed: Promise<void>;
  release: () => void;
}

/**
 * Holds a new case's register claim, the write it awaits before it starts its processors' chases, until the
 * test releases it: what comes in meanwhile (a processor's answer) comes before any chase.
 */
export function holdRegisterClaim(): HeldClaim {
  let claim!: () => void;
  const claimed = new Promise<void>((resolve) => (claim = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let writes = 0;
  return {
    activities: (real) => ({
      ...real,
      async recordRegisterEntry(...args: Parameters<typeof real.recordRegisterEntry>) {
        if (writes++ === 0) {
          claim();
          await released;
        }
        return real.recordRegisterEntry(...args);
      },
    }),
    claimed,
    release,
  };
}
