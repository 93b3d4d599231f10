/**
 * When the register is written while mail is on its way. A reminder fired and delivered reaches the register
 * in one write, after the delivery, not in the workflow task that fired it: at an instant when many cases
 * fall due, each escalation's mail is not queued behind register writes. A DPO's decision is written at once,
 * even while a mail outage holds the case's messages back.
 */
import proto from '@temporalio/proto';
import { describe, expect, vi } from 'vitest';
import { assessUpdate } from '../../contract/messages.js';
import { HOUR_MS } from '../../domain/time.js';
import {
  caseTest,
  localActivityType,
  openCase,
  registerCaughtUp,
  type OpenedCase,
} from '../helpers/case-toolkit.js';

const { EventType } = proto.temporal.api.enums.v1;

/**
 * The activities each workflow task of the case ran: scheduled, or local (a register write, in cases opened
 * since writes became local activities). Task by task, in history order.
 */
async function activitiesByTask(opened: OpenedCase): Promise<string[][]> {
  const history = await opened.handle.fetchHistory();
  const tasks: string[][] = [];
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) tasks.push([]);
    const ran = event.activityTaskScheduledEventAttributes?.activityType?.name ?? localActivityType(event);
    if (ran) tasks.at(-1)?.push(ran);
  }
  return tasks;
}

describe('register writes and the mail in flight', () => {
  caseTest('a reminder reaches the register once delivered, in a task of its own', async ({ world }) => {
    const opened = await openCase(world);
    await world.env.sleep(25 * HOUR_MS);
    await world.smtp.waitFor((mails) => mails.some((m) => m.purpose === 'authority-reminder-24h'));
    const row = await registerCaughtUp(world, opened);
    const events = row.entry.timeline.map((t) => t.event);
    expect(events).toContain('authority-reminder-24h queued');
    expect(events).toContain('authority-reminder-24h delivered');

    const tasks = await activitiesByTask(opened);
    expect(tasks.flat()).toContain('sendMail');
    // Before, the task that fired the reminder also wrote the register; the delivery then wrote it again. The
    // opening task is not one of them: it claims the case ID in the register before it sends anything.
    const firing = tasks.slice(1).filter((names) => names.includes('sendMail'));
    expect(firing.length).toBeGreaterThan(0);
    for (const names of firing) expect(names).not.toContain('recordRegisterEntry');
  });

  caseTest('a DPO decision reaches the register at once while mail is held back', async ({ world }) => {
    const { env, smtp } = world;
    await smtp.down();
    const opened = await openCase(world);
    await env.sleep(25 * HOUR_MS);
    await opened.handle.executeUpdate(assessUpdate, {
      args: [{ risk: 'high', overrideReason: 'Recordings from inside the home', actor: 'Dana' }],
    });
    const during = await registerCaughtUp(world, opened);
    expect(during.risk).toBe('high');
    const held = during.entry.timeline.map((t) => t.event);
    expect(held).toContain('authority-reminder-24h queued');
    expect(held).not.toContain('authority-reminder-24h delivered');

    await smtp.up();
    await env.sleep(HOUR_MS);
    await smtp.waitFor((mails) => mails.some((m) => m.purpose === 'authority-reminder-24h'), 60_000);
    await vi.waitFor(
      async () => {
        const row = await registerCaughtUp(world, opened);
        expect(row.entry.timeline.map((t) => t.event)).toContain('authority-reminder-24h delivered');
      },
      { timeout: 30_000, interval: 200 },
    );
  });
});
