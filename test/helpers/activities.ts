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
  /** The worker's activities: the real ones, but the register refuses writes until `release`. */
  activities: (real: TestActivities['activities']) => TestActivities['activities'];
  /** Settles when a case's first register write (its case ID claim) has reached the worker. */
  claimed: Promise<void>;
  release: () => void;
}

/**
 * Holds a new case's register claim, the write it awaits before it starts its processors' chases, until the
 * test releases it: the register is unreachable until then, and every attempt fails as it would. What comes in
 * meanwhile (a processor's answer) comes before any chase. An outage rather than a write that hangs: a hung
 * write ends at its attempt's timeout, and the attempt after it would go through.
 */
export function holdRegisterClaim(): HeldClaim {
  let claim!: () => void;
  const claimed = new Promise<void>((resolve) => (claim = resolve));
  let released = false;
  return {
    activities: (real) => ({
      ...real,
      async recordRegisterEntry(...args: Parameters<typeof real.recordRegisterEntry>) {
        if (!released) {
          claim();
          throw new Error('the register is unreachable (held by the test)');
        }
        return real.recordRegisterEntry(...args);
      },
    }),
    claimed,
    release: () => {
      released = true;
    },
  };
}

/**
 * Slows a new case's register claim: the first register write waits for `release`, then goes through. While it
 * waits, the case's opening workflow task is out (the claim is a local activity in it).
 */
export function slowRegisterClaim(): HeldClaim {
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
