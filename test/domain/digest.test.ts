/**
 * The daily digest's words for processors (domain/mail/digest.ts): asked and silent, or never reached because
 * the mail server refused the request, which the DPO must hear of as such.
 */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../domain/case-state.js';
import { digestCase, digestMail, type Digest } from '../../domain/mail/digest.js';
import { caseStatus } from '../../domain/status.js';
import { sampleCaseFile } from '../helpers/case-files.js';

const digest: Digest = {
  asOf: '2026-12-02T07:00:00.000Z',
  open: [
    {
      caseId: 'BR-2026-0042',
      phase: 'authority-notice-due',
      risk: 'high',
      authorityDueAt: '2026-12-03T15:05:00.000Z',
      remainingMs: 30 * 3_600_000,
      overdue: false,
      silentProcessors: [
        { processorId: 'transcribe', silentForHours: 0, refused: 'request' },
        { processorId: 'hosting', silentForHours: 20.5 },
      ],
    },
  ],
};

describe('the daily digest', () => {
  it('names a processor the mail server refused as not reached, and a silent one with its hours', () => {
    const mail = digestMail(digest, ['dpo@example.test'], 'digest-run-1');
    const lines = mail.text.split('\n');
    const section = lines.slice(
      lines.indexOf('Silent processors:') + 1,
      lines.indexOf('All open cases:') - 1,
    );
    expect(section).toEqual([
      '- BR-2026-0042: transcribe not reached: the mail server refused the request (breach status BR-2026-0042)',
      '- BR-2026-0042: hosting silent for 20.5 h',
    ]);
    expect(mail.subject).toContain('2 silent processors');
  });

  it("lists a processor whose request the mail server refused among a case's silent processors", () => {
    const aware = '2026-12-01T10:00:00.000Z';
    const state = initialState(
      'BR-DIGEST-1',
      sampleCaseFile({
        awareness: { awareAt: aware, decidedBy: 'Dana', reason: 'Confirmed' },
        processors: [{ id: 'transcribe', name: 'Transcribe Ltd', contact: 'sec@transcribe.test' }],
      }),
      aware,
    );
    const chase = state.processors.transcribe!;
    chase.chaseStartedAt = aware;
    chase.chasedFrom = aware;
    chase.steps.push({ step: 'request', at: aware, undelivered: 'SMTP server refused the message (550)' });
    const shown = digestCase('BR-DIGEST-1', caseStatus(state, Date.parse(aware) + 3_600_000));
    expect(shown.silentProcessors).toEqual([
      { processorId: 'transcribe', silentForHours: 0, refused: 'request' },
    ]);
  });
});
