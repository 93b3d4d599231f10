/**
 * What `breach schedule` does with the daily digest's Temporal Schedule: install (or update) it, pause, unpause,
 * trigger it now, and list the schedules. Loaded when the command runs.
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { TIME_OF_DAY, validTimeZone } from '../domain/time.js';
import { DIGEST_SCHEDULE_ID, installDigestSchedule } from '../infra/digest-schedule.js';
import { CliFailure, emit, UsageError, type CommandContext } from './cli-support.js';
import { formatInstant, table } from './format.js';

export interface DigestRequest {
  to: string[] | undefined;
  at: string | undefined;
  timeZone: string | undefined;
}

/** Installs the digest schedule, or updates it; what is not given comes from the BREACH_CLOCK_DIGEST_* settings. */
export async function install(ctx: CommandContext, request: DigestRequest): Promise<void> {
  const config = await ctx.config();
  const to = request.to ?? config.digest.to;
  if (!to.length)
    throw new UsageError('--to: the digest needs at least one recipient (or BREACH_CLOCK_DIGEST_TO)');
  for (const address of to) {
    if (!z.email().safeParse(address).success)
      throw new UsageError(`--to: "${address}" is not an e-mail address`);
  }
  const at = request.at ?? config.digest.at;
  if (!TIME_OF_DAY.test(at)) throw new UsageError('--at: expected HH:MM, e.g. 08:00');
  const timeZone = request.timeZone ?? config.digest.timeZone;
  if (!validTimeZone(timeZone)) throw new UsageError(`--digest-tz: "${timeZone}" is not a time zone`);
  const outcome = await installDigestSchedule(await ctx.client(), {
    to,
    at,
    timeZone,
    taskQueue: config.taskQueue,
  });
  emit(
    ctx,
    { scheduleId: DIGEST_SCHEDULE_ID, outcome, at, timeZone },
    `Digest schedule ${outcome}: daily at ${at} ${timeZone}.`,
  );
}

function missing(error: unknown): never {
  if (error instanceof ScheduleNotFoundError) {
    throw new CliFailure(
      'No digest schedule is installed: run "breach schedule install --to <dpo address>".',
    );
  }
  throw error;
}

export async function setPaused(ctx: CommandContext, paused: boolean, note: string): Promise<void> {
  const handle = (await ctx.client()).schedule.getHandle(DIGEST_SCHEDULE_ID);
  await (paused ? handle.pause(note) : handle.unpause(note)).catch(missing);
  emit(ctx, { scheduleId: DIGEST_SCHEDULE_ID, paused }, `Digest schedule ${paused ? 'paused' : 'running'}.`);
}

export async function trigger(ctx: CommandContext): Promise<void> {
  await (await ctx.client()).schedule.getHandle(DIGEST_SCHEDULE_ID).trigger().catch(missing);
  emit(
    ctx,
    { scheduleId: DIGEST_SCHEDULE_ID, triggered: true },
    'Digest triggered; it will be mailed in a moment.',
  );
}

export async function list(ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const rows = [];
  for await (const schedule of client.schedule.list()) {
    const description = await client.schedule.getHandle(schedule.scheduleId).describe();
    rows.push({
      scheduleId: schedule.scheduleId,
      paused: description.state.paused,
      note: description.state.note ?? '',
      next: description.info.nextActionTimes[0]?.toISOString() ?? '',
      recentActions: description.info.recentActions.length,
    });
  }
  const human = rows.length
    ? table(
        ['SCHEDULE', 'STATE', 'NEXT RUN', 'RECENT RUNS', 'NOTE'],
        rows.map((r) => [
          r.scheduleId,
          r.paused ? 'paused' : 'running',
          r.next ? formatInstant(r.next, ctx.tz) : '',
          String(r.recentActions),
          r.note,
        ]),
      )
    : 'No schedules.';
  emit(ctx, rows, human);
}
