import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createTestActivities } from '../helpers/activities.js';
import { createOutboxMailer } from '../../infra/mail/mailer.js';
import { CaseFileError, loadCaseFile } from '../../client/case-file-loader.js';
import { openCase } from '../../client/open-case.js';
import { assessUpdate, closeUpdate, documentsQuery, notifyAuthorityUpdate } from '../../contract/messages.js';
import type { breachCase } from '../../workflows/index.js';
import { sampleCaseInput } from '../helpers/case-files.js';
import { startDevServer } from '../helpers/servers.js';
import { createTestWorker } from '../helpers/worker.js';

let env: TestWorkflowEnvironment;
let outbox: string;
const taskQueue = 'dev-server-cases';

beforeAll(async () => {
  env = await startDevServer();
  outbox = await mkdtemp(join(tmpdir(), 'outbox-'));
});

afterAll(async () => {
  await env?.teardown();
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a case on the real dev server', () => {
  it('opens once from a YAML file, writes .eml files to the outbox, and takes the DPO through to closure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'case-'));
    const path = join(dir, 'case.yaml');
    await writeFile(
      path,
      stringify(
        sampleCaseInput({
          caseId: 'BR-DEV-1',
          detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
          awareness: {
            awareAt: new Date().toISOString(),
            decidedBy: 'Dana',
            reason: 'Confirmed from the logs',
          },
          processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'security@transcribe.test' }],
        }),
      ),
    );
    const file = await loadCaseFile(path);
    const deps = await createTestActivities(createOutboxMailer(outbox, 'breach-clock <clock@example.test>'));
    const worker = await createTestWorker(env, {
      taskQueue,
      activities: deps.activities,
    });

    await worker.runUntil(async () => {
      const first = await openCase(env.client, taskQueue, file);
      expect(first).toMatchObject({ caseId: 'BR-DEV-1', workflowId: 'breach-case/BR-DEV-1', existed: false });
      expect(first.status?.deadlines[0]?.remainingMs).toBeGreaterThan(71 * 3_600_000);
      const second = await openCase(env.client, taskQueue, file);
      expect(second.existed).toBe(true);
      expect(second.status?.caseId).toBe('BR-DEV-1');

      const listed = await until(async () => {
        const ids: string[] = [];
        for await (const wf of env.client.workflow.list({
          query: `BreachCaseStatus = 'awaiting-assessment' AND BreachOverdue = false`,
        })) {
          ids.push(wf.workflowId);
        }
        return ids.length ? ids : undefined;
      }, 'the case to show in visibility');
      expect(listed).toEqual(['breach-case/BR-DEV-1']);

      const eml = await until(async () => {
        const names = await readdir(outbox);
        return names.find((n) => n.includes('vendor.transcribe.request'));
      }, 'the vendor request in the outbox');
      const message = await readFile(join(outbox, eml), 'utf8');
      expect(message).toContain('Message-ID: <BR-DEV-1.vendor.transcribe.request@breach-clock.invalid>');
      expect(message).toContain('To: security@transcribe.test');

      const handle = env.client.workflow.getHandle<typeof breachCase>('breach-case/BR-DEV-1');
      await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
      const filed = await handle.executeUpdate(notifyAuthorityUpdate, {
        args: [{ reference: 'LDA-2026-0042', channel: 'authority web form', actor: 'Dana' }],
      });
      expect(filed.phase).toBe('ready-to-close');
      const documents = await handle.query(documentsQuery);
      expect(documents.authorityNotice).toContain('# Personal data breach notification (GDPR Art. 33)');
      expect(documents.subjectsLetter).toContain('Reference: BR-DEV-1');

      await handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
      const entry = await handle.result();
      expect(entry.notices[0]).toMatchObject({ reference: 'LDA-2026-0042', kind: 'initial' });
      expect(entry.notices[0]?.contentSha256).toMatch(/^[a-f0-9]{64}$/);
      expect(entry.vendors.transcribe?.steps[0]?.step).toBe('request');
    });
  });

  it('refuses a bad case file with the path of every bad field, before anything starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bad-case-'));
    const path = join(dir, 'case.json');
    await writeFile(path, JSON.stringify({ ...sampleCaseInput(), detectedAt: 'yesterday', countries: [] }));
    const error = await loadCaseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseFileError);
    expect((error as CaseFileError).problems.map((p) => p.path)).toEqual(['detectedAt', 'countries']);
    await writeFile(path, '{ "controller": ');
    await expect(loadCaseFile(path)).rejects.toThrow(/not valid JSON or YAML/);
  });
});
