/**
 * The register's database down while a case runs. Its writes after the claim are local activities, run inside
 * the case's workflow task: a write that keeps failing must not keep the case from answering. After a few
 * seconds of attempts it backs off on a durable timer, and meanwhile the DPO's actions are taken and the case's
 * status answered; once the database is back, the register catches up with everything that happened.
 */
import { describe, expect, it } from 'vitest';
import { assessUpdate, statusQuery } from '../../contract/messages.js';
import { MINUTE_MS } from '../../domain/time.js';
import { openCase, registerCaughtUp, withCaseWorld } from '../helpers/case-toolkit.js';
import type { TestActivities } from '../helpers/activities.js';

/** The world's register, with a switch that makes every write fail as a database that cannot be reached. */
function switchableRegister() {
  let down = false;
  let refused = 0;
  return {
    activities: (real: TestActivities['activities']) => ({
      ...real,
      async recordRegisterEntry(...args: Parameters<typeof real.recordRegisterEntry>) {
        if (down) {
          refused += 1;
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        }
        return real.recordRegisterEntry(...args);
      },
    }),
    set down(value: boolean) {
      down = value;
    },
    get refused() {
      return refused;
    },
  };
}

describe('the register down while a case runs', () => {
  it("takes the DPO's action and answers while its writes back off, then catches up", async () => {
    const register = switchableRegister();
    await withCaseWorld(
      async (world) => {
        const opened = await openCase(world);
        await registerCaughtUp(world, opened);

        register.down = true;
        const assessed = await opened.handle.executeUpdate(assessUpdate, {
          args: [{ risk: 'high', overrideReason: 'Recordings from inside the home', actor: 'Dana' }],
        });
        expect(assessed.risk).toBe('high');
        expect(register.refused).toBeGreaterThan(0);
        expect((await opened.handle.query(statusQuery)).risk).toBe('high');
        expect((await world.register.get(opened.caseId))?.risk).not.toBe('high');

        register.down = false;
        await world.env.sleep(5 * MINUTE_MS);
        expect((await registerCaughtUp(world, opened)).risk).toBe('high');
      },
      { activities: register.activities },
    );
  });
});
