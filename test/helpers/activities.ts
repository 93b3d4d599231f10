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
  /** The worker's activities: the real ones, but the first register write is held until `release`. */
  activities: (real: TestActivities['activities']) => TestActivities['activities'];
  /** Settles when a case's first register write (its case ID claim) has reached the worker. */
  claimed: Promise<void>;
  release: () => void;
}

/**
 * Holds a new case's register claim, the write it awaits before it starts its processors' chases, until the
 * test releases it. `unreachable` (the default): the register refuses every write until then, as in an outage,
 * and what comes in meanwhile (a processor's answer) comes before any chase; an outage rather than a write that
 * hangs, since a hung write ends at its attempt's timeout and the attempt after it would go through. `slow`: the
 * first write waits for the release, then goes through, while the case's opening workflow task is out (the
 * claim is a local activity in it).
 */
export function holdRegisterClaim(how: 'unreachable' | 'slow' = 'unreachable'): HeldClaim {
  let claim!: () => void;
  const claimed = new Promise<void>((resolve) => (claim = resolve));
  let isReleased = false;
  let resolveRelease!: () => void;
  const released = new Promise<void>((resolve) => (resolveRelease = resolve));
  const release = () => {
    isReleased = true;
    resolveRelease();
  };
  let writes = 0;
  return {
    activities: (real) => ({
      ...real,
      async recordRegisterEntry(...args: Parameters<typeof real.recordRegisterEntry>) {
        if (how === 'unreachable' && !isReleased) {
          claim();
          throw new Error('the register is unreachable (held by the test)');
        }
        if (how === 'slow' && writes++ === 0) {
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
