/**
 * The `breach` command as a DPO runs it, against a real dev server and a running worker, judged by its output
 * and exit code: in this process, and as the built binary (npm test builds first) where the process is what is
 * checked: help and exit codes as a shell sees them, and a one-line hint with nothing else on stderr.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleCaseInput } from '../helpers/case-files.js';
import { startCliEngine, type CliEngine } from '../helpers/cli-engine.js';
import type { InProcessOptions, Run, RunOptions } from '../helpers/run-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/mis-sent-access-export.yaml', import.meta.url));

let engine: CliEngine;
let dataDir: string;

function breach(args: string[], options: InProcessOptions = {}): Promise<Run> {
  return engine.breach(args, options);
}

function breachBinary(args: string[], options: RunOptions = {}): Promise<Run> {
  return engine.breachBinary(args, options);
}

beforeAll(async () => {
  engine = await startCliEngine('cli-tests');
  dataDir = engine.dataDir;
});

afterAll(async () => {
  await engine?.stop();
});

function expectUsageError(run: Run, ...fragments: string[]): void {
  expect(run.code).toBe(2);
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('breach, the command line', () => {
  it('explains itself, and refuses unknown commands and options with exit code 2', async () => {
    const help = await breachBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('notify-authority');
    expect((await breachBinary([])).code).toBe(2);
    expectUsageError(await breachBinary(['frobnicate']), 'unknown command "frobnicate"');
    expectUsageError(
      await breachBinary(['status', 'BR-1', '--colour']),
      'unknown option --colour; run "breach status --help" for its options',
    );
    const assessHelp = await breachBinary(['assess', '--help']);
    expect(assessHelp.code).toBe(0);
    expect(assessHelp.stdout).toContain('Usage: breach assess <case-id> --risk none|risk|high');
  });

  it('opens the example case once, prints its deadlines (and no link to a Web UI that is off), and says so when opened again', async () => {
    const first = await breach(['open', EXAMPLE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Opened case BR-2026-0042.');
    // The example has no awareAt: awareness is its detectedAt (2026-11-27 15:05 UTC), so the deadline is fixed
    // in time and, depending on when the suite runs, still ahead or already passed.
    expect(first.stdout).toMatch(
      /authority notice \(Art\. 33, 72 h from awareness\): 2026-11-30 15:05 UTC, (.+ left|OVERDUE by .+)/,
    );
    expect(first.stdout).toContain('Awareness taken as detectedAt, 2026-11-27 15:05 UTC');
    // The embedded server serves no Web UI by default: no link to a page that is not there.
    expect(first.stdout).not.toContain('Web UI');
    const again = await breach(['open', EXAMPLE, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ caseId: 'BR-2026-0042', existed: true });
  });

  it('rejects a bad case file naming each field, and starts nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-bad-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      stringify({ ...sampleCaseInput({ caseId: 'BR-BAD-1' }), detectedAt: 'friday', countries: [] }),
    );
    expectUsageError(
      await breach(['open', bad]),
      'detectedAt: expected an ISO 8601 time with offset',
      'countries',
    );
    expectUsageError(await breach(['open', join(dir, 'missing.yaml')]), '(file): no such file');
    const status = await breach(['status', 'BR-BAD-1']);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('No case BR-BAD-1');
  });

  it('opens a case from standard input', async () => {
    const run = await breach(['open', '-'], { input: stringify(sampleCaseInput({ caseId: 'BR-STDIN-1' })) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Opened case BR-STDIN-1.');
  });

  it('shows status with deadlines, pending actions, vendor silence and the timeline', async () => {
    const run = await breach(['status', 'BR-2026-0042', '--tz', 'Europe/Berlin']);
    expect(run.code).toBe(0);
    // Awareness is the example's detectedAt: once its 72 hours have passed, the case is overdue instead.
    expect(run.stdout).toMatch(/Case BR-2026-0042: (awaiting-assessment|authority-notice-overdue)/);
    expect(run.stdout).toMatch(/authority notice .*CET \(\d\d:\d\d UTC\)/);
    expect(run.stdout).toContain('assess: record the risk assessment (ENISA suggestion: high, high)');
    expect(run.stdout).toMatch(/transcribe \(Transcribe Services Ltd\): silent for [\d.]+ h/);
    expect(run.stdout).toContain('case opened');
    expectUsageError(await breach(['status', 'BR-2026-0042', '--tz', 'Mars/Olympus']), '--tz');
    expectUsageError(await breach(['status', 'dana@example.test']), '<case-id>');
  });

  it('lists cases from visibility with filters, newest first', async () => {
    let listed: Run | undefined;
    for (let i = 0; i < 50; i++) {
      listed = await breach(['list', '--status', 'open']);
      if (listed.stdout.includes('BR-2026-0042') && listed.stdout.includes('BR-STDIN-1')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed?.code).toBe(0);
    expect(listed?.stdout).toMatch(/CASE\s+PHASE\s+RISK\s+AUTHORITY DUE\s+COUNTDOWN/);
    expect(listed!.stdout.indexOf('BR-STDIN-1')).toBeLessThan(listed!.stdout.indexOf('BR-2026-0042'));
    const json = await breach(['list', '--due-within', '100h', '--json']);
    expect((JSON.parse(json.stdout) as { caseId: string }[]).map((r) => r.caseId)).toContain('BR-2026-0042');
    // BR-STDIN-1 has no awareAt: aware since its detectedAt, days ago, so overdue from the start.
    const overdue = await breach(['list', '--status', 'overdue']);
    expect(overdue.stdout).toMatch(/BR-STDIN-1 .*OVERDUE/);
    expect((await breach(['list', '--status', 'closed'])).stdout).toContain('No cases match.');
    expectUsageError(await breach(['list', '--status', 'pending']), '--status');
    expectUsageError(await breach(['list', '--due-within', 'soon']), '--due-within');
  });

  it('records each DPO action, refusing bad ones with the reason and no change', async () => {
    const id = 'BR-2026-0042';
    expectUsageError(await breach(['assess', id]), '--risk is required');
    expectUsageError(await breach(['assess', id, '--risk', 'severe']), '--risk');
    const none = await breach(['assess', id, '--risk', 'none']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Refused, nothing changed');
    expect(none.stderr).toContain('--rationale');
    expect((await breach(['assess', id, '--risk', 'high'])).code).toBe(0);

    const ghost = await breach(['processor-answer', id, '--processor', 'ghost', '--summary', 'x']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('--processor: not a processor of this case (known: transcribe)');
    const reply = await breach([
      'vendor-reply',
      id,
      '--processor',
      'transcribe',
      '--summary',
      'Export job joined the wrong customer ID',
      '--subjects-affected',
      '1',
    ]);
    expect(reply.code).toBe(0);
    expect(reply.stdout).toMatch(/transcribe \(Transcribe Services Ltd\): answered after/);

    expectUsageError(
      await breach(['set-awareness', id, '--aware-at', 'noon', '--reason', 'x']),
      '--aware-at',
    );
    const future = await breach([
      'notify-authority',
      id,
      '--reference',
      'X',
      '--channel',
      'portal',
      '--filed-at',
      '2099-01-01T00:00:00Z',
    ]);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('--filed-at: lies in the future');

    const dir = await mkdtemp(join(tmpdir(), 'cli-notice-'));
    const filed = join(dir, 'filed.pdf');
    await writeFile(filed, 'the notice as filed');
    // The example's clock runs from its detectedAt: after the legal end, the notice needs the reasons.
    const before = JSON.parse((await breach(['status', id, '--json'])).stdout) as {
      authorityLegalEndAt: string;
    };
    const late = Date.now() > Date.parse(before.authorityLegalEndAt) - 60_000;
    const notified = await breach([
      'notify-authority',
      id,
      '--reference',
      'BlnBDI-2026-0042',
      '--channel',
      'authority web form',
      '--content-file',
      filed,
      ...(late ? ['--reasons-for-delay', 'The test suite ran after the 72 hours of the example'] : []),
      '--json',
    ]);
    expect(notified.code).toBe(0);
    const afterNotice = JSON.parse(notified.stdout) as { phase: string };
    expect(afterNotice.phase).toBe('subjects-communication-due');

    const closing = await breach(['close', id]);
    expect(closing.code).toBe(1);
    expect(closing.stderr).toContain(
      '2 people are neither told nor covered by a complete Art. 34(3) exemption',
    );

    expectUsageError(
      await breach(['notify-subjects', id, '--count', 'one', '--channel', 'letter']),
      '--count',
    );
    expectUsageError(await breach(['exempt', id, '--ground', 'z', '--evidence', 'x']), '--ground');
    expect(
      (await breach(['notify-subjects', id, '--count', '2', '--channel', 'registered letter'])).code,
    ).toBe(0);
    expect(
      (
        await breach([
          'supplement',
          id,
          '--reference',
          'BlnBDI-2026-0042/2',
          '--channel',
          'portal',
          '--items',
          'c,d',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await breach([
          'set-awareness',
          id,
          '--aware-at',
          '2026-11-27T17:00:00+01:00',
          '--reason',
          'Logs read again',
        ])
      ).code,
    ).toBe(0);

    const letter = join(dir, 'letter.md');
    const written = await breach(['notice', id, '--subjects', '--out', letter]);
    expect(written.code).toBe(0);
    // Berlin's commissioner and the people told under it read German.
    expect(await readFile(letter, 'utf8')).toContain(
      '# Wichtige Information zum Schutz Ihrer personenbezogenen Daten',
    );
    const notice = await breach(['notice', id]);
    expect(notice.stdout).toContain(
      '# Meldung einer Verletzung des Schutzes personenbezogener Daten (Art. 33 DS-GVO)',
    );

    const closed = await breach(['close', id, '--note', 'All duties met']);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain('closed');
    const status = await breach(['status', id, '--json']);
    const record = JSON.parse(status.stdout) as { timeline: { event: string; actor: string }[] };
    // The name given (BREACH_ACTOR), with the account that ran the command beside it.
    const closedBy = record.timeline.find((t) => t.event === 'case closed');
    expect(closedBy?.actor).toMatch(/^Dana Example \[[^@\]]+@[^\]]+\]$/);
    const sha = createHash('sha256').update('the notice as filed').digest('hex');
    const csv = await breach(['register', 'export']);
    expect(csv.stdout).toContain(sha);
  });

  it('documents a no-notification decision', async () => {
    const rationale = 'Encrypted laptop, key never stored with it.';
    expectUsageError(await breach(['no-notification', 'BR-STDIN-1']), '--rationale is required');
    expect((await breach(['no-notification', 'BR-STDIN-1', '--rationale', rationale])).code).toBe(0);
    expect((await breach(['close', 'BR-STDIN-1'])).code).toBe(0);
  });

  it('exports the register from the database, as CSV or JSON, within a period', async () => {
    let csv: Run | undefined;
    for (let i = 0; i < 50; i++) {
      csv = await breach(['register', 'export', '--format', 'csv']);
      if (csv.stdout.includes('BR-STDIN-1,closed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(csv?.code).toBe(0);
    expect(csv?.stdout.split('\n')[0]).toMatch(/^case_id,status,risk,/);
    expect(csv?.stdout).toContain('BR-2026-0042,closed,high');
    expect(csv?.stdout).toContain('Encrypted laptop, key never stored with it.');
    const json = await breach(['register', 'export', '--format', 'json', '--from', '2000-01-01T00:00:00Z']);
    expect((JSON.parse(json.stdout) as { caseId: string }[]).map((e) => e.caseId)).toEqual(
      expect.arrayContaining(['BR-2026-0042', 'BR-STDIN-1']),
    );
    const none = await breach(['register', 'export', '--format', 'json', '--to', '2000-01-01T00:00:00Z']);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expectUsageError(await breach(['register', 'export', '--format', 'xml']), '--format');
    expectUsageError(await breach(['register', 'export', '--from', 'last year']), '--from');
    expectUsageError(await breach(['register', 'import']), 'export');
  });

  it('installs the daily digest schedule once, pauses, unpauses and triggers it, and the digest is mailed', async () => {
    const early = await breach(['schedule', 'trigger']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('No digest schedule is installed');
    expectUsageError(await breach(['schedule', 'install']), '--to');
    expectUsageError(
      await breach(['schedule', 'install', '--to', 'dpo@voice.example', '--at', '8am']),
      '--at',
    );
    expectUsageError(await breach(['schedule', 'reboot']), 'schedule: expected');

    const args = [
      'schedule',
      'install',
      '--to',
      'dpo@voice.example',
      '--at',
      '07:30',
      '--digest-tz',
      'Europe/Berlin',
    ];
    expect((await breach(args)).stdout).toContain('Digest schedule created: daily at 07:30 Europe/Berlin.');
    expect((await breach(args)).stdout).toContain('Digest schedule updated');
    const listed = JSON.parse((await breach(['schedule', 'list', '--json'])).stdout) as {
      scheduleId: string;
      next: string;
    }[];
    expect(listed.map((s) => s.scheduleId)).toEqual(['breach-clock-daily-digest']);
    expect(new Date(listed[0]!.next).toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin' })).toBe(
      '07:30:00',
    );

    expect((await breach(['schedule', 'pause', '--note', 'DPO on leave; deputy reads the list'])).code).toBe(
      0,
    );
    expect((await breach(['schedule', 'list'])).stdout).toMatch(
      /breach-clock-daily-digest\s+paused.*DPO on leave/,
    );
    expect((await breach(['schedule', 'unpause'])).code).toBe(0);
    expect((await breach(['schedule', 'trigger'])).code).toBe(0);

    const outbox = join(dataDir, 'outbox');
    let digest: string | undefined;
    for (let i = 0; i < 100 && !digest; i++) {
      const names = await readdir(outbox).catch(() => [] as string[]);
      const name = names.find((n) => n.startsWith('digest.'));
      // Sealed in the outbox: the DPO reads it with the CLI.
      if (name) digest = (await breach(['outbox', 'show', name])).stdout;
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(digest).toContain('To: dpo@voice.example');
    expect(digest).toContain('Subject: Breach digest:');
    expect(digest).toMatch(/Breach cases as of .*: \d+ open/);
  });

  it("reads the outbox: lists a case's mail, shows one message in clear, refuses a bad name", async () => {
    const opened = await breach(['open', '-'], {
      input: stringify(sampleCaseInput({ caseId: 'BR-OUTBOX-1' })),
    });
    expect(opened.code).toBe(0);
    let listed: { messageId: string; purpose: string; sealed: boolean; caseId: string }[] = [];
    for (let i = 0; i < 100 && !listed.some((m) => m.purpose === 'case-opened'); i++) {
      const run = await breach(['outbox', 'list', '--case', 'BR-OUTBOX-1', '--json']);
      expect(run.code).toBe(0);
      listed = JSON.parse(run.stdout) as typeof listed;
      if (!listed.some((m) => m.purpose === 'case-opened')) await new Promise((r) => setTimeout(r, 200));
    }
    const opening = listed.find((m) => m.purpose === 'case-opened');
    expect(opening).toMatchObject({ caseId: 'BR-OUTBOX-1', sealed: true });
    expect(listed.every((m) => m.caseId === 'BR-OUTBOX-1')).toBe(true);

    const table = await breach(['outbox', '--case', 'BR-OUTBOX-1']);
    expect(table.stdout).toMatch(/^WRITTEN FOR\s+CASE\s+PURPOSE\s+MESSAGE-ID/);
    expect(table.stdout).toContain(opening!.messageId);

    const shown = await breach(['outbox', 'show', opening!.messageId]);
    expect(shown.code).toBe(0);
    // Long headers are folded onto the next line (RFC 5322 section 2.2.3).
    const unfolded = shown.stdout.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toContain(`Message-ID: ${opening!.messageId}`);
    expect(unfolded).toMatch(/^Subject: .*BR-OUTBOX-1/m);
    const out = join(await mkdtemp(join(tmpdir(), 'outbox-show-')), 'opened.eml');
    expect((await breach(['outbox', 'show', opening!.messageId, '--out', out])).code).toBe(0);
    expect((await readFile(out, 'utf8')).trimEnd()).toBe(shown.stdout.trimEnd());

    expectUsageError(await breach(['outbox', 'show']), 'outbox show: name the message');
    expectUsageError(await breach(['outbox', 'list', 'x']), 'outbox list: takes no message');
    expectUsageError(await breach(['outbox', 'send']), 'expected list or show');
    const missing = await breach(['outbox', 'show', '<nothing@breach-clock.invalid>']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no message "<nothing@breach-clock.invalid>"');
    const empty = await breach(['outbox'], { env: { BREACH_CLOCK_DATA_DIR: join(dataDir, 'nowhere') } });
    expect(empty.stdout).toContain('No mail in');
  });

  it('computes what-if deadlines without a server', async () => {
    const run = await breach(
      ['deadlines', '--aware-at', '2026-11-28T09:30:00+01:00', '--tz', 'Europe/Berlin'],
      {
        env: { TEMPORAL_ADDRESS: '127.0.0.1:1' },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Authority notice (Art. 33, 72 h from awareness) due 2026-12-01 09:30 CET (08:30 UTC)',
    );
    expect(run.stdout).toContain('2026-11-29 09:30 CET (08:30 UTC)  authority-reminder-24h');
    expectUsageError(await breach(['deadlines']), '--aware-at is required');
    expectUsageError(await breach(['deadlines', '--aware-at', '2026-11-28T09:30:00']), '--aware-at');
  });

  it("computes the policy-target clocks with the organisation's BREACH_CLOCK_POLICY_TARGETS, and refuses a bad one", async () => {
    const args = ['deadlines', '--aware-at', '2026-11-28T09:30:00Z', '--regime', 'revfadp', '--tz', 'UTC'];
    const env = { TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const byDefault = await breach(args, { env });
    expect(byDefault.stdout).toMatch(/FDPIC.* due 2026-12-01 09:30 UTC/);
    const organisation = await breach(args, {
      env: { ...env, BREACH_CLOCK_POLICY_TARGETS: 'revfadp.notice=24' },
    });
    expect(organisation.code, organisation.stderr).toBe(0);
    expect(organisation.stdout).toMatch(/FDPIC.* due 2026-11-29 09:30 UTC/);
    expectUsageError(
      await breach(args, { env: { ...env, BREACH_CLOCK_POLICY_TARGETS: 'revfadp.notise=24' } }),
      'BREACH_CLOCK_POLICY_TARGETS: revfadp.notise',
    );
  });

  it('gives a one-line hint when the server cannot be reached, and names a bad setting', async () => {
    const run = await breachBinary(['status', 'BR-2026-0042'], { env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    // Said with the reason, as soon as the port refuses: the client's own retries would take its 5 s timeout.
    expect(run.stderr).toContain(
      'Cannot reach Temporal at 127.0.0.1:1 (connection refused). Start the engine with "npm start"',
    );
    // Through a proxy the address is the proxy's to reach: no refusal is claimed, the client's timeout decides.
    const proxied = await breach(['status', 'BR-2026-0042'], {
      env: { TEMPORAL_ADDRESS: '127.0.0.1:1', https_proxy: 'http://127.0.0.1:1' },
    });
    expect(proxied.code).toBe(1);
    expect(proxied.stderr).toContain('Cannot reach Temporal at 127.0.0.1:1. Start the engine');
    expectUsageError(
      await breach(['list'], { env: { BREACH_CLOCK_UI_PORT: 'eighty' } }),
      'BREACH_CLOCK_UI_PORT',
    );
  });
});
