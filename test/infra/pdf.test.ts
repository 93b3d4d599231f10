/** The PDF: its text read back is the document's, the same document gives the same bytes, and nothing is lost. */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { initialState } from '../../domain/case-state.js';
import { documentModel } from '../../domain/documents.js';
import { PdfTextError, toPdf } from '../../infra/documents/pdf.js';
import { sampleCaseFile } from '../helpers/case-files.js';

async function textOf(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  // Lines wrapped on the page come back as separate lines: compared as running text.
  return text.replace(/\s+/g, ' ');
}

const state = () =>
  initialState(
    'BR-PDF-1',
    sampleCaseFile({
      letter: { summary: 'Your voice recordings were sent to another customer by mistake.' },
    }),
    '2026-11-21T10:00:00Z',
  );

describe('the PDF', () => {
  it('holds the text of the notice, in German with its umlauts, and the same bytes every time', async () => {
    const model = documentModel(state(), { kind: 'authority-notice', dated: '2026-11-21T11:00:00Z' });
    const bytes = await toPdf(model);
    const text = await textOf(bytes);
    expect(text).toContain('Meldung einer Verletzung des Schutzes personenbezogener Daten');
    expect(text).toContain('Aufsichtsbehörde');
    expect(text).toContain('21.11.2026 12:00 Europe/Berlin (11:00 UTC)');
    expect(Buffer.from(await toPdf(model)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('holds the letter over more than one page when it is long', async () => {
    const long = state();
    long.caseFile = {
      ...long.caseFile,
      letter: { summary: 'A long account. '.repeat(400), advice: [] },
    };
    const bytes = await toPdf(documentModel(long, { kind: 'subjects-letter', language: 'en' }));
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBeGreaterThan(1);
    expect(await textOf(bytes)).toContain('You have the right to lodge a complaint');
  });

  it('refuses text its fonts cannot write rather than change it', async () => {
    const polish = state();
    polish.caseFile = {
      ...polish.caseFile,
      controller: { ...polish.caseFile.controller, name: 'Łódź Sp. z o.o.' },
    };
    await expect(toPdf(documentModel(polish, { kind: 'authority-notice' }))).rejects.toThrow(PdfTextError);
  });
});
