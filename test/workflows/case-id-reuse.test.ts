/**
 * One case ID, one breach, for good. Temporal forgets a closed case's history after the namespace's retention;
 * the register does not. A second Temporal server over the same register stands for that: opening a different
 * breach there under the closed case's ID is refused before anything is sent, while the closed case itself can
 * still be reopened where its history lives, and writes on to its own register row.
 */
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { describe, expect, vi } from 'vitest';
import { CliFailure } from '../../client/cli-support.js';
import { openCase as openFromCli } from '../../client/open-case.js';
import { closeUpdate, noNotificationUpdate, stateQuery } from '../../contract/messages.js';
import { caseWorkflowId } from '../../contract/workflow-ids.js';
import { HOUR_MS } from '../../domain/time.js';
import { breachCase } from '../../workflows/index.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { caseTest, openCase, withCaseWorld } from '../helpers/case-toolkit.js';

describe('case IDs and breaches', () => {
  caseTest(
    'refuses a different breach under a case ID the register holds, and still reopens the old one',
    async ({ world }) => {
      const first = await openCase(world, { awareHoursAgo: 30 });
      await world.smtp.waitFor((mails) => mails.some((m) => m.caseId === first.caseId));
      await first.handle.executeUpdate(noNotificationUpdate, {
        args: [{ rationale: 'Encrypted laptop, key not compromised.', actor: 'Dana' }],
      });
      await first.handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
      const closedEntry = await first.handle.result();
      const closedState = await first.handle.query(stateQuery);
      expect(closedState.breachId).toMatch(/^[0-9a-f-]{36}$/);
      await vi.waitFor(
        async () => expect(await world.register.get(first.caseId)).toMatchObject({ status: 'closed' }),
        { timeout: 15_000, interval: 100 },
      );
      const mailsBefore = world.smtp.received.length;

      // A Temporal server that has no history of the case, over the same register and mail.
      await withCaseWorld(
        async (other) => {
          const now = await other.env.currentTimeMs();
          const otherBreach = sampleCaseFile({
            caseId: first.caseId,
            description: 'A different breach: a misdirected payroll file.',
            detectedAt: new Date(now - 2 * HOUR_MS).toISOString(),
            awareness: {
              awareAt: new Date(now - HOUR_MS).toISOString(),
              decidedBy: 'Dana Example',
              reason: 'Payroll provider reported it',
            },
          });
          const refusal = await openFromCli(other.env.client, other.taskQueue, otherBreach).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(refusal).toBeInstanceOf(CliFailure);
          expect((refusal as Error).message).toContain(
            `the register already holds case ID ${first.caseId} for another breach`,
          );
          expect((refusal as Error).message).toContain('Nothing was sent');
          // Opening the file again is refused the same way, not taken for an existing case.
          await expect(openFromCli(other.env.client, other.taskQueue, otherBreach)).rejects.toThrow(
            /already holds case ID/,
          );
        },
        { shared: world.deps },
      );
      await world.env.sleep(30 * HOUR_MS);
      expect(world.smtp.received.length).toBe(mailsBefore);
      const row = await world.register.get(first.caseId);
      expect(row).toMatchObject({ status: 'closed', breachId: closedState.breachId });
      expect(row?.entry.facts.description).toBe(closedEntry.facts.description);

      // Reopening continues the same breach, so the register takes its writes.
      const reopened = await world.env.client.workflow.start(breachCase, {
        taskQueue: world.taskQueue,
        workflowId: caseWorkflowId(first.caseId),
        args: [
          {
            caseId: first.caseId,
            caseFile: closedState.caseFile,
            carried: closedState,
            reopen: { reason: 'The authority asked about it', actor: 'Dana' },
          },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      const state = await reopened.query(stateQuery);
      expect(state.breachId).toBe(closedState.breachId);
      await vi.waitFor(
        async () =>
          expect(await world.register.get(first.caseId)).toMatchObject({
            status: 'open',
            breachId: closedState.breachId,
          }),
        { timeout: 20_000 },
      );
    },
  );
});
