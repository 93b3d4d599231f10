/**
 * Corrections as a DPO makes them with `breach` (run in the test process) against a real dev server and worker:
 * amended facts, a closed case and its reopening, a case file opened again, awareness taken from detection, the
 * Art. 34 hold and the authority's decision. One server and one worker for the file; every case has its own ID.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatInstant } from '../../client/format.js';
import type { CaseFileInput } from '../../domain/case-file.js';
import { stateQuery } from '../../contract/messages.js';
import type { CaseStatus } from '../../domain/status.js';
import { HOUR_MS } from '../../domain/time.js';
import { sampleCaseInput } from '../helpers/case-files.js';
import { startCliEngine, type CliEngine } from '../helpers/cli-engine.js';
import { breachInProcess, type InProcessOptions, type Run } from '../helpers/run-cli.js';

let engine: CliEngine;
let dir: string;

beforeAll(async () => {
  engine = await startCliEngine('cli-corrections');
  dir = await mkdtemp(join(tmpdir(), 'cli-corrections-'));
});

afterAll(async () => {
  await engine?.stop();
});

function breach(args: string[], options: InProcessOptions = {}): Promise<Run> {
  return engine.breach(args, options);
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();

/** A case aware an hour ago (detected two hours ago), unless the overrides say otherwise. */
function caseInput(caseId: string, overrides: Partial<CaseFileInput> = {}): CaseFileInput {
  return sampleCaseInput({
    caseId,
    detectedAt: hoursAgo(2),
    awareness: { awareAt: hoursAgo(1), decidedBy: 'Dana Example', reason: 'The recipient reported it.' },
    ...overrides,
  });
}

async function writeYaml(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, stringify(content));
  return path;
}

async function open(caseId: string, overrides: Partial<CaseFileInput> = {}): Promise<void> {
  const run = await breach(['open', '-'], { input: stringify(caseInput(caseId, overrides)) });
  expect(run.code, run.stderr).toBe(0);
}

function ok(run: Run): Run {
  expect(run.code, run.stderr).toBe(0);
  return run;
}

function refused(run: Run, code: 1 | 2, ...fragments: string[]): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(code);
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

async function status(caseId: string): Promise<CaseStatus> {
  return JSON.parse(ok(await breach(['status', caseId, '--json'])).stdout) as CaseStatus;
}

const stateOf = (caseId: string) =>
  engine.env.client.workflow.getHandle(`breach-case/${caseId}`).query(stateQuery);

describe('breach corrections', () => {
  it('amends the facts from a file and from options, each a new version; a misspelt fact is refused by its path', async () => {
    const id = 'BR-AMEND-1';
    await open(id);
    const before = (await stateOf(id)).caseFile;

    const file = await writeYaml('amend-1.yaml', {
      dataSubjects: { approximate: 3 },
      measuresProposed: ['Check every export against its requester'],
    });
    ok(await breach(['amend', id, file, '--reason', 'Logs read again']));
    expect((await status(id)).facts.version).toBe(2);

    const flags = await breach([
      'amend',
      id,
      '--reason',
      'Second count',
      '--records',
      '2000',
      '--add-measure-taken',
      'Export job disabled',
      '--add-measure-taken',
      'Recipient called',
      '--add-consequence',
      'Distress of the customer',
      '--json',
    ]);
    const amended = JSON.parse(ok(flags).stdout) as CaseStatus;
    expect(amended.facts.version).toBe(3);
    expect(amended.facts.versions.at(-1)?.changed).toEqual([
      'likelyConsequences',
      'measuresTaken',
      'records.approximate',
    ]);
    const facts = (await stateOf(id)).caseFile;
    // --add-* append to the lists as they were, and the file's changes stay.
    expect(facts.measuresTaken).toEqual([...before.measuresTaken, 'Export job disabled', 'Recipient called']);
    expect(facts.likelyConsequences).toEqual([...before.likelyConsequences, 'Distress of the customer']);
    expect(facts.dataSubjects.approximate).toBe(3);
    expect(facts.records.approximate).toBe(2000);

    const typo = await writeYaml('amend-typo.yaml', { dataSubjects: { aproximate: 5 } });
    const misspelt = await breach(['amend', id, typo, '--reason', 'Typo']);
    refused(
      misspelt,
      1,
      'Refused, nothing changed',
      'facts.dataSubjects.aproximate: unknown key; did you mean "approximate"?',
    );
    expect(misspelt.stderr).not.toContain('--facts');

    refused(await breach(['amend', id, '--reason', 'Nothing']), 2, 'name at least one fact to change');
    refused(
      await breach(['amend', id, '-', '--reason', 'Nothing'], { input: '{}' }),
      2,
      'name at least one fact',
    );
    refused(
      await breach(['amend', id, '-', '--reason', 'Broken'], { input: 'records: [1\n' }),
      2,
      'standard input is not a valid file of facts',
      'at line 2, column 1',
    );
    refused(await breach(['amend', id, '--records', '10']), 2, '--reason is required');
    refused(await breach(['amend', id, '--reason', 'x', '--records', 'many']), 2, '--records');
    expect((await status(id)).facts.version).toBe(3);
  });

  it('says a closed case is closed and how to reopen it; reopened, it takes actions again', async () => {
    const id = 'BR-CLOSE-1';
    await open(id);
    ok(
      await breach([
        'assess',
        id,
        '--risk',
        'none',
        '--rationale',
        'Encrypted',
        '--override-reason',
        'Encrypted',
      ]),
    );
    ok(await breach(['close', id]));
    const handle = engine.env.client.workflow.getHandle(`breach-case/${id}`);
    await expect
      .poll(async () => (await handle.describe()).status.name, { timeout: 20_000 })
      .toBe('COMPLETED');

    const late = await breach(['assess', id, '--risk', 'high']);
    refused(late, 1);
    expect(late.stderr).toMatch(
      /Case BR-CLOSE-1 is closed \(at 20\d\d-\d\d-\d\d \d\d:\d\d UTC\)\. To continue it: breach reopen BR-CLOSE-1 --reason "\.\.\."/,
    );
    expect(late.stderr).not.toContain('No case');
    refused(
      await breach(['amend', id, '--description', 'More', '--reason', 'x']),
      1,
      'breach reopen BR-CLOSE-1',
    );

    refused(await breach(['reopen', id]), 2, '--reason is required');
    const reopened = ok(await breach(['reopen', id, '--reason', 'The key was on a sticker']));
    expect(reopened.stdout).toContain('Reopened case BR-CLOSE-1');
    expect(reopened.stdout).not.toContain('Case BR-CLOSE-1: closed');
    const after = await status(id);
    expect(after.phase).not.toBe('closed');
    expect(after.timeline.map((t) => t.event)).toEqual(
      expect.arrayContaining(['case opened', 'case closed', 'case reopened']),
    );
    const assessed = JSON.parse(
      ok(
        await breach([
          'assess',
          id,
          '--risk',
          'risk',
          '--override-reason',
          'The key was on a sticker',
          '--json',
        ]),
      ).stdout,
    ) as CaseStatus;
    expect(assessed.risk).toBe('risk');

    refused(await breach(['reopen', id, '--reason', 'Again']), 1, 'Case BR-CLOSE-1 is not closed');
    refused(await breach(['reopen', 'BR-NEVER-1', '--reason', 'x']), 1, 'no history of it', 'retention');
    refused(await breach(['close', 'BR-NEVER-1']), 1, 'No case BR-NEVER-1 on this server.');
  });

  it('opening a file again: the same facts find the case, changed facts are refused by field and pointed at amend', async () => {
    const id = 'BR-SAME-1';
    const input = caseInput(id);
    const first = await writeYaml('same-1.yaml', input);
    expect(ok(await breach(['open', first])).stdout).toContain(`Opened case ${id}.`);
    expect(ok(await breach(['open', first])).stdout).toContain(
      `Case ${id} already exists; nothing new was started.`,
    );

    const secret = 'Also the recordings of a neighbour';
    const changed = await writeYaml('same-1-changed.yaml', {
      ...input,
      description: secret,
      records: { approximate: 2500 },
    });
    const differing = await breach(['open', changed]);
    refused(
      differing,
      1,
      `Case ${id} already exists with other facts; nothing was started or changed.`,
      'description, records.approximate',
      `breach amend ${id} ${changed} --reason`,
    );
    expect(differing.stderr).not.toContain(secret);
    expect(differing.stderr).not.toContain('2500');

    const reAware = await writeYaml('same-1-aware.yaml', {
      ...input,
      awareness: { ...input.awareness, awareAt: hoursAgo(0.5) },
    });
    refused(
      await breach(['open', reAware]),
      1,
      'differs from its current facts in: awareness.awareAt.',
      `breach set-awareness ${id} --aware-at T --reason R`,
    );

    // The changed file itself amends the case: only what differs is sent.
    ok(await breach(['amend', id, changed, '--reason', 'Counted again']));
    expect((await status(id)).facts.version).toBe(2);
    expect(ok(await breach(['open', changed])).stdout).toContain('already exists; nothing new was started');
    const original = ok(await breach(['open', first]));
    expect(original.stdout).toContain('already exists; nothing new was started');
    expect(original.stdout).toContain('amended since (now version 2)');
    expect(original.stdout).not.toContain('Awareness taken as detectedAt');
  });

  it('says awareness was taken as detectedAt when the file has no awareAt, and warns of a late processor window', async () => {
    const id = 'BR-AWARE-1';
    const detectedAt = hoursAgo(3);
    const run = ok(
      await breach(['open', '-'], {
        input: stringify(
          caseInput(id, {
            detectedAt,
            awareness: { decidedBy: 'Dana Example', reason: 'Support forwarded the report.' },
            processors: [
              {
                id: 'slow-vendor',
                name: 'Slow Vendor Ltd',
                contact: 'security@slow.example',
                noticeWindowHours: 96,
              },
            ],
          }),
        ),
      }),
    );
    const lines = run.stdout.split('\n');
    const awareness = lines.filter((l) => l.includes('Awareness taken as detectedAt'));
    expect(awareness).toHaveLength(1);
    expect(awareness[0]).toContain(`Awareness taken as detectedAt, ${formatInstant(detectedAt, 'UTC')}`);
    expect(awareness[0]).toContain('the earliest the facts allow');
    expect(awareness[0]).toContain(`breach set-awareness ${id} --aware-at T --reason R`);
    expect(run.stdout).toMatch(/Warning: processor "slow-vendor" has 96 h by contract/);
    expect((await status(id)).awareAt).toBe(detectedAt);
  });

  it("records the authority's Art. 34(4) decision, a hold and its release, and group communications", async () => {
    const id = 'BR-ART34-1';
    await open(id, { dataSubjects: { approximate: 3, categories: ['customers'] } });
    refused(
      await breach([
        'hold',
        id,
        '--authority',
        'Prosecutor',
        '--reference',
        'StA-1',
        '--reason',
        'x',
        '--review-at',
        hoursAgo(-24 * 7),
      ]),
      1,
      'case: no communication to the data subjects is required',
    );
    refused(
      await breach(['authority-decision', id, '--decision', 'exemption-applies', '--reference', 'A-1']),
      1,
      '--ground: name the Art. 34(3) ground',
    );
    refused(
      await breach(['authority-decision', id, '--decision', 'maybe', '--reference', 'A-1']),
      2,
      '--decision',
    );
    const ordered = JSON.parse(
      ok(
        await breach([
          'authority-decision',
          id,
          '--decision',
          'require-communication',
          '--reference',
          'BlnBDI-34-1',
          '--note',
          'By letter',
          '--json',
        ]),
      ).stdout,
    ) as CaseStatus;
    expect(ordered.subjects.basis).toBe('authority-order');
    refused(
      await breach(['notify-authority', id, '--reference', 'X', '--channel', 'portal', '--regime', 'mars']),
      2,
      '--regime',
    );
    ok(await breach(['notify-authority', id, '--reference', 'BlnBDI-33-1', '--channel', 'portal']));

    refused(
      await breach([
        'hold',
        id,
        '--authority',
        'Prosecutor',
        '--reference',
        'StA-1',
        '--reason',
        'x',
        '--review-at',
        'next week',
      ]),
      2,
      '--review-at',
    );
    const held = JSON.parse(
      ok(
        await breach([
          'hold',
          id,
          '--authority',
          'Public prosecutor Berlin',
          '--reference',
          'StA-1',
          '--reason',
          'Telling them would warn the suspect',
          '--review-at',
          hoursAgo(-24 * 7),
          '--json',
        ]),
      ).stdout,
    ) as CaseStatus;
    expect(held.phase).toBe('subjects-communication-held');
    expect(held.subjects.hold?.reference).toBe('StA-1');

    const released = JSON.parse(
      ok(await breach(['release-hold', id, '--note', 'The prosecutor agreed', '--json'])).stdout,
    ) as CaseStatus;
    expect(released.phase).toBe('subjects-communication-due');
    refused(await breach(['release-hold', id]), 1, 'case: no hold is in force');

    const told = JSON.parse(
      ok(
        await breach([
          'notify-subjects',
          id,
          '--count',
          '2',
          '--channel',
          'letter',
          '--group',
          'customers DE',
          '--json',
        ]),
      ).stdout,
    ) as CaseStatus;
    expect(told.subjects).toMatchObject({ told: 2, remaining: 1 });
    expect(told.timeline.at(-1)?.detail).toContain('2 (customers DE) via letter');

    // A supplement that only gives reasons for a delay names no item.
    ok(
      await breach([
        'supplement',
        id,
        '--reference',
        'BlnBDI-33-1/2',
        '--channel',
        'portal',
        '--reasons-for-delay',
        'Logs came late',
      ]),
    );
    const events = (await status(id)).timeline.map((t) => t.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'authority required the communication to the data subjects (Art. 34(4))',
        'communication to the data subjects on hold (Recitals 86/88)',
        'hold on the communication released',
        'supplementary information filed',
      ]),
    );
  });

  it('opening a file again says so when the case cannot be asked to compare its facts', async () => {
    // Started on a task queue no worker polls: the case exists but cannot answer. The server says no worker
    // polls its queue, so each command says so at once instead of waiting out its deadline.
    const env = { BREACH_CLOCK_TASK_QUEUE: 'no-worker-polls-this' };
    const input = stringify(caseInput('BR-NOWORKER-1'));
    ok(await breach(['open', '-'], { input, env }));
    refused(
      await breach(['open', '-'], { input, env }),
      1,
      'Case BR-NOWORKER-1 already exists, but its facts could not be compared with the file: the case did not ' +
        'answer (no worker polls task queue no-worker-polls-this). Is the worker running? Nothing was started.',
    );
    refused(
      await breach(['status', 'BR-NOWORKER-1'], { env }),
      1,
      'Case BR-NOWORKER-1 did not answer (no worker polls task queue no-worker-polls-this). Is the worker running?',
    );
  });

  it('what-if deadlines show the legal end of the period beside the alarm', async () => {
    const run = await breachInProcess(['deadlines', '--aware-at', '2026-11-28T09:30:00+01:00']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Authority notice (Art. 33, 72 h from awareness) due 2026-12-01 08:30 UTC');
    expect(run.stdout).toContain('legal end of the period 2026-12-01 09:00 UTC; a filing is judged');
    const json = await breachInProcess(['deadlines', '--aware-at', '2026-11-28T09:30:00+01:00', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      authorityDueAt: '2026-12-01T08:30:00.000Z',
      authorityLegalEndAt: '2026-12-01T09:00:00.000Z',
    });
  });
});
