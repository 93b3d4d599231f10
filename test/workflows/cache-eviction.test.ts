/**
 * A worker holds only some cases in memory (BREACH_CLOCK_CACHED_WORKFLOWS): the others are evicted and replayed
 * from their histories when they next wake. Here a cache of two holds none of eight workflows for long: every
 * case still sends each message once, answers its queries and takes the DPO's actions after its replay.
 */
import { describe, expect, it } from 'vitest';
import { assessUpdate, statusQuery } from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import { localActivityType, openCase, registerCaughtUp, withCaseWorld } from '../helpers/case-toolkit.js';

const CASES = 4;

describe('a worker with a small workflow cache', () => {
  it('replays evicted cases and their processor chases: every message once, queries and updates answered', async () => {
    await withCaseWorld(
      async (world) => {
        const opened = [];
        for (let i = 0; i < CASES; i++) {
          opened.push(
            await openCase(world, {
              facts: {
                processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }],
              },
            }),
          );
        }
        await world.env.sleep(25 * HOUR_MS);
        const purposes = (caseId: string) =>
          world.smtp.received.filter((m) => m.caseId === caseId).map((m) => m.purpose);
        for (const { caseId } of opened) {
          await expect
            .poll(() => purposes(caseId), { timeout: 60_000 })
            .toEqual(
              expect.arrayContaining(['case-opened', 'vendor.transcribe.request', 'authority-reminder-24h']),
            );
        }
        for (const { handle, caseId } of opened) {
          const status = await handle.query(statusQuery);
          expect(status.caseId).toBe(caseId);
          const assessed = await handle.executeUpdate(assessUpdate, {
            args: [{ risk: 'risk', actor: 'Dana' }],
          });
          expect(assessed.risk).toBe('risk');
        }
        // Once each: a replayed case neither forgets a message it sent nor sends it again.
        for (const { caseId } of opened) {
          const sent = purposes(caseId);
          expect(sent.length, sent.join(', ')).toBe(new Set(sent).size);
        }
        // The register keeps up with cases evicted between their writes, which are local activities (a marker
        // each in the history), the claim of the case ID included: none is scheduled on the task queue.
        for (const one of opened) {
          const row = await registerCaughtUp(world, one);
          expect(row.entry.caseId).toBe(one.caseId);
          const events = (await one.handle.fetchHistory()).events ?? [];
          const scheduled = events.filter(
            (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordRegisterEntry',
          );
          const local = events.filter((e) => localActivityType(e) === 'recordRegisterEntry');
          expect(scheduled).toHaveLength(0);
          expect(local.length).toBeGreaterThanOrEqual(2);
        }
      },
      // Every wake replays a case, so a task can be out when a timer due within it fires: the processor's
      // reminder falls due a moment after the authority reminder here (the case opens at awareness), and the
      // task that sends it cancels that timer.
      { maxCachedWorkflows: 2 },
    );
  });
});
