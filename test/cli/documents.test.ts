/**
 * Evidence that matches: what `breach notice --out` writes is what the register records when it is filed with
 * --content-file, byte for byte, for the notice and for the letter, in Markdown and PDF; rendering again with
 * the same date gives the same bytes; and a filing without a file records the notice the case rendered for it.
 * `breach` runs in the test process, but for a second rendering and the letter, run as the built binary: the same
 * bytes from another process, and nothing on stderr from the PDF library.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleCaseInput } from '../helpers/case-files.js';
import { startCliEngine, type CliEngine } from '../helpers/cli-engine.js';

let engine: CliEngine;

beforeAll(async () => {
  engine = await startCliEngine('cli-documents');
});

afterAll(async () => {
  await engine?.stop();
});

async function ok(args: string[], binary = false): Promise<string> {
  const run = await (binary ? engine.breachBinary(args) : engine.breach(args));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

interface Entry {
  caseId: string;
  notices: { reference: string; contentSha256: string; factsVersion: number }[];
  subjectsCommunications: { contentSha256: string; factsVersion: number }[];
}

describe('documents as filed', () => {
  it('record the SHA-256 of exactly the bytes written, and render alike for the same date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-documents-'));
    const id = 'BR-DOC-1';
    const caseFile = join(dir, 'case.yaml');
    const detectedAt = new Date(Date.now() - 3_600_000).toISOString();
    await writeFile(caseFile, stringify(sampleCaseInput({ caseId: id, detectedAt })));
    await ok(['open', caseFile]);
    await ok(['assess', id, '--risk', 'high', '--override-reason', 'Recordings from inside the home']);

    const filedAt = new Date(Date.now() - 60_000).toISOString();
    const notice = join(dir, 'notice.md');
    const printed = JSON.parse(await ok(['notice', id, '--dated', filedAt, '--out', notice, '--json'])) as {
      sha256: string;
    };
    expect(printed.sha256).toBe(await sha256(notice));
    const again = join(dir, 'again.md');
    await ok(['notice', id, '--dated', filedAt, '--out', again], true);
    expect(await readFile(again)).toEqual(await readFile(notice));

    await ok([
      'notify-authority',
      id,
      '--reference',
      'A-1',
      '--channel',
      'web form',
      '--filed-at',
      filedAt,
      '--content-file',
      notice,
    ]);

    // A supplement without a file records the notice as `breach notice --dated` renders it before filing.
    const suppliedAt = new Date(Date.now() - 30_000).toISOString();
    const expected = join(dir, 'supplement.md');
    await ok(['notice', id, '--dated', suppliedAt, '--out', expected]);
    await ok(['amend', id, '--records', '1800', '--reason', 'Recount']);
    const changed = join(dir, 'changed.md');
    await ok(['notice', id, '--dated', suppliedAt, '--out', changed]);
    await ok(['supplement', id, '--reference', 'A-1/2', '--channel', 'portal', '--filed-at', suppliedAt]);

    const letter = join(dir, 'letter.pdf');
    await ok(['notice', id, '--subjects', '--dated', suppliedAt, '--out', letter], true);
    expect((await readFile(letter)).subarray(0, 5).toString()).toBe('%PDF-');
    await ok([
      'notify-subjects',
      id,
      '--count',
      '1',
      '--channel',
      'letter',
      '--sent-at',
      suppliedAt,
      '--content-file',
      letter,
    ]);

    // The register row is written just after the update that changed the case: wait for the letter's write.
    const exported = async () =>
      (JSON.parse(await ok(['register', 'export', '--format', 'json'])) as Entry[]).find(
        (e) => e.caseId === id,
      );
    await expect
      .poll(async () => (await exported())?.subjectsCommunications.length, { timeout: 20_000 })
      .toBe(1);
    const entry = (await exported())!;
    expect(entry.notices.map((n) => [n.reference, n.contentSha256, n.factsVersion])).toEqual([
      ['A-1', await sha256(notice), 1],
      ['A-1/2', await sha256(changed), 2],
    ]);
    expect(await sha256(changed)).not.toBe(await sha256(expected));
    expect(entry.subjectsCommunications).toMatchObject([
      { contentSha256: await sha256(letter), factsVersion: 2 },
    ]);
  });
});
