/** The `breach` subcommands. Each validates everything it can before it contacts the server. */
import { casesQuery, type CaseFilter } from '../contract/open-cases.js';
import { caseIdOfWorkflowId } from '../contract/workflow-ids.js';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { ScheduleNotFoundError } from '@temporalio/client';
import { migrateToLatest, openDatabase } from '../infra/register/database.js';
import { createRegisterStore } from '../infra/register/register-store.js';
import { z } from 'zod';
import { instant } from '../domain/case-file.js';
import { initialState } from '../domain/case-state.js';
import { documentsQuery, statusQuery } from '../contract/messages.js';
import { REGIME_IDS } from '../domain/regimes/index.js';
import { plannedEffects } from '../domain/reminder-plan.js';
import * as messagesSearch from '../contract/search-attributes.js';
import { caseStatus } from '../domain/status.js';
import { formatDuration, parseDuration, TIME_OF_DAY, validTimeZone } from '../domain/time.js';
import { DIGEST_SCHEDULE_ID, installDigestSchedule } from '../infra/digest-schedule.js';
import { sampleDeadlineFile } from './deadline-file.js';
import {
  actorHelp,
  caseArg,
  caseIdArg,
  emit,
  integer,
  list,
  queryCase,
  runAction,
  sha256OfFile,
} from './case-support.js';
import { CliFailure, optionalString, requireString, UsageError, type Command } from './cli-support.js';
import { countdown, formatInstant, formatStatus, table } from './format.js';
import { registerCsv } from './register-csv.js';
import { amendCommand } from './commands/amend.js';
import { authorityDecisionCommand } from './commands/authority-decision.js';
import { holdCommand } from './commands/hold.js';
import { openCommand } from './commands/open.js';
import { releaseHoldCommand } from './commands/release-hold.js';
import { reopenCommand } from './commands/reopen.js';
import { schemaCommand } from './commands/schema.js';

const regimeHelp = `--regime ID       whose authority: ${REGIME_IDS.join(', ')} (default: the case's first regime)`;

export const commands: Command[] = [
  openCommand,
  {
    name: 'list',
    summary: 'list cases with their countdowns, newest first',
    usage: 'list [--status open|overdue|closed] [--due-within 24h]',
    options: { status: { type: 'string' }, 'due-within': { type: 'string' } },
    help: [
      '--status <s>      open, overdue or closed',
      '--due-within <d>  authority deadline within, e.g. 24h, 3d',
    ],
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      const status = optionalString(ctx, 'status');
      if (status && !['open', 'overdue', 'closed'].includes(status)) {
        throw new UsageError('--status: expected open, overdue or closed');
      }
      const within = optionalString(ctx, 'due-within');
      const withinMs = within === undefined ? undefined : parseDuration(within);
      if (within !== undefined && withinMs === undefined)
        throw new UsageError('--due-within: expected a duration like 24h');
      const query = casesQuery({
        ...(status ? { status: status as NonNullable<CaseFilter['status']> } : {}),
        ...(withinMs !== undefined ? { dueBefore: new Date(Date.now() + withinMs) } : {}),
      });
      const client = await ctx.client();
      const rows: {
        caseId: string;
        phase: string;
        risk: string;
        dueAt: string;
        overdue: boolean;
        startedAt: string;
      }[] = [];
      for await (const wf of client.workflow.list({ query })) {
        const sa = wf.typedSearchAttributes;
        const due = sa.get(messagesSearch.AUTHORITY_DUE_AT);
        rows.push({
          caseId: caseIdOfWorkflowId(wf.workflowId) ?? wf.workflowId,
          phase: sa.get(messagesSearch.CASE_PHASE) ?? 'unknown',
          risk: sa.get(messagesSearch.RISK_LEVEL) ?? 'unassessed',
          dueAt: due ? due.toISOString() : '',
          overdue: sa.get(messagesSearch.OVERDUE) ?? false,
          startedAt: wf.startTime.toISOString(),
        });
      }
      rows.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      const now = Date.now();
      const human = rows.length
        ? table(
            ['CASE', 'PHASE', 'RISK', 'AUTHORITY DUE', 'COUNTDOWN'],
            rows.map((r) => {
              const left = Date.parse(r.dueAt) - now;
              const clock =
                r.phase === 'closed'
                  ? 'closed'
                  : left >= 0
                    ? `${formatDuration(left)} left`
                    : r.overdue
                      ? `OVERDUE ${formatDuration(-left)}`
                      : 'deadline passed';
              return [r.caseId, r.phase, r.risk, r.dueAt ? formatInstant(r.dueAt, ctx.tz) : '', clock];
            }),
          )
        : 'No cases match.';
      emit(ctx, rows, human);
    },
  },
  {
    name: 'status',
    summary: 'phase, deadlines, pending actions, vendors and timeline of a case',
    usage: 'status <case-id>',
    positionals: caseArg,
    async run(ctx) {
      const status = await queryCase(ctx, caseIdArg(ctx), statusQuery);
      emit(ctx, status, formatStatus(status, ctx.tz));
    },
  },
  {
    name: 'assess',
    summary: 'record the risk assessment: none, risk or high',
    usage: 'assess <case-id> --risk none|risk|high [--rationale T] [--override-reason T]',
    options: {
      risk: { type: 'string' },
      rationale: { type: 'string' },
      'override-reason': { type: 'string' },
    },
    help: [
      '"none" needs --rationale; differing from the ENISA suggestion needs --override-reason',
      actorHelp,
    ],
    positionals: caseArg,
    run: (ctx) =>
      runAction(ctx, 'assess', {
        risk: requireString(ctx, 'risk'),
        rationale: optionalString(ctx, 'rationale'),
        overrideReason: optionalString(ctx, 'override-reason'),
      }),
  },
  {
    name: 'notify-authority',
    summary: 'record the initial notice to the supervisory authority',
    usage:
      'notify-authority <case-id> --reference R --channel C [--filed-at T] [--content-file F] [--items a,b,c,d] [--reasons-for-delay T] [--regime ID]',
    options: {
      reference: { type: 'string' },
      channel: { type: 'string' },
      'filed-at': { type: 'string' },
      'content-file': { type: 'string' },
      items: { type: 'string' },
      'reasons-for-delay': { type: 'string' },
      regime: { type: 'string' },
    },
    help: [
      '--content-file F  the document filed; its SHA-256 is recorded (default: the rendered notice)',
      '--items           Art. 33(3) items the notice covers (default: those the case facts cover)',
      '--reasons-for-delay is required after the 72 hours (Art. 33(1))',
      regimeHelp,
      actorHelp,
    ],
    positionals: caseArg,
    run: async (ctx) =>
      runAction(ctx, 'notifyAuthority', {
        reference: requireString(ctx, 'reference'),
        channel: requireString(ctx, 'channel'),
        filedAt: optionalString(ctx, 'filed-at'),
        contentSha256: await sha256OfFile(optionalString(ctx, 'content-file')),
        items: list(optionalString(ctx, 'items')),
        reasonsForDelay: optionalString(ctx, 'reasons-for-delay'),
        regime: optionalString(ctx, 'regime'),
      }),
  },
  {
    name: 'supplement',
    summary: 'record supplementary information filed with the authority (Art. 33(4))',
    usage:
      'supplement <case-id> --reference R --channel C [--items c,d] [--reasons-for-delay T] [--filed-at T] [--content-file F] [--regime ID]',
    options: {
      reference: { type: 'string' },
      channel: { type: 'string' },
      items: { type: 'string' },
      'reasons-for-delay': { type: 'string' },
      'filed-at': { type: 'string' },
      'content-file': { type: 'string' },
      regime: { type: 'string' },
    },
    help: [
      '--items           Art. 33(3) items this filing supplies, if any',
      '--reasons-for-delay  the Art. 33(1) reasons, when the notice was late',
      'a filing with neither gives the facts amended since the last filing (see "amend")',
      regimeHelp,
      actorHelp,
    ],
    positionals: caseArg,
    run: async (ctx) =>
      runAction(ctx, 'supplement', {
        reference: requireString(ctx, 'reference'),
        channel: requireString(ctx, 'channel'),
        items: list(optionalString(ctx, 'items')),
        reasonsForDelay: optionalString(ctx, 'reasons-for-delay'),
        filedAt: optionalString(ctx, 'filed-at'),
        contentSha256: await sha256OfFile(optionalString(ctx, 'content-file')),
        regime: optionalString(ctx, 'regime'),
      }),
  },
  {
    name: 'notify-subjects',
    summary: 'record the communication to the data subjects (Art. 34)',
    usage: 'notify-subjects <case-id> --count N --channel C [--sent-at T] [--group T]',
    options: {
      count: { type: 'string' },
      channel: { type: 'string' },
      'sent-at': { type: 'string' },
      group: { type: 'string' },
    },
    help: [
      '--count N         how many people this communication told',
      '--group T         which people, when they are told in groups (e.g. "customers DE")',
      actorHelp,
    ],
    positionals: caseArg,
    run: (ctx) =>
      runAction(ctx, 'notifySubjects', {
        count: integer(requireString(ctx, 'count'), 'count'),
        channel: requireString(ctx, 'channel'),
        sentAt: optionalString(ctx, 'sent-at'),
        group: optionalString(ctx, 'group'),
      }),
  },
  {
    name: 'exempt',
    summary: 'record an Art. 34(3) exemption with its evidence',
    usage:
      'exempt <case-id> --ground a|b|c --evidence T [--public-channel C --public-at T [--public-reference R]]',
    options: {
      ground: { type: 'string' },
      evidence: { type: 'string' },
      'public-channel': { type: 'string' },
      'public-at': { type: 'string' },
      'public-reference': { type: 'string' },
    },
    help: [
      '(a) unintelligible data, (b) high risk removed, (c) disproportionate effort: needs the public communication',
    ],
    positionals: caseArg,
    run: (ctx) => {
      const channel = optionalString(ctx, 'public-channel');
      const at = optionalString(ctx, 'public-at');
      return runAction(ctx, 'exempt', {
        ground: requireString(ctx, 'ground'),
        evidence: requireString(ctx, 'evidence'),
        publicCommunication:
          channel || at ? { channel, at, reference: optionalString(ctx, 'public-reference') } : undefined,
      });
    },
  },
  {
    name: 'vendor-reply',
    summary: "record a processor's answer; stops its reminder ladder",
    usage:
      'vendor-reply <case-id> --processor ID --summary T [--what-happened T] [--data-affected T] [--subjects-affected N] [--measures T] [--contact T] [--received-at T]',
    options: {
      processor: { type: 'string' },
      summary: { type: 'string' },
      'what-happened': { type: 'string' },
      'data-affected': { type: 'string' },
      'subjects-affected': { type: 'string' },
      measures: { type: 'string' },
      contact: { type: 'string' },
      'received-at': { type: 'string' },
    },
    positionals: caseArg,
    run: (ctx) =>
      runAction(ctx, 'vendorAnswer', {
        processorId: requireString(ctx, 'processor'),
        summary: requireString(ctx, 'summary'),
        whatHappened: optionalString(ctx, 'what-happened'),
        dataAffected: optionalString(ctx, 'data-affected'),
        subjectsAffected: integer(optionalString(ctx, 'subjects-affected'), 'subjects-affected'),
        measures: optionalString(ctx, 'measures'),
        contact: optionalString(ctx, 'contact'),
        receivedAt: optionalString(ctx, 'received-at'),
      }),
  },
  {
    name: 'set-awareness',
    summary: 'correct when the controller became aware; the deadlines move with it',
    usage: 'set-awareness <case-id> --aware-at T --reason T',
    options: { 'aware-at': { type: 'string' }, reason: { type: 'string' } },
    positionals: caseArg,
    run: (ctx) =>
      runAction(ctx, 'setAwareness', {
        awareAt: requireString(ctx, 'aware-at'),
        reason: requireString(ctx, 'reason'),
      }),
  },
  amendCommand,
  authorityDecisionCommand,
  holdCommand,
  releaseHoldCommand,
  {
    name: 'no-notification',
    summary: 'document that no notice is needed, with the rationale kept in the register',
    usage: 'no-notification <case-id> --rationale T',
    options: { rationale: { type: 'string' } },
    positionals: caseArg,
    run: (ctx) => runAction(ctx, 'noNotification', { rationale: requireString(ctx, 'rationale') }),
  },
  {
    name: 'close',
    summary: 'close the case (refused while a duty is open)',
    usage: 'close <case-id> [--note T]',
    options: { note: { type: 'string' } },
    positionals: caseArg,
    run: (ctx) => runAction(ctx, 'close', { note: optionalString(ctx, 'note') }),
  },
  reopenCommand,
  {
    name: 'notice',
    summary: 'print or write the Art. 33(3) authority notice, or with --subjects the Art. 34(2) letter',
    usage: 'notice <case-id> [--subjects] [--out FILE]',
    options: { subjects: { type: 'boolean' }, out: { type: 'string' } },
    positionals: caseArg,
    async run(ctx) {
      const caseId = caseIdArg(ctx);
      const documents = await queryCase(ctx, caseId, documentsQuery);
      const text = ctx.values.subjects ? documents.subjectsLetter : documents.authorityNotice;
      const out = optionalString(ctx, 'out');
      if (out) {
        await writeFile(out, text);
        const sha256 = createHash('sha256').update(text).digest('hex');
        emit(ctx, { file: out, sha256 }, `Wrote ${out} (SHA-256 ${sha256})`);
      } else {
        emit(ctx, { document: text }, text.trimEnd());
      }
    },
  },
  {
    name: 'register',
    summary: 'export the breach register (every breach, notified or not) from the database',
    usage: 'register export [--format csv|json] [--from T] [--to T] [--out FILE]',
    options: {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    },
    help: ['reads only the register database: it works after workflow histories are gone'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      if (ctx.positionals[0] !== 'export') throw new UsageError('register: the only subcommand is "export"');
      const format = optionalString(ctx, 'format') ?? (ctx.json ? 'json' : 'csv');
      if (!['csv', 'json'].includes(format)) throw new UsageError('--format: expected csv or json');
      const from = optionalString(ctx, 'from');
      const to = optionalString(ctx, 'to');
      for (const [flag, value] of [
        ['from', from],
        ['to', to],
      ] as const) {
        if (value !== undefined && !instant.safeParse(value).success) {
          throw new UsageError(`--${flag}: expected an ISO 8601 time with offset`);
        }
      }
      const db = openDatabase(ctx.config().database);
      try {
        await migrateToLatest(db);
        const rows = await createRegisterStore(db).list({
          ...(from ? { from: new Date(from).toISOString() } : {}),
          ...(to ? { to: new Date(to).toISOString() } : {}),
        });
        const text =
          format === 'json'
            ? JSON.stringify(
                rows.map((r) => r.entry),
                null,
                2,
              )
            : registerCsv(rows);
        const out = optionalString(ctx, 'out');
        if (out) {
          await writeFile(out, text);
          ctx.out(`Wrote ${rows.length} register entries to ${out}`);
        } else {
          ctx.out(text.trimEnd());
        }
      } finally {
        await db.destroy();
      }
    },
  },
  {
    name: 'schedule',
    summary: 'the daily digest schedule: install, pause, unpause, trigger now, list',
    usage:
      'schedule install|pause|unpause|trigger|list [--to a@x,b@y] [--at 08:00] [--digest-tz Europe/Berlin]',
    options: {
      to: { type: 'string' },
      at: { type: 'string' },
      'digest-tz': { type: 'string' },
      note: { type: 'string' },
    },
    help: [
      'install uses --to/--at/--digest-tz, else BREACH_CLOCK_DIGEST_TO/_AT/_TZ; running it again updates it',
      'pause and unpause take an optional --note, kept with the schedule',
    ],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const verb = ctx.positionals[0]!;
      if (!['install', 'pause', 'unpause', 'trigger', 'list'].includes(verb)) {
        throw new UsageError('schedule: expected install, pause, unpause, trigger or list');
      }
      const client = await ctx.client();
      const handle = client.schedule.getHandle(DIGEST_SCHEDULE_ID);
      const note = optionalString(ctx, 'note') ?? `by ${ctx.actor}`;
      const missing = (error: unknown): never => {
        if (error instanceof ScheduleNotFoundError) {
          throw new CliFailure(
            'No digest schedule is installed: run "breach schedule install --to <dpo address>".',
          );
        }
        throw error;
      };
      switch (verb) {
        case 'install': {
          const config = ctx.config();
          const to = list(optionalString(ctx, 'to')) ?? config.digest.to;
          if (!to.length)
            throw new UsageError('--to: the digest needs at least one recipient (or BREACH_CLOCK_DIGEST_TO)');
          for (const address of to) {
            if (!z.email().safeParse(address).success)
              throw new UsageError(`--to: "${address}" is not an e-mail address`);
          }
          const at = optionalString(ctx, 'at') ?? config.digest.at;
          if (!TIME_OF_DAY.test(at)) throw new UsageError('--at: expected HH:MM, e.g. 08:00');
          const timeZone = optionalString(ctx, 'digest-tz') ?? config.digest.timeZone;
          if (!validTimeZone(timeZone)) throw new UsageError(`--digest-tz: "${timeZone}" is not a time zone`);
          const outcome = await installDigestSchedule(client, {
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
          return;
        }
        case 'pause':
          await handle.pause(note).catch(missing);
          emit(ctx, { scheduleId: DIGEST_SCHEDULE_ID, paused: true }, 'Digest schedule paused.');
          return;
        case 'unpause':
          await handle.unpause(note).catch(missing);
          emit(ctx, { scheduleId: DIGEST_SCHEDULE_ID, paused: false }, 'Digest schedule running.');
          return;
        case 'trigger':
          await handle.trigger().catch(missing);
          emit(
            ctx,
            { scheduleId: DIGEST_SCHEDULE_ID, triggered: true },
            'Digest triggered; it will be mailed in a moment.',
          );
          return;
        default: {
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
      }
    },
  },
  {
    name: 'deadlines',
    summary: 'what-if: the clocks for a given awareness time, without opening a case',
    usage: 'deadlines --aware-at T [--reminders 24,48,60,70]',
    options: { 'aware-at': { type: 'string' }, reminders: { type: 'string' } },
    help: [
      'shows the alarm (awareness + 72 h), when the engine escalates, and the legal end of the period',
      '(Reg. 1182/71: it starts with the next full hour), against which a filing is judged',
    ],
    positionals: { min: 0, max: 0 },
    run(ctx) {
      const awareAt = requireString(ctx, 'aware-at');
      if (!instant.safeParse(awareAt).success) {
        throw new UsageError(
          '--aware-at: expected an ISO 8601 time with offset, e.g. 2026-11-28T09:30:00+01:00',
        );
      }
      const hours = list(optionalString(ctx, 'reminders'))?.map(Number);
      const file = sampleDeadlineFile(awareAt, hours);
      if (!file.success) throw new UsageError(`--reminders: ${file.problems}`);
      const now = Date.now();
      const state = initialState('what-if', file.file, new Date(now).toISOString());
      const status = caseStatus(state, now);
      const steps = plannedEffects(state).map((e) => ({ what: e.key, at: e.dueAt }));
      const human = [
        `Aware at ${formatInstant(status.awareAt, ctx.tz)}`,
        `Authority notice due ${formatInstant(status.authorityDueAt, ctx.tz)}: ${countdown(status.deadlines[0]!)}`,
        `  legal end of the period ${formatInstant(status.authorityLegalEndAt, ctx.tz)} (Reg. 1182/71 Art. 3); a filing is judged on time or late against it`,
        'Reminders and escalation:',
        ...steps.map((s) => `  ${formatInstant(s.at, ctx.tz)}  ${s.what}`),
      ].join('\n');
      emit(
        ctx,
        {
          awareAt: status.awareAt,
          authorityDueAt: status.authorityDueAt,
          authorityLegalEndAt: status.authorityLegalEndAt,
          deadline: status.deadlines[0],
          steps,
        },
        human,
      );
      return Promise.resolve();
    },
  },
  schemaCommand,
];
