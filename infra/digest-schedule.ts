/**
 * The daily digest's Temporal Schedule. Installing is idempotent: a second install leaves one schedule and
 * brings its time, zone and recipients up to date.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { dailyDigest } from '../workflows/daily-digest.js';

export const DIGEST_SCHEDULE_ID = 'breach-clock-daily-digest';

export interface DigestSettings {
  /** Local time of day, HH:MM. */
  at: string;
  timeZone: string;
  to: string[];
  taskQueue: string;
}

function options(settings: DigestSettings): ScheduleOptions {
  const [hour, minute] = settings.at.split(':').map(Number);
  return {
    scheduleId: DIGEST_SCHEDULE_ID,
    spec: { calendars: [{ hour: hour ?? 8, minute: minute ?? 0 }], timezone: settings.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: 'dailyDigest',
      taskQueue: settings.taskQueue,
      args: [{ to: settings.to }] satisfies Parameters<typeof dailyDigest>,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  };
}

export async function installDigestSchedule(
  client: Client,
  settings: DigestSettings,
): Promise<'created' | 'updated'> {
  const wanted = options(settings);
  try {
    await client.schedule.create(wanted);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(DIGEST_SCHEDULE_ID).update((current) => ({
      ...current,
      spec: wanted.spec,
      action: wanted.action,
    }));
    return 'updated';
  }
}
