/**
 * A case on the real dev server, for what the time-skipping server does not have: visibility queries by the
 * case search attributes, and the outbox mailer. One server per file; each test keeps to its own task queue
 * and case ID.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { CaseFileError, loadCaseFile } from '../../client/case-file-loader.js';
import { openCase } from '../../client/open-case.js';
import {
  assessUpdate,
  closeUpdate,
  documentsQuery,
  notifyAuthorityUpdate,
  stateQuery,
} from '../../contract/messages.js';
import { createOutboxMailer } from '../../infra/mail/outbox.js';
import type { breachCase } from '../../workflows/index.js';
import { createTestActivities } from '../helpers/activities.js';
import { sampleCaseInput } from '../helpers/case-files.js';
import { randomCaseId } from '../helpers/case-toolkit.js';
import { startDevServer } from '../helpers/servers.js';
import { createTestWorker } from '../helpers/worker.js';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startDevServer();
});

afterAll(async () => {
  await env?.teardown();
});

describe('a case on the real dev server', () => {
  it('opens once from a YAML file, writes .eml files to the outbox, and takes the DPO through to closure', async () => {
    const caseId = randomCaseId();
    const workflowId = `breach-case/${caseId}`;
    const taskQueue = `dev-server-${caseId}`;
    const dir = await mkdtemp(join(tmpdir(), 'case-'));
    const outbox = join(dir, 'outbox');
    const path = join(dir, 'case.yaml');
    await writeFile(
      path,
      stringify(
        sampleCaseInput({
          caseId,
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
    const worker = await createTestWorker(env, { taskQueue, activities: deps.activities });

    try {
      await worker.runUntil(async () => {
        const first = await openCase(env.client, taskQueue, file);
        expect(first).toMatchObject({ caseId, workflowId, existed: false });
        expect(first.status?.deadlines[0]?.remainingMs).toBeGreaterThan(71 * 3_600_000);
        const second = await openCase(env.client, taskQueue, file);
        expect(second.existed).toBe(true);
        expect(second.status?.caseId).toBe(caseId);

        // Visibility is eventually consistent: the case shows in a search by its attributes within moments.
        const listed = async () => {
          const ids: string[] = [];
          for await (const wf of env.client.workflow.list({
            query: `BreachCaseStatus = 'awaiting-assessment' AND BreachOverdue = false AND TaskQueue = '${taskQueue}'`,
          })) {
            ids.push(wf.workflowId);
          }
          return ids;
        };
        await expect.poll(listed, { timeout: 20_000, interval: 200 }).toEqual([workflowId]);

        const eml = await vi.waitFor(
          async () => {
            const names = await readdir(outbox).catch(() => []);
            const request = names.find((n) => n.includes('vendor.transcribe.request'));
            if (!request)
              throw new Error(`no vendor request in the outbox; it holds: ${names.join(', ') || 'nothing'}`);
            return request;
          },
          { timeout: 20_000, interval: 200 },
        );
        // Parsed, not searched: a long Message-ID header is folded onto a second line.
        const message = await simpleParser(await readFile(join(outbox, eml)));
        const handle = env.client.workflow.getHandle<typeof breachCase>(workflowId);
        const { breachId } = await handle.query(stateQuery);
        expect(message.messageId).toBe(
          `<${caseId}.vendor.transcribe.request.${breachId}@breach-clock.invalid>`,
        );
        expect(message.headers.get('to')).toMatchObject({ text: 'security@transcribe.test' });

        await handle.executeUpdate(assessUpdate, { args: [{ risk: 'risk', actor: 'Dana' }] });
        const filed = await handle.executeUpdate(notifyAuthorityUpdate, {
          args: [{ reference: 'LDA-2026-0042', channel: 'authority web form', actor: 'Dana' }],
        });
        expect(filed.phase).toBe('ready-to-close');
        const documents = await handle.query(documentsQuery);
        // A German authority: the notice and the letter are in German.
        expect(documents.authorityNotice).toContain(
          '# Meldung einer Verletzung des Schutzes personenbezogener Daten (Art. 33 DS-GVO)',
        );
        expect(documents.subjectsLetter).toContain(`Unser Zeichen: ${caseId}`);

        await handle.executeUpdate(closeUpdate, { args: [{ actor: 'Dana' }] });
        const entry = await handle.result();
        expect(entry.notices[0]).toMatchObject({ reference: 'LDA-2026-0042', kind: 'initial' });
        expect(entry.notices[0]?.contentSha256).toMatch(/^[a-f0-9]{64}$/);
        expect(entry.processors.transcribe?.steps[0]?.step).toBe('request');
      });
    } finally {
      await deps.db.destroy();
    }
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
