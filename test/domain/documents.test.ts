/**
 * The documents as an authority and a person read them, checked against golden files (test/domain/golden/):
 * the notice per form and language, initial and follow-up, and the letter per language, in Markdown and HTML.
 * Set BREACH_CLOCK_TEST_UPDATE_GOLDEN=1 to rewrite them after a deliberate change, and read the diff.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState, type CaseState } from '../../domain/case-state.js';
import {
  documentModel,
  FORM_IDS,
  LANGUAGES,
  renderAuthorityNotice,
  renderModel,
  renderSubjectsLetter,
  type DocumentRequest,
} from '../../domain/documents.js';
import { CATALOGUES } from '../../domain/documents/languages.js';
import { act } from '../helpers/domain.js';
import { sampleCaseFile } from '../helpers/case-files.js';

const OPENED = '2026-11-21T10:00:00Z';
const at = (hours: number) => Date.parse(OPENED) + hours * 3_600_000;
const iso = (hours: number) => new Date(at(hours)).toISOString();

/** A case with every fact the forms ask for. */
function fullCase(): CaseState {
  const state = initialState(
    'BR-GOLD-1',
    sampleCaseFile({
      controller: {
        name: 'Example Voice Assistant GmbH',
        dpo: { name: 'Dana Example', email: 'dpo@example.test', phone: '+49 30 1234567' },
        address: 'Beispielstraße 1, 10115 Berlin',
        registration: 'HRB 123456 B, Amtsgericht Charlottenburg',
      },
      occurredAt: '2026-11-19T21:30:00Z',
      dataSubjects: { approximate: 2, categories: ['people speaking near the device'], kinds: ['customers'] },
      measuresProposed: ['Automated check that every file in an export belongs to the requesting customer.'],
      breach: {
        types: ['confidentiality'],
        cause: 'mis-sent',
        causeDetail: 'The export job joined the wrong customer ID.',
        discoveredBy: 'data-subject',
        howDiscovered: 'The recipient reported the files to our support team.',
        endedAt: '2026-11-20T09:30:00Z',
      },
      safeguards: { encryption: 'in-transit', pseudonymised: false, other: ['Exports expire after 7 days.'] },
      reporter: { name: 'Rita Reporter', role: 'Privacy counsel', email: 'rita@example.test' },
      othersInformed: [],
      riskReasoning: 'Recordings from inside the home reveal intimate life; the recipient is a stranger.',
      letter: {
        summary:
          'When another customer asked for a copy of his data, he was sent recordings of your voice assistant by mistake.',
        advice: ['Tell us if anyone contacts you about recordings from your home.'],
        helpLine: '+49 30 1234 0000 (Mon-Fri 9-18)',
      },
      dataCategories: [{ name: 'Voice recordings from the home', kind: 'behavioural' }],
    }),
    OPENED,
  );
  act(state, 'assess', { risk: 'high', overrideReason: 'Recordings from the home', actor: 'Dana' }, at(1));
  return state;
}

async function golden(name: string, text: string): Promise<void> {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.BREACH_CLOCK_TEST_UPDATE_GOLDEN) await writeFile(file, text);
  expect(text).toBe(await readFile(file, 'utf8'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the notice to the authority', () => {
  for (const form of FORM_IDS) {
    for (const language of LANGUAGES) {
      it(`follows the ${form} form in ${language}`, async () => {
        const text = renderAuthorityNotice(fullCase(), { dated: iso(5), form, language });
        await golden(`notice-${form}-${language}.md`, text);
      });
    }
  }

  it("is written in the authority's language by its form: Berlin German, the Irish DPC English", () => {
    const berlin = documentModel(fullCase(), { kind: 'authority-notice' });
    expect([berlin.language, berlin.form]).toEqual(['de', 'dsk']);
    const dublin = fullCase();
    dublin.caseFile = {
      ...dublin.caseFile,
      leadAuthority: { name: 'Data Protection Commission', country: 'IE' },
    };
    const irish = documentModel(dublin, { kind: 'authority-notice' });
    expect([irish.language, irish.form]).toEqual(['en', 'dpc']);
  });

  it('as a follow-up names the earlier filing and what changed', async () => {
    const state = fullCase();
    act(state, 'notifyAuthority', { reference: 'BlnBDI-7', channel: 'web form', actor: 'Dana' }, at(5));
    act(
      state,
      'amend',
      { facts: { records: { approximate: 1800 } }, reason: 'Recount', actor: 'Dana' },
      at(6),
    );
    await golden('notice-follow-up-dsk-de.md', renderAuthorityNotice(state, { dated: iso(7) }));
  });

  it('names what the facts do not say yet', () => {
    const bare = initialState('BR-BARE-1', sampleCaseFile(), OPENED);
    const text = renderAuthorityNotice(bare, { language: 'en', form: 'dpc' });
    const stillToSupply = text.slice(text.indexOf('## Still to be supplied'));
    for (const label of [
      'Cause',
      'Type of breach',
      'How it was discovered',
      'Breach ended',
      'Risk assessment',
    ]) {
      expect(stillToSupply).toContain(`- ${label}`);
    }
  });

  it('is the same text whenever it is rendered: no instant but the date given', () => {
    vi.useFakeTimers({ now: at(2) });
    try {
      const early = renderAuthorityNotice(fullCase(), { dated: iso(5) });
      const undatedEarly = renderAuthorityNotice(fullCase());
      vi.setSystemTime(at(90));
      expect(renderAuthorityNotice(fullCase(), { dated: iso(5) })).toBe(early);
      expect(renderAuthorityNotice(fullCase())).toBe(undatedEarly);
      expect(early).not.toMatch(/\d{2}:\d{2}:\d{2}|\.\d{3}Z/);
    } finally {
      // A test process runs other files after this one: they get the real clock back.
      vi.useRealTimers();
    }
  });

  it('is what a filing without a file of its own records the hash of', async () => {
    const state = fullCase();
    const { sha256Hex } = await import('../../domain/sha256.js');
    const expected = sha256Hex(renderAuthorityNotice(state, { dated: iso(5) }));
    act(
      state,
      'notifyAuthority',
      { reference: 'A-1', channel: 'portal', filedAt: iso(5), actor: 'Dana' },
      at(6),
    );
    expect(state.notices[0]?.contentSha256).toBe(expected);
  });
});

describe('the letter to the people affected', () => {
  for (const language of LANGUAGES) {
    it(`is written for the reader in ${language}`, async () => {
      await golden(`letter-${language}.md`, renderSubjectsLetter(fullCase(), { dated: iso(30), language }));
    });
  }

  it('keeps the text written for the authority out, and what will be done apart from what was done', () => {
    const letter = renderSubjectsLetter(fullCase(), { language: 'en' });
    expect(letter).not.toContain(fullCase().caseFile.description);
    const done = letter.slice(letter.indexOf('## What we have done'), letter.indexOf('## What we will do'));
    expect(done).not.toContain('Automated check');
    expect(letter.slice(letter.indexOf('## What we will do'))).toContain('Automated check');
  });

  it("is written in its group's language", () => {
    const state = fullCase();
    state.caseFile = {
      ...state.caseFile,
      dataSubjects: { ...state.caseFile.dataSubjects, groups: [{ name: 'customers IE', language: 'en' }] },
    };
    expect(documentModel(state, { kind: 'subjects-letter', group: 'customers IE' }).language).toBe('en');
    expect(documentModel(state, { kind: 'subjects-letter' }).language).toBe('de');
  });

  it('records the hash and facts version of the letter sent', () => {
    const state = fullCase();
    const request: DocumentRequest = { kind: 'subjects-letter', dated: iso(30) };
    const expected = renderModel(documentModel(state, request), 'markdown');
    act(state, 'notifySubjects', { count: 2, channel: 'letter', sentAt: iso(30), actor: 'Dana' }, at(31));
    return import('../../domain/sha256.js').then(({ sha256Hex }) => {
      expect(state.subjectsCommunications[0]).toMatchObject({
        contentSha256: sha256Hex(expected),
        factsVersion: 1,
      });
    });
  });
});

describe('HTML', () => {
  it('writes the same documents as one page', async () => {
    await golden(
      'notice-dsk-de.html',
      renderModel(documentModel(fullCase(), { kind: 'authority-notice', dated: iso(5) }), 'html'),
    );
    await golden(
      'letter-de.html',
      renderModel(documentModel(fullCase(), { kind: 'subjects-letter', dated: iso(30) }), 'html'),
    );
  });
});

describe('the catalogues', () => {
  function keys(value: object, prefix = ''): string[] {
    return Object.entries(value).flatMap(([k, v]) =>
      typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
    );
  }
  it('have every message in every language, and no message left untranslated by accident', () => {
    const english = keys(CATALOGUES.en).sort();
    for (const language of LANGUAGES) expect(keys(CATALOGUES[language]).sort()).toEqual(english);
  });
});
